import { Injectable } from '@nestjs/common';
import type { ReadStream } from 'node:fs';
import type { MultipartFile } from '@fastify/multipart';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { actorFor, toSnapshot } from '../appeal-mapping';
import { AppealsRepository } from '../appeals.repository';
import { canReadAppeal } from '../domain';
import { AttachmentDto } from '../dto/appeal-read.dto';
import { AppealHistory } from '../events/appeal-history';
import { AttachmentStore } from './attachment-store';
import { UnitOfWork } from '../../common/database/unit-of-work';

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appeals: AppealsRepository,
    private readonly history: AppealHistory,
    private readonly clock: Clock,
    private readonly store: AttachmentStore,
  ) {}

  /**
   * Stores the file (AttachmentStore: limits, type check, random name under UPLOAD_DIR), then
   * records it and an 'attach' event in one transaction; a failed transaction removes the file again.
   */
  async upload(user: AuthUser, appealId: number, file: MultipartFile | undefined): Promise<AttachmentDto> {
    // An appeal the caller may not read is a 404 before anything about the file is judged or stored.
    if (!(await this.appeals.regionAndLevelForCheck(user, appealId))) throw AppError.notFound('Appeal', appealId);
    const accepted = await this.store.accept(file);
    if (user.role === 'admin' || user.role === 'supervisor')
      throw AppError.forbidden('Attachments come from the enterprise, its officer or the handling department');

    const storageKey = await this.store.save(accepted);
    const { fileName, contentType, sizeBytes, sha256 } = accepted;
    try {
      return await this.uow.transaction(async (m) => {
        const now = this.clock.now();
        const row = await this.appeals.lockReadable(m, user, appealId);
        if (!row) throw AppError.notFound('Appeal', appealId);
        const co = (await this.appeals.coDepartments(m, appealId)).map((d) => d.id);
        if (!canReadAppeal(toSnapshot(row, co), actorFor(user, row))) throw AppError.notFound('Appeal', appealId);
        const result: { insertId: number } = await m.query(
          `INSERT INTO appeal_attachments (appeal_id, event_seq, uploaded_by, file_name, content_type, size_bytes, sha256, storage_key, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [appealId, Number(row.event_count) + 1, user.id, fileName, contentType, sizeBytes, sha256, storageKey, now],
        );
        // The upload is public on the timeline, so it moves the version like any change the firm can see.
        await this.history.record(m, 'untouched', [
          {
            appealId,
            action: 'attach',
            actor: { id: user.id, role: user.role },
            fromStatus: row.status,
            toStatus: row.status,
            payload: { attachmentId: Number(result.insertId), fileName, sizeBytes, sha256 },
            visibility: 'public',
            at: now,
          },
        ]);
        return { id: Number(result.insertId), fileName, contentType, sizeBytes, sha256, uploadedBy: user.id, createdAt: now };
      });
    } catch (error) {
      await this.store.discard(storageKey);
      throw error;
    }
  }

  /** Streams a file to someone who may read the appeal; anyone else gets 404. */
  async open(
    user: AuthUser,
    appealId: number,
    attachmentId: number,
  ): Promise<{ stream: ReadStream; fileName: string; contentType: string; size: number }> {
    const row = await this.appeals.findReadable(user, appealId);
    if (!row) throw AppError.notFound('Appeal', appealId);
    const [attachment]: Array<{ file_name: string; content_type: string; size_bytes: number; storage_key: string }> =
      await this.appeals.manager.query(
        'SELECT file_name, content_type, size_bytes, storage_key FROM appeal_attachments WHERE id = ? AND appeal_id = ?',
        [attachmentId, appealId],
      );
    if (!attachment) throw AppError.notFound('Attachment', attachmentId);
    return {
      stream: this.store.open(attachment.storage_key),
      fileName: attachment.file_name,
      contentType: attachment.content_type,
      size: Number(attachment.size_bytes),
    };
  }
}
