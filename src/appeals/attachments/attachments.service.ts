import { Injectable } from '@nestjs/common';
import type { ReadStream } from 'node:fs';
import type { MultipartFile } from '@fastify/multipart';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { actorFor, toSnapshot } from '../appeal-mapping';
import { AppealsRepository } from '../appeals.repository';
import { attachRefusal, mayAttachAsRole } from '../domain';
import { AttachmentDto } from '../dto/appeal-read.dto';
import { AppealHistory } from '../events/appeal-history';
import { AttachmentStore } from './attachment-store';
import { AppealAttachmentsRepository } from './attachments.repository';
import { ErrorCode } from '../../common/errors/error-code';
import { UnitOfWork } from '../../common/database/unit-of-work';

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appeals: AppealsRepository,
    private readonly attachments: AppealAttachmentsRepository,
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
    if (!mayAttachAsRole(user.role))
      throw AppError.forbidden('Attachments come from the enterprise, its officer or the handling department');

    const { fileName, contentType, sizeBytes, sha256 } = accepted;
    return this.store.saveRecorded(accepted, (storageKey) =>
      this.uow.transaction(async (m) => {
        const now = this.clock.now();
        const row = await this.appeals.lockReadable(m, user, appealId);
        if (!row) throw AppError.notFound('Appeal', appealId);
        const co = (await this.appeals.coDepartments(m, appealId)).map((d) => d.id);
        // The attach rule reads status and relation, never the co-handler tasks.
        const refusal = attachRefusal(toSnapshot(row, co, 0), actorFor(user, row));
        if (refusal?.error === 'not_found') throw AppError.notFound('Appeal', appealId);
        if (refusal?.error === 'forbidden') throw AppError.forbidden(refusal.message);
        if (refusal) {
          throw new AppError(ErrorCode.IllegalTransition, refusal.message, undefined, {
            action: 'attach',
            status: row.status,
            version: Number(row.version),
          });
        }
        const attachmentId = await this.attachments.insert(m, {
          appealId,
          eventSeq: Number(row.event_count) + 1,
          uploadedBy: user.id,
          fileName,
          contentType,
          sizeBytes,
          sha256,
          storageKey,
          createdAt: now,
        });
        // The upload is public on the timeline, so it moves the version like any change the firm can see.
        await this.history.record(m, 'untouched', [
          {
            appealId,
            action: 'attach',
            actor: { id: user.id, role: user.role },
            fromStatus: row.status,
            toStatus: row.status,
            payload: { attachmentId, fileName, sizeBytes, sha256 },
            visibility: 'public',
            at: now,
          },
        ]);
        return { id: attachmentId, fileName, contentType, sizeBytes, sha256, uploadedBy: user.id, createdAt: now };
      }),
    );
  }

  /** Streams a file to someone who may read the appeal; anyone else gets 404. */
  async open(
    user: AuthUser,
    appealId: number,
    attachmentId: number,
  ): Promise<{ stream: ReadStream; fileName: string; contentType: string; size: number }> {
    const row = await this.appeals.findReadable(user, appealId);
    if (!row) throw AppError.notFound('Appeal', appealId);
    const attachment = await this.attachments.find(appealId, attachmentId);
    if (!attachment) throw AppError.notFound('Attachment', attachmentId);
    return {
      stream: this.store.open(attachment.storageKey),
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      size: attachment.sizeBytes,
    };
  }
}
