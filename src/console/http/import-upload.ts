import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { ImportQuery } from '../../imports/dto/import.dto';
import type { ConsoleRequest } from './console-request';
import { checked, text, validateAs } from './form-fields';
import { readMultipartForm } from './multipart-form';

/** The uploaded workbook as the import services take it. */
export interface ImportFile {
  filename: string;
  mimetype: string;
  buffer: Buffer;
}

/**
 * An import page's form (one CSV/XLSX file, the mode, dry run), read and held to the API's
 * import query — for the firm directory and the project list alike. `values` is what the form
 * shows again, and holds what was chosen even when reading or checking then fails.
 */
export class ImportUpload {
  values: { mode: string; dryRun?: boolean } = { mode: 'all-or-nothing' };

  async read(request: ConsoleRequest, maxBytes: number): Promise<{ options: ImportQuery; file: ImportFile }> {
    if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'The import form is sent as multipart/form-data');
    const form = await readMultipartForm(request, { fileSize: maxBytes, files: 1 });
    this.values = { mode: text(form.fields, 'mode') ?? 'all-or-nothing', dryRun: checked(form.fields, 'dryRun') };
    const options = await validateAs(ImportQuery, this.values);
    const file = form.files[0];
    if (!file) throw AppError.badRequest('Choose a CSV or XLSX file', [{ field: 'file', message: 'required' }]);
    return { options, file: { filename: file.filename, mimetype: file.mimetype, buffer: file.buffer } };
  }
}
