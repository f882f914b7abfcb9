import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { actorFor, toSnapshot } from '../appeal-mapping';
import { AppealsRepository } from '../appeals.repository';
import { canReadAppeal } from '../domain';
import { AttachmentDto } from '../dto/appeal-read.dto';
import { AppealEventsRepository } from '../events/appeal-events.repository';
import { attachmentType } from './attachment-types';

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly appeals: AppealsRepository,
    private readonly events: AppealEventsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores the file under UPLOAD_DIR with a random name (never the client's), then records it and
   * an 'attach' event in one transaction; a failed transaction removes the file again.
   */
  async upload(user: AuthUser, appealId: number, file: MultipartFile | undefined): Promise<AttachmentDto> {
    // An appeal the caller may not read is a 404 before anything about the file is judged or stored.
    if (!(await this.appeals.regionAndLevelForCheck(user, appealId))) throw AppError.notFound('Appeal', appealId);
    if (!file) throw AppError.badRequest('Send the file as multipart/form-data in the field "file"', [{ field: 'file', message: 'required' }]);
    const buffer = await file.toBuffer().catch((error: { code?: string }) => {
      if (error?.code === 'FST_REQ_FILE_TOO_LARGE') return null;
      throw error;
    });
    if (!buffer || buffer.length > this.config.UPLOAD_MAX_BYTES) {
      throw new AppError(ErrorCode.PayloadTooLarge, `Attachments may be at most ${Math.floor(this.config.UPLOAD_MAX_BYTES / 1024 / 1024)} MB`);
    }
    if (buffer.length === 0) throw AppError.badRequest('The file is empty', [{ field: 'file', message: 'empty file' }]);
    const type = attachmentType(file.filename, buffer.subarray(0, 8));
    if ('error' in type) throw new AppError(ErrorCode.UnsupportedMediaType, type.error);
    if (user.role === 'admin' || user.role === 'supervisor') throw AppError.forbidden('Attachments come from the enterprise, its officer or the handling department');

    const storageKey = `${this.clock.now().toISOString().slice(0, 7)}/${randomUUID()}`;
    const path = this.pathOf(storageKey);
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(path, buffer);
    try {
      return await this.appeals.transaction(async (m) => {
        const now = this.clock.now();
        const row = await this.appeals.lockReadable(m, user, appealId);
        if (!row) throw AppError.notFound('Appeal', appealId);
        const co = (await this.appeals.coDepartments(m, appealId)).map((d) => d.id);
        if (!canReadAppeal(toSnapshot(row, co), actorFor(user, row))) throw AppError.notFound('Appeal', appealId);
        const sha256 = createHash('sha256').update(buffer).digest('hex');
        const fileName = file.filename.replace(/[\\/\r\n]/g, '_').slice(0, 255);
        const result: { insertId: number } = await m.query(
          `INSERT INTO appeal_attachments (appeal_id, event_seq, uploaded_by, file_name, content_type, size_bytes, sha256, storage_key, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [appealId, Number(row.event_count) + 1, user.id, fileName, type.contentType, buffer.length, sha256, storageKey, now],
        );
        await this.events.appendEvents(
          m,
          [
            {
              appealId,
              action: 'attach',
              actorId: user.id,
              actorRole: user.role,
              fromStatus: row.status,
              toStatus: row.status,
              payload: { attachmentId: Number(result.insertId), fileName, sizeBytes: buffer.length, sha256 },
              createdAt: now,
            },
          ],
          { bumpVersion: true, lock: false },
        );
        return { id: Number(result.insertId), fileName, contentType: type.contentType, sizeBytes: buffer.length, sha256, uploadedBy: user.id, createdAt: now };
      });
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  /** Streams a file to someone who may read the appeal; anyone else gets 404. */
  async open(user: AuthUser, appealId: number, attachmentId: number): Promise<{ stream: ReadStream; fileName: string; contentType: string; size: number }> {
    const row = await this.appeals.findReadable(user, appealId);
    if (!row) throw AppError.notFound('Appeal', appealId);
    const [attachment]: Array<{ file_name: string; content_type: string; size_bytes: number; storage_key: string }> = await this.appeals.manager.query(
      'SELECT file_name, content_type, size_bytes, storage_key FROM appeal_attachments WHERE id = ? AND appeal_id = ?',
      [attachmentId, appealId],
    );
    if (!attachment) throw AppError.notFound('Attachment', attachmentId);
    return {
      stream: createReadStream(this.pathOf(attachment.storage_key)),
      fileName: attachment.file_name,
      contentType: attachment.content_type,
      size: Number(attachment.size_bytes),
    };
  }

  private pathOf(storageKey: string): string {
    return join(resolve(this.config.UPLOAD_DIR), storageKey);
  }
}
