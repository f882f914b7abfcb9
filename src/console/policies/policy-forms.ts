import { FIRM_FACTS } from '../../policies/domain/policy-vocabulary';
import { decimal, integer, text, texts, type FormBody } from '../http/form-fields';

/** A number field of the rules editor: blank is "no bound", anything else is passed on for validation to name. */
function bound(body: FormBody, key: string): number | string | null {
  return decimal(body, key) ?? null;
}

/** Codes and park names typed one per line or separated by commas / 、, or chosen in a multiple list (repeated keys). */
function list(body: FormBody, key: string): string[] {
  return texts(body, key)
    .flatMap((v) => v.split(/[\n,，、;；]+/))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The region codes the rules editor's picker shows as chosen: a list, whether they came as typed text or chosen. */
export function chosenRegionCodes(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  return list({ regionCodes: typeof value === 'string' ? value : undefined }, 'regionCodes');
}

/** The rules editor's fields as the API's rules object (validated by the same DTO and domain validator). */
export function rulesFromForm(body: FormBody) {
  return {
    regionCodes: list(body, 'regionCodes'),
    industries: texts(body, 'industries'),
    scales: texts(body, 'scales'),
    tagsAny: texts(body, 'tagsAny'),
    tagsAll: texts(body, 'tagsAll'),
    parks: list(body, 'parks'),
    facts: FIRM_FACTS.flatMap((fact) => {
      const min = bound(body, `${fact}Min`);
      const max = bound(body, `${fact}Max`);
      return min === null && max === null ? [] : [{ fact, min, max }];
    }),
  };
}

/** The policy form's fields as the API's create/update body. */
export function policyFromForm(body: FormBody) {
  return {
    title: text(body, 'title'),
    issuingBody: text(body, 'issuingBody'),
    documentNumber: text(body, 'documentNumber') ?? null,
    regionCode: text(body, 'regionCode'),
    validFrom: text(body, 'validFrom'),
    validUntil: text(body, 'validUntil') ?? null,
    summary: text(body, 'summary'),
    fullText: text(body, 'fullText') ?? null,
    attachmentUrl: text(body, 'attachmentUrl') ?? null,
    departmentId: integer(body, 'departmentId'),
    obtainMode: text(body, 'obtainMode'),
    rules: rulesFromForm(body),
  };
}

const RULE_FIELDS: Record<string, string> = {
  regionCodes: '适用地区',
  industries: '产业',
  scales: '规模',
  tagsAny: '标签（具备其一）',
  tagsAll: '标签（全部具备）',
  parks: '园区',
  facts: '企业指标',
};

/** A rule's field as the editor names it (rules.regionCodes[1] → 适用地区第 2 项), for the error list. */
export function ruleFieldLabel(field: string): string {
  const match = /^rules\.(\w+)(?:\[(\d+)\])?/.exec(field);
  if (!match || !RULE_FIELDS[match[1]]) return field;
  return match[2] === undefined ? RULE_FIELDS[match[1]] : `${RULE_FIELDS[match[1]]}第 ${Number(match[2]) + 1} 项`;
}
