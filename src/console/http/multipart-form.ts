import type { Multipart } from '@fastify/multipart';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { tokensMatch } from '../session/console-session.service';
import type { ConsoleRequest } from './console-request';

export interface UploadedPart {
  fieldName: string;
  filename: string;
  mimetype: string;
  buffer: Buffer;
}

export interface MultipartFormData {
  fields: Record<string, string | string[]>;
  files: UploadedPart[];
}

/** Room for the text fields and the multipart framing beside the files themselves. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

function tooLarge(limits: { fileSize: number }): AppError {
  return new AppError(ErrorCode.PayloadTooLarge, `A file is larger than ${(limits.fileSize / 1024 / 1024).toFixed(1)} MiB`, [
    { field: 'file', message: `at most ${limits.fileSize} bytes` },
  ]);
}

/**
 * Reads a console multipart form. Unless the guard already checked an X-CSRF-Token header, the
 * first part must be the `_csrf` field (the forms put it first): no file of a forged request is
 * read into memory. Empty file inputs (nothing chosen) are skipped. A body whose declared length
 * cannot fit the limits is refused before any of it is read; a file over the limit stops the
 * reading there. Either way `fields` (when given) holds the text fields read so far — the forms
 * put their files last — so the page can show the form again as it was typed.
 */
export async function readMultipartForm(
  request: ConsoleRequest,
  limits: { fileSize: number; files: number },
  fields: Record<string, string | string[]> = {},
): Promise<MultipartFormData> {
  const session = request.consoleSession;
  if (!session) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to the console first');
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limits.fileSize * limits.files + FORM_OVERHEAD_BYTES) throw tooLarge(limits);
  let verified = request.csrfVerified === true;
  const files: UploadedPart[] = [];
  try {
    for await (const part of request.parts({ limits: { ...limits, fields: 50 } }) as AsyncIterableIterator<Multipart>) {
      if (!verified) {
        if (part.type !== 'field' || part.fieldname !== '_csrf' || !tokensMatch(session.csrfToken, part.value)) {
          throw new AppError(
            ErrorCode.CsrfRejected,
            'The form token is missing or does not match this session; reload the page and try again',
          );
        }
        verified = true;
        continue;
      }
      if (part.type === 'field') {
        const value = String(part.value ?? '');
        const existing = fields[part.fieldname];
        fields[part.fieldname] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
      } else {
        const buffer = await part.toBuffer();
        if (!part.filename && buffer.length === 0) continue;
        files.push({ fieldName: part.fieldname, filename: part.filename, mimetype: part.mimetype, buffer });
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limits);
    if (code === 'FST_FILES_LIMIT') {
      throw AppError.badRequest(`At most ${limits.files} files per form`, [{ field: 'file', message: `at most ${limits.files} files` }]);
    }
    throw error;
  }
  if (!verified) throw new AppError(ErrorCode.CsrfRejected, 'The form token is missing; reload the page and try again');
  return { fields, files };
}
