import { assertNever } from '../../common/domain/assert-never';
import type { ErrorBody } from '../../common/errors/error-body';
import { ErrorCode } from '../../common/errors/error-code';
import { label } from './labels';
import { translateMessage } from './validation-messages';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordProblem } from '../../users/domain/password-policy';

export interface ErrorDescription {
  title: string;
  message: string;
  /** Every problem as a line (row number first for imports), in Chinese where the catalogue knows it. */
  details: string[];
  /** The first problem of each form field (top-level name), to show next to that field. */
  fields: Record<string, string>;
  /** The same problems with their field, for a summary that leaves out those shown at a field. */
  lines: Array<{ field: string; text: string }>;
}

/** The Chinese headline for each stable error code; the English message stays in the log and the details. */
export function errorTitle(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.BadRequest:
      return '提交的内容有误，请检查后重试';
    case ErrorCode.Unauthenticated:
    case ErrorCode.TokenExpired:
    case ErrorCode.TokenReused:
      return '登录已失效，请重新登录';
    case ErrorCode.InvalidCredentials:
      return '用户名或密码错误';
    case ErrorCode.Forbidden:
      return '您没有权限执行此操作或访问此页面';
    case ErrorCode.CsrfRejected:
      return '页面已过期或请求来源无法验证，请刷新页面后重试';
    case ErrorCode.NotFound:
      return '页面不存在，或不在您的查看范围内';
    case ErrorCode.Conflict:
      return '操作与现有数据冲突';
    case ErrorCode.VersionConflict:
    case ErrorCode.PreconditionFailed:
      return '已被他人修改，请刷新后重试';
    case ErrorCode.PreconditionRequired:
      return '缺少版本信息，请刷新页面后重试';
    case ErrorCode.IllegalTransition:
      return '当前状态下不能执行该操作，请刷新查看最新状态';
    case ErrorCode.PayloadTooLarge:
      return '文件过大';
    case ErrorCode.UnsupportedMediaType:
      return '不支持的文件类型';
    case ErrorCode.Unprocessable:
      return '数据无法处理';
    case ErrorCode.CalendarNotCovered:
      return '工作日历尚未覆盖所需日期，请联系系统管理员补充节假日安排';
    case ErrorCode.TooManyAttempts:
      return '尝试次数过多，请稍后再试';
    case ErrorCode.RateLimited:
      return '请求过于频繁，请稍后再试';
    case ErrorCode.HeadersTooLarge:
      return '请求头过大，请清除本站 Cookie 后重试';
    case ErrorCode.RequestTimeout:
      return '请求超时，请重试';
    case ErrorCode.UriTooLong:
      return '链接过长，请检查地址后重试';
    case ErrorCode.ServiceUnavailable:
      return '服务暂不可用，请稍后再试';
    case ErrorCode.DatabaseUnavailable:
      return '数据库暂时无法连接，系统正在恢复，请稍后刷新重试';
    case ErrorCode.DatabaseBusy:
      return '该记录正被他人同时处理，本次未做任何修改，请稍后重试';
    case ErrorCode.ShuttingDown:
      return '系统正在重启，请稍后刷新重试';
    case ErrorCode.Internal:
      return '系统出现异常，请稍后重试';
    default:
      return assertNever(code, 'error code');
  }
}

const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
  too_long: `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`,
  contains_username: '密码不能包含用户名',
  too_guessable: '密码太容易被猜到（常见密码、单词、姓名、日期或键盘上相邻的按键），请改用由几个不相关的词组成的较长短语',
};

/** The password policy's problems (users/domain/password-policy.ts), in Chinese for the console. */
export function passwordProblemTexts(problems: readonly PasswordProblem[]): string[] {
  return problems.map((p) => PASSWORD_PROBLEM_TEXT[p] ?? p);
}

export function describeError(body: ErrorBody): ErrorDescription {
  const code = body.code as ErrorCode;
  const passwordProblems = body.context?.passwordProblems as PasswordProblem[] | undefined;
  if (passwordProblems?.length) {
    const texts = passwordProblemTexts(passwordProblems);
    return {
      title: '新密码不符合要求',
      message: body.message,
      details: texts,
      fields: { newPassword: texts[0] },
      lines: texts.map((text) => ({ field: 'newPassword', text })),
    };
  }
  const fields: Record<string, string> = {};
  const lines: Array<{ field: string; text: string }> = [];
  const details = (body.details ?? []).map((d) => {
    const text = fieldProblemText(d.field, d.message);
    const key = d.field.split('.')[0];
    if (!d.row && fields[key] === undefined) fields[key] = text;
    const line = `${d.row ? `第 ${d.row} 行 · ` : ''}${text}`;
    lines.push({ field: d.row ? '' : key, text: line });
    return line;
  });
  const message = body.errorId
    ? `错误编号 ${body.errorId}，如需报告问题请提供此编号。`
    : (translateMessage(body.message) ?? (details.length ? '' : body.message));
  return { title: errorTitle(code), message, details, fields, lines };
}

/** One problem in Chinese: the catalogue's sentence, or the field's name and the API's words when it has none. */
export function fieldProblemText(field: string, message: string): string {
  const known = translateMessage(message);
  if (known) return known;
  return `${label('field', field)}：${message}`;
}
