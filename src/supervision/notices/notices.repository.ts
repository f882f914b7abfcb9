import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { affectedRows } from '../../common/database/affected-rows';
import type { DataSource, EntityManager } from 'typeorm';
import { isDuplicateKey } from '../../common/database/mysql-errors';
import { subtreePrefix } from '../../common/scope/region-reach';
import type { NoticeNumber, NoticeOrderInput } from './notice-content';

export interface NoticeRow {
  id: number;
  reportId: number;
  regionCode: string;
  number: NoticeNumber;
  createdAt: Date;
  publishedAt: Date | null;
  publishedBy: number | null;
  publishedByName: string | null;
  documentSha256: string | null;
}

export interface PublishedNotice extends NoticeRow {
  document: Buffer | null;
  documentTitle: string | null;
  documentFilename: string | null;
}

/** Inbox entries of a publication: one row per supervisor of the region and of the regions directly below it. */
export interface NoticeAnnouncement {
  regionCode: string;
  kind: string;
  title: string;
  body: string;
  at: Date;
}

/** A notice as COLUMNS reads it (`document` only when asked for). */
interface NoticeDbRow {
  id: number;
  report_id: number;
  region_code: string;
  number_prefix: string;
  number_year: number;
  number_sequence: number;
  created_at: Date;
  published_at: Date | null;
  published_by: number | null;
  published_by_name: string | null;
  document_sha256: string | null;
  document_title: string | null;
  document_filename: string | null;
  document?: Buffer | null;
}

const COLUMNS = `n.id, n.report_id, n.region_code, n.number_prefix, n.number_year, n.number_sequence, n.created_at,
  n.published_at, n.published_by, u.display_name AS published_by_name, n.document_sha256, n.document_title, n.document_filename`;

/** Assessment notices: their numbers (allocated once per report), and the published documents. */
@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(reportId: number, withDocument = false): Promise<PublishedNotice | null> {
    const rows: NoticeDbRow[] = await this.db.query(
      `SELECT ${COLUMNS}${withDocument ? ', n.document' : ''}
         FROM assessment_notices n LEFT JOIN users u ON u.id = n.published_by WHERE n.report_id = ?`,
      [reportId],
    );
    return rows[0] ? toNotice(rows[0], withDocument) : null;
  }

  /**
   * The report's published notice when it is addressed to a supervisor of `regionCode`: one of
   * the regions directly below the notice's region. They read the notice, not the report.
   */
  async publishedTo(regionCode: string, reportId: number): Promise<PublishedNotice | null> {
    const rows: NoticeDbRow[] = await this.db.query(
      `SELECT ${COLUMNS}, n.document
         FROM assessment_notices n JOIN regions r ON r.code = ? AND r.parent_code = n.region_code
         LEFT JOIN users u ON u.id = n.published_by
        WHERE n.report_id = ? AND n.published_at IS NOT NULL`,
      [regionCode, reportId],
    );
    return rows[0] ? toNotice(rows[0], true) : null;
  }

  /**
   * The report's notice, its number allocated now if it has none: the next of the region's year
   * (numbers are never reused or skipped by a race — a concurrent allocation of the same number
   * loses on the unique key and takes the next one).
   */
  async reserve(reportId: number, regionCode: string, prefix: string, year: number, at: Date, userId: number): Promise<PublishedNotice> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const existing = await this.find(reportId);
      if (existing) return existing;
      try {
        await this.db.query(
          `INSERT INTO assessment_notices (report_id, region_code, number_prefix, number_year, number_sequence, created_at, created_by)
           SELECT ?, ?, ?, ?, COALESCE(MAX(number_sequence), 0) + 1, ?, ?
             FROM assessment_notices WHERE region_code = ? AND number_year = ?`,
          [reportId, regionCode, prefix, year, at, userId, regionCode, year],
        );
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    const settled = await this.find(reportId);
    if (!settled) throw new Error(`could not allocate a notice number for report ${reportId}`);
    return settled;
  }

  /**
   * Stores the published document and announces it, in one transaction; false when the notice
   * was published already (by someone else a moment ago, or long since).
   */
  async publish(
    reportId: number,
    document: { bytes: Buffer; sha256: string; title: string; filename: string },
    userId: number,
    at: Date,
    announcement: NoticeAnnouncement,
  ): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const result = await m.query(
        `UPDATE assessment_notices
            SET published_at = ?, published_by = ?, document = ?, document_sha256 = ?, document_title = ?, document_filename = ?
          WHERE report_id = ? AND published_at IS NULL`,
        [at, userId, document.bytes, document.sha256, document.title, document.filename, reportId],
      );
      if (affectedRows(result) !== 1) return false;
      await this.announce(m, announcement);
      return true;
    });
  }

  private async announce(m: EntityManager, a: NoticeAnnouncement): Promise<void> {
    await m.query(
      `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
       SELECT u.id, NULL, ?, ?, ?, ?
         FROM users u JOIN regions r ON r.code = u.region_code
        WHERE u.role = 'supervisor' AND u.active = 1 AND (u.region_code = ? OR r.parent_code = ?)
        ORDER BY u.id`,
      [a.kind, a.title, a.body, a.at, a.regionCode, a.regionCode],
    );
  }

  /** Supervision orders (督办单) issued in the period on the region's appeals, oldest first, with whether each was replied to by the end. */
  async ordersOfPeriod(regionCode: string, startsAt: Date, endsAt: Date): Promise<NoticeOrderInput[]> {
    const rows: Array<{ number: string; title: string; department_name: string | null; source: string; replied: number }> = await this.db.query(
      `SELECT a.number, a.title, d.name AS department_name, o.source, (o.replied_at IS NOT NULL AND o.replied_at < ?) AS replied
         FROM supervision_orders o
         JOIN appeals a ON a.id = o.appeal_id
         LEFT JOIN departments d ON d.id = o.department_id
        WHERE o.created_at >= ? AND o.created_at < ? AND a.region_code LIKE ?
        ORDER BY o.created_at, o.id`,
      [endsAt, startsAt, endsAt, `${subtreePrefix(regionCode)}%`],
    );
    return rows.map((r) => ({
      appealNumber: String(r.number),
      title: String(r.title),
      departmentName: r.department_name === null ? null : String(r.department_name),
      source: r.source === 'ladder' ? 'ladder' : 'manual',
      repliedByEnd: Number(r.replied) === 1,
    }));
  }
}

function toNotice(r: NoticeDbRow, withDocument: boolean): PublishedNotice {
  return {
    id: Number(r.id),
    reportId: Number(r.report_id),
    regionCode: String(r.region_code),
    number: { prefix: String(r.number_prefix), year: Number(r.number_year), sequence: Number(r.number_sequence) },
    createdAt: r.created_at,
    publishedAt: r.published_at ?? null,
    publishedBy: r.published_by === null ? null : Number(r.published_by),
    publishedByName: r.published_by_name === null || r.published_by_name === undefined ? null : String(r.published_by_name),
    documentSha256: r.document_sha256 === null ? null : String(r.document_sha256),
    document: withDocument && r.document ? Buffer.from(r.document) : null,
    documentTitle: r.document_title === null || r.document_title === undefined ? null : String(r.document_title),
    documentFilename: r.document_filename === null || r.document_filename === undefined ? null : String(r.document_filename),
  };
}
