import type { AuthUser } from '../../common/auth/auth-user';
import { AppError, type FieldError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { ListEnterprisesQuery } from '../../enterprises/dto/enterprise.dto';
import type { EnterprisesService } from '../../enterprises/enterprises.service';
import type { FormBody } from '../http/form-fields';

export const FIRM_NOT_FOUND = '未找到该企业，或该企业不在您的管辖范围内，请从搜索结果中选择';
export const FIRM_AMBIGUOUS = '有多家企业与输入相符，请从搜索结果中选择，或输入完整的统一社会信用代码';

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

/** The text field the firm picker shows beside the hidden id (views/pickers.njk `firmPicker`). */
export function firmSearchField(name: string): string {
  return `${name}Search`;
}

export interface FirmField {
  /** The firm's id, when one was named and the caller may see it. */
  id?: number;
  /** Why the field was refused, for validatePicked; null when it is fine (or left blank). */
  problem: FieldError | null;
}

/**
 * The firm a form's firm picker names, checked against what the caller may see. The script puts
 * the chosen firm's id in `name`; without the script (or when someone typed and never picked)
 * the typed text is looked up the same way the picker searches, and must name exactly one firm.
 * An id the caller cannot see is refused like a wrong one, at the field, never as a 404 page.
 */
export async function readFirmField(
  enterprises: EnterprisesService,
  user: AuthUser,
  body: FormBody,
  name = 'enterpriseId',
): Promise<FirmField> {
  const id = first(body[name]);
  const typed = first(body[firmSearchField(name)]);
  const refused = (message: string): FirmField => ({ problem: { field: name, message } });
  if (id) {
    if (!/^\d{1,12}$/.test(id)) return refused(FIRM_NOT_FOUND);
    try {
      return { id: (await enterprises.get(user, Number(id))).id, problem: null };
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.NotFound) return refused(FIRM_NOT_FOUND);
      throw error;
    }
  }
  if (!typed) return { problem: null };
  const query = Object.assign(new ListEnterprisesQuery(), { q: typed.slice(0, 100), active: true, page: 1, pageSize: 2 });
  const page = await enterprises.list(user, query);
  const exact = page.items.find((f) => f.name === typed || f.creditCode === typed.toUpperCase());
  if (exact) return { id: exact.id, problem: null };
  if (page.total === 1) return { id: page.items[0].id, problem: null };
  return refused(page.total === 0 ? FIRM_NOT_FOUND : FIRM_AMBIGUOUS);
}
