import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AcceptedFile } from '../../appeals/attachments/attachment-store';
import type { ProjectAttachmentDto } from '../dto/project-attachment.dto';

/** project_attachments: the files kept as a project's evidence. Callers check visibility first. */
@Injectable()
export class ProjectAttachmentsRepository {
  async insert(
    m: EntityManager,
    a: { projectId: number; eventSeq: number; uploadedBy: number; file: AcceptedFile; storageKey: string; now: Date },
  ): Promise<number> {
    const result: { insertId: number } = await m.query(
      `INSERT INTO project_attachments (project_id, event_seq, uploaded_by, file_name, content_type, size_bytes, sha256, storage_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.projectId, a.eventSeq, a.uploadedBy, a.file.fileName, a.file.contentType, a.file.sizeBytes, a.file.sha256, a.storageKey, a.now],
    );
    return Number(result.insertId);
  }

  /** Of `ids`, those that belong to the project and no stage change cites yet, locked. */
  async lockUncited(m: EntityManager, projectId: number, ids: number[]): Promise<Array<{ id: number; stageCode: string | null }>> {
    if (!ids.length) return [];
    const rows: Array<{ id: number; stage_code: string | null }> = await m.query(
      'SELECT id, stage_code FROM project_attachments WHERE project_id = ? AND id IN (?) FOR UPDATE',
      [projectId, ids],
    );
    return rows.map((r) => ({ id: Number(r.id), stageCode: r.stage_code }));
  }

  async markEvidence(m: EntityManager, projectId: number, ids: number[], stageCode: string, eventSeq: number): Promise<void> {
    if (!ids.length) return;
    await m.query(
      'UPDATE project_attachments SET stage_code = ?, stage_event_seq = ? WHERE project_id = ? AND id IN (?) AND stage_code IS NULL',
      [stageCode, eventSeq, projectId, ids],
    );
  }

  async list(m: EntityManager, projectId: number): Promise<ProjectAttachmentDto[]> {
    const rows: Array<{
      id: number;
      project_id: number;
      file_name: string;
      content_type: string;
      size_bytes: number;
      sha256: string;
      uploaded_by: number;
      uploaded_by_name: string;
      stage_code: string | null;
      stage_event_seq: number | null;
      created_at: Date;
    }> = await m.query(
      `SELECT a.id, a.project_id, a.file_name, a.content_type, a.size_bytes, a.sha256, a.uploaded_by, u.display_name AS uploaded_by_name,
              a.stage_code, a.stage_event_seq, a.created_at
         FROM project_attachments a JOIN users u ON u.id = a.uploaded_by
        WHERE a.project_id = ? ORDER BY a.id`,
      [projectId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      projectId: Number(r.project_id),
      fileName: String(r.file_name),
      contentType: String(r.content_type),
      sizeBytes: Number(r.size_bytes),
      sha256: String(r.sha256),
      uploadedBy: Number(r.uploaded_by),
      uploadedByName: String(r.uploaded_by_name),
      stageCode: r.stage_code ?? null,
      stageEventSeq: r.stage_event_seq === null ? null : Number(r.stage_event_seq),
      createdAt: new Date(r.created_at),
    }));
  }

  async find(
    m: EntityManager,
    projectId: number,
    id: number,
  ): Promise<{ fileName: string; contentType: string; size: number; storageKey: string } | null> {
    const rows: Array<{ file_name: string; content_type: string; size_bytes: number; storage_key: string }> = await m.query(
      'SELECT file_name, content_type, size_bytes, storage_key FROM project_attachments WHERE id = ? AND project_id = ?',
      [id, projectId],
    );
    const r = rows[0];
    return r ? { fileName: r.file_name, contentType: r.content_type, size: Number(r.size_bytes), storageKey: r.storage_key } : null;
  }
}
