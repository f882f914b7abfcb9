import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import type { UploadedFile } from './import-file-reader';

/** Reads the one uploaded file of a multipart request, refusing it past `maxBytes` with 413. */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  if (!request.isMultipart()) {
    throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the file as multipart/form-data, in a field named "file"');
  }
  const tooLarge = () =>
    new AppError(ErrorCode.PayloadTooLarge, `The file is larger than the import limit of ${(maxBytes / 1024 / 1024).toFixed(1)} MiB`, [
      { field: 'file', message: `at most ${maxBytes} bytes` },
    ]);
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!part)
      throw AppError.badRequest('No file was sent; put it in the multipart field "file"', [{ field: 'file', message: 'required' }]);
    const buffer = await part.toBuffer();
    return { filename: part.filename ?? '', mimetype: part.mimetype ?? '', buffer };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
}
