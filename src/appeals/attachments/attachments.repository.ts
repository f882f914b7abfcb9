import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface NewAttachment {
  appealId: number;
  /** The number the 'attach' event will have in the appeal's history. */
  eventSeq: number;
  uploadedBy: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  createdAt: Date;
}

export interface StoredAttachment {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
}

/** The appeal_attachments rows: what was uploaded to an appeal and where the file lies. */
@Injectable()
export class AppealAttachmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, a: NewAttachment): Promise<number> {
    const result: { insertId: number } = await m.query(
      `INSERT INTO appeal_attachments (appeal_id, event_seq, uploaded_by, file_name, content_type, size_bytes, sha256, storage_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.appealId, a.eventSeq, a.uploadedBy, a.fileName, a.contentType, a.sizeBytes, a.sha256, a.storageKey, a.createdAt],
    );
    return Number(result.insertId);
  }

  async find(appealId: number, attachmentId: number): Promise<StoredAttachment | null> {
    const [row]: Array<{ file_name: string; content_type: string; size_bytes: number; storage_key: string }> = await this.db.query(
      'SELECT file_name, content_type, size_bytes, storage_key FROM appeal_attachments WHERE id = ? AND appeal_id = ?',
      [attachmentId, appealId],
    );
    return row ? { fileName: row.file_name, contentType: row.content_type, sizeBytes: Number(row.size_bytes), storageKey: row.storage_key } : null;
  }
}
