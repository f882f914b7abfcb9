import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { attachmentType } from './attachment-types';

/** An upload that passed the size and type checks, not yet stored. */
export interface AcceptedFile {
  buffer: Buffer;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * The one attachment machinery (appeals, project stage evidence): the upload limit, the type
 * check by extension and first bytes, storage under UPLOAD_DIR with a random name (never the
 * client's) and reading back. Who may upload or read is the caller's rule, decided before.
 */
@Injectable()
export class AttachmentStore {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reads the multipart file and judges it: 400 missing/empty, 413 too large, 415 wrong type. */
  async accept(file: MultipartFile | undefined): Promise<AcceptedFile> {
    if (!file)
      throw AppError.badRequest('Send the file as multipart/form-data in the field "file"', [{ field: 'file', message: 'required' }]);
    const buffer = await file.toBuffer().catch((error: { code?: string }) => {
      if (error?.code === 'FST_REQ_FILE_TOO_LARGE') return null;
      throw error;
    });
    if (!buffer) throw this.tooLarge();
    return this.acceptBuffer(file.filename, buffer);
  }

  /** The same checks for a file already read (a console form's part). */
  acceptBuffer(fileName: string, buffer: Buffer): AcceptedFile {
    if (buffer.length > this.config.UPLOAD_MAX_BYTES) throw this.tooLarge();
    if (buffer.length === 0) throw AppError.badRequest('The file is empty', [{ field: 'file', message: 'empty file' }]);
    const type = attachmentType(fileName, buffer.subarray(0, 8));
    if ('error' in type) throw new AppError(ErrorCode.UnsupportedMediaType, type.error, [{ field: 'file', message: type.error }]);
    return {
      buffer,
      fileName: fileName.replace(/[\\/\r\n]/g, '_').slice(0, 255),
      contentType: type.contentType,
      sizeBytes: buffer.length,
      sha256: createHash('sha256').update(buffer).digest('hex'),
    };
  }

  private tooLarge(): AppError {
    return new AppError(
      ErrorCode.PayloadTooLarge,
      `Attachments may be at most ${Math.floor(this.config.UPLOAD_MAX_BYTES / 1024 / 1024)} MB`,
      [{ field: 'file', message: `at most ${this.config.UPLOAD_MAX_BYTES} bytes` }],
    );
  }

  /** Writes the file and returns its storage key; pair with discard() when the recording transaction fails. */
  async save(file: AcceptedFile): Promise<string> {
    const storageKey = `${this.clock.now().toISOString().slice(0, 7)}/${randomUUID()}`;
    const path = this.pathOf(storageKey);
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(path, file.buffer);
    return storageKey;
  }

  /**
   * Writes the file, then runs `record` (the transaction that records it) with its storage key.
   * If recording fails the file is removed again: no stored file is left that nothing refers to.
   */
  async saveRecorded<T>(file: AcceptedFile, record: (storageKey: string) => Promise<T>): Promise<T> {
    const storageKey = await this.save(file);
    try {
      return await record(storageKey);
    } catch (error) {
      await this.discard(storageKey);
      throw error;
    }
  }

  async discard(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  open(storageKey: string): ReadStream {
    return createReadStream(this.pathOf(storageKey));
  }

  private pathOf(storageKey: string): string {
    return join(resolve(this.config.UPLOAD_DIR), storageKey);
  }
}
