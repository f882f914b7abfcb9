import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { CLIENT_SCOPES, type ClientScope } from '../../integrations/clients/client-scopes';
import { CLIENT_ROLES, DEFAULT_OVERLAP_SECONDS } from '../../integrations/clients/dto/client.dto';
import type { ConsoleRenderer } from '../http/console-renderer';
import { describeError, type ErrorDescription } from '../shared/error-messages';
import { ACTION_LABELS } from '../shared/labels';
import type { Refusal } from './admin-form';

/** What each scope lets the other system do, in the words of the console. */
export const SCOPE_TEXT: Record<ClientScope, string> = {
  'appeals:read': '读取辖区内的诉求（列表、详情、按对方编号查询、附件）',
  'appeals:write': '提交诉求，并执行其角色允许的办理操作',
  'appeals:submit': '代辖区内任一企业提交诉求（12345 热线等转办来源；仅限专员角色）',
  'appeals:internal': '在变更订阅和事件推送中也接收内部事件（工作备注）',
  'events:read': '读取变更订阅（GET /api/events）',
  'webhooks:manage': '自行管理本客户端的事件推送订阅',
};

export const SCOPE_CHOICES = CLIENT_SCOPES.map((scope) => ({ value: scope, text: SCOPE_TEXT[scope] }));
export const CLIENT_ROLE_CHOICES = CLIENT_ROLES;

/** How long the current secrets keep working beside a new one (the API's overlapSeconds). */
export const OVERLAP_CHOICES = [
  { value: 0, text: '立即停用旧密钥' },
  { value: 3600, text: '1 小时' },
  { value: DEFAULT_OVERLAP_SECONDS, text: '24 小时（默认）' },
  { value: 7 * 86_400, text: '7 天' },
];

/** The overlap chosen, in words: a choice's text, or the seconds the API was given otherwise. */
export function overlapText(overlapSeconds: number | undefined): string {
  const seconds = overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
  return OVERLAP_CHOICES.find((c) => c.value === seconds)?.text ?? `${overlapSeconds} 秒`;
}

/** What admin/secret-once shows: a new client secret (with how to get a token) or a subscription's signing secret. */
export type SecretOnceView = { title: string; secret: string; back: string } & (
  | { kind: 'client'; clientId: string; tokenPath: string; scopes: string }
  | { kind: 'webhook'; url: string | null }
) & { rotated?: true; overlapText?: string };

/** A new secret's page, the only time it is shown (201: something was created). */
export async function showSecretOnce(pages: ConsoleRenderer, reply: FastifyReply, view: SecretOnceView): Promise<void> {
  await pages.page(reply, 'admin/secret-once', view, 201);
}

/** The refusal of a dangerous change whose confirmation box was left unticked, shown at the box. */
export function unconfirmed(title: string, text: string): Refusal {
  return { error: { title, message: '', details: [text], fields: { confirm: text }, lines: [{ field: 'confirm', text }] } };
}

/** Timeline actions that are not case work, never worth a subscription of their own. */
const NOT_SUBSCRIBABLE = new Set(['demo_stage_deadline']);

/** The event types a subscription can name: everything, every appeal event, or one action. */
export const EVENT_TYPE_CHOICES = [
  { value: '*', text: '全部事件' },
  { value: 'appeal.*', text: '全部诉求事件' },
  ...Object.entries(ACTION_LABELS)
    .filter(([action]) => !NOT_SUBSCRIBABLE.has(action))
    .map(([action, text]) => ({ value: `appeal.${action}`, text })),
];

export const CLIENT_AUDIT_TEXT: Record<string, string> = {
  create: '注册',
  update: '修改名称或权限',
  rotate_secret: '轮换密钥',
  revoke_secret: '吊销单个密钥',
  revoke: '吊销客户端',
};

export const SECRET_STATE_TEXT: Record<string, string> = {
  active: '有效',
  expiring: '过渡期内有效',
  expired: '已过期',
  revoked: '已吊销',
};

export const DELIVERY_STATUS_TEXT: Record<string, string> = {
  pending: '待投递',
  sent: '已送达',
  dead: '已放弃',
  in_flight: '投递中',
  delivered: '已送达',
  failed: '失败',
  abandoned: '已放弃',
};

/** Refusals without field details that belong to one field of the form. */
const CONFLICT_FIELDS: Array<[RegExp, string, string]> = [
  [/^A client with the source /, 'source', '该来源标识已被其他客户端使用，请换一个'],
];

/**
 * A refused form in Chinese (shared/error-messages.ts), with the refusals the services raise
 * without field details attached to their field, so the page shows each next to its input.
 */
export function integrationFormError(error: AppError): ErrorDescription {
  const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
  if (error.code === ErrorCode.Conflict) {
    const hit = CONFLICT_FIELDS.find(([re]) => re.test(error.message));
    if (hit) {
      described.fields[hit[1]] = hit[2];
      described.lines.push({ field: hit[1], text: hit[2] });
    }
  }
  return described;
}

/** True when the error is the form's to show again (not a missing page, a fault or an expired session). */
export function isIntegrationFormMistake(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    [ErrorCode.ValidationFailed, ErrorCode.BadRequest, ErrorCode.Conflict, ErrorCode.Forbidden].includes(error.code)
  );
}

/** The status a refused form answers with: the API's own for the same refusal. */
export function formStatusOf(error: AppError): number {
  if (error.code === ErrorCode.Conflict) return 409;
  if (error.code === ErrorCode.Forbidden) return 403;
  return 400;
}

/**
 * Runs a form's change; a refusal the person can put right comes back through `again` with its
 * Chinese description and the API's own status (the form shown again, what was typed kept),
 * anything else propagates to the error page.
 */
export async function attemptIntegrationForm(work: () => Promise<void>, again: (refused: Refusal) => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isIntegrationFormMistake(error)) throw error;
    await again({ error: integrationFormError(error), status: formStatusOf(error) });
  }
}
