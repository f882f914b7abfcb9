import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { AuthUser } from '../../common/auth/auth-user';
import {
  CancelVisitDto,
  LogPlannedVisitDto,
  MergeVisitsDto,
  ProposeVisitDateDto,
  ReplanVisitDto,
  VisitReasonDto,
  VisitVersionDto,
} from '../../visits/dto/visit-plan.dto';
import type { VisitPlansService } from '../../visits/visit-plans.service';
import type { ConsoleRenderer } from '../http/console-renderer';
import { checked, integer, text, validateAs, yesNo, type FormBody } from '../http/form-fields';
import { describeError } from '../shared/error-messages';
import { budgetWarningZh, visitMessageZh } from './visit-labels';

/** The console's form actions on a visit page, by their path segment. */
export const VISIT_FORM_ACTIONS = [
  'accept',
  'propose-date',
  'decline',
  'accept-proposal',
  'replan',
  'cancel',
  'log',
  'confirm',
  'dispute',
  'merge',
] as const;
export type VisitFormAction = (typeof VISIT_FORM_ACTIONS)[number];

const DONE: Record<VisitFormAction, string> = {
  accept: '已接受走访安排，专员会按约定时间到访',
  'propose-date': '已提议新的走访日期，等待对方确认',
  decline: '已谢绝本次走访，理由已告知对方',
  'accept-proposal': '已同意企业提议的日期',
  replan: '已重新安排走访日期，等待企业确认',
  cancel: '走访已取消，已通知企业',
  log: '走访结果已记录，等待企业确认属实',
  confirm: '已确认该走访属实',
  dispute: '异议已提交，该走访不计入覆盖',
  merge: '已合并为一次联合走访，等待企业确认',
};

/**
 * Runs one form action through the API's DTO and service, then back to `back` with a Chinese
 * flash: done, or what was refused (the service's English refusal in Chinese). A 404 is the error page.
 */
export async function runVisitForm(
  plans: VisitPlansService,
  pages: ConsoleRenderer,
  reply: FastifyReply,
  user: AuthUser,
  id: number,
  action: VisitFormAction,
  body: FormBody,
  back: string,
): Promise<void> {
  try {
    const warning = await perform(plans, user, id, action, body);
    if (warning) await pages.redirect(reply, back, { kind: 'error', text: '未重新安排：超出每月走访上限', details: [warning] });
    else await pages.redirect(reply, back, { kind: 'success', text: DONE[action] });
  } catch (error) {
    if (!(error instanceof AppError) || error.code === ErrorCode.NotFound || error.code === ErrorCode.Internal) throw error;
    await pages.redirect(reply, back, {
      kind: 'error',
      text: `操作未完成：${describeError({ statusCode: 400, code: error.code, message: error.message }).title}`,
      details: visitErrorLines(error),
    });
  }
}

/** A refusal's lines in Chinese: each field's problem, or the service's message. */
export function visitErrorLines(error: AppError): string[] {
  if (error.details?.length) {
    const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
    return error.details.map((d, i) => visitMessageZh(d.message) ?? described.details[i]);
  }
  const zh = visitMessageZh(error.message);
  return zh ? [zh] : [];
}

/** The step itself; returns a warning (not stored) when a replan would exceed the budget unconfirmed. */
async function perform(
  plans: VisitPlansService,
  user: AuthUser,
  id: number,
  action: VisitFormAction,
  body: FormBody,
): Promise<string | null> {
  const version = integer(body, 'version');
  switch (action) {
    case 'accept':
      await plans.act(user, id, { action: 'accept' }, (await validateAs(VisitVersionDto, { version })).version);
      return null;
    case 'confirm':
      await plans.act(user, id, { action: 'confirm' }, (await validateAs(VisitVersionDto, { version })).version);
      return null;
    case 'accept-proposal':
      await plans.act(user, id, { action: 'accept_proposal' }, (await validateAs(VisitVersionDto, { version })).version);
      return null;
    case 'propose-date': {
      const dto = await validateAs(ProposeVisitDateDto, { version, proposedDate: text(body, 'proposedDate'), note: text(body, 'note') });
      await plans.act(user, id, { action: 'propose_date', proposedDate: dto.proposedDate, note: dto.note ?? null }, dto.version);
      return null;
    }
    case 'decline':
    case 'dispute': {
      const dto = await validateAs(VisitReasonDto, { version, reason: text(body, 'reason') });
      await plans.act(user, id, { action, reason: dto.reason }, dto.version);
      return null;
    }
    case 'cancel': {
      const dto = await validateAs(CancelVisitDto, { version, reason: text(body, 'reason') });
      await plans.act(user, id, { action: 'cancel', reason: dto.reason ?? null }, dto.version);
      return null;
    }
    case 'log': {
      const dto = await validateAs(LogPlannedVisitDto, {
        version,
        visitDate: text(body, 'visitDate'),
        form: text(body, 'form'),
        participants: text(body, 'participants'),
        notes: text(body, 'notes'),
        problemsFound: yesNo(body, 'problemsFound') ?? false,
      });
      await plans.act(user, id, { action: 'log', visitDate: dto.visitDate }, dto.version, dto);
      return null;
    }
    case 'replan': {
      const dto = await validateAs(ReplanVisitDto, {
        version,
        visitDate: text(body, 'visitDate'),
        overBudgetConfirmed: checked(body, 'overBudgetConfirmed'),
      });
      const result = await plans.replan(user, id, dto.visitDate, dto.version, dto.overBudgetConfirmed === true);
      return result.planned ? null : budgetWarningZh(result.budget);
    }
    case 'merge': {
      const dto = await validateAs(MergeVisitsDto, {
        version,
        otherVisitId: integer(body, 'otherVisitId'),
        otherVersion: integer(body, 'otherVersion'),
        visitDate: text(body, 'visitDate'),
      });
      await plans.merge(user, id, dto);
      return null;
    }
  }
}
