import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { appealReadCondition } from '../appeals/appeal-access';
import { searchTextOf, signatureOf } from './domain';

interface AppealText {
  id: number;
  /** The appeal's firm, copied onto its band rows (an appeal never changes firm). */
  enterpriseId: number;
  title: string;
  description: string;
}

interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The statements that store appeals' texts (FULLTEXT terms and LSH bands), several appeals a
 * statement: used by the submission, the test factories and the benchmark's backfill alike.
 */
export function appealTextStatements(appeals: readonly AppealText[]): Statement[] {
  if (appeals.length === 0) return [];
  const texts: unknown[] = [];
  const bands: unknown[] = [];
  for (const appeal of appeals) {
    const signature = signatureOf(appeal.title, appeal.description);
    texts.push(appeal.id, searchTextOf(signature.tokens));
    signature.bands.forEach((hash, band) => bands.push(appeal.enterpriseId, appeal.id, band, hash));
  }
  // Plain INSERTs, no DELETE or upsert first: the rows are always new (a submission's appeal, the
  // backfill into freshly created tables; texts are never edited). A DELETE of absent rows takes a
  // next-key lock on the gap after the newest appeal id, which concurrent submissions then all
  // insert into: they deadlocked each other (503 DATABASE_BUSY at 50 connections).
  const statements: Statement[] = [
    { sql: `INSERT INTO appeal_texts (appeal_id, search_text) VALUES ${appeals.map(() => '(?, ?)').join(', ')}`, params: texts },
  ];
  if (bands.length) {
    statements.push({
      sql: `INSERT INTO appeal_text_bands (enterprise_id, appeal_id, band, hash) VALUES ${Array.from({ length: bands.length / 4 }, () => '(?, ?, ?, ?)').join(', ')}`,
      params: bands,
    });
  }
  return statements;
}

/** An open appeal of the firm that shares at least one LSH band with the text asked about. */
export interface CandidateRow {
  id: number;
  number: string;
  title: string;
  description: string;
  status: string;
  submitted_at: Date;
  shared_bands: number;
}

/** Candidates read before the re-score: more than are shown, fewest shared bands dropped first. */
const CANDIDATE_LIMIT = 50;

@Injectable()
export class AppealTextsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The firm's open appeals the caller may read that share a band with `bands`, most shared
   * bands first.
   */
  async openCandidatesOfFirm(user: AuthUser, enterpriseId: number, bands: readonly number[]): Promise<CandidateRow[]> {
    if (bands.length === 0) return [];
    const access = appealReadCondition(user);
    const bandMatch = bands.map(() => '(b.band = ? AND b.hash = ?)').join(' OR ');
    // The firm's open appeals (ix_appeals_enterprise_open, index only), then each one's 32 band
    // rows by the primary key (enterprise_id, appeal_id, band; migration 1763800005300), which
    // keeps a firm's rows on adjacent pages; the most similar are ranked there, and only those
    // rows of appeals are read. The read condition applies to them: the asker is the firm itself,
    // its officer or a supervisor over its region, who read all of its appeals anyway, and for
    // anyone else it can only hide a candidate, never show one.
    const rows: CandidateRow[] = await this.db.query(
      `SELECT a.id, a.number, a.title, a.description, a.status, a.submitted_at, top.shared_bands
         FROM (SELECT o.id AS appeal_id, COUNT(*) AS shared_bands
                 FROM appeals o FORCE INDEX (ix_appeals_enterprise_open)
                 STRAIGHT_JOIN appeal_text_bands b FORCE INDEX (PRIMARY) ON b.enterprise_id = o.enterprise_id AND b.appeal_id = o.id
                WHERE o.enterprise_id = ? AND o.is_open = 1 AND (${bandMatch})
                GROUP BY o.id ORDER BY shared_bands DESC, o.id DESC LIMIT ?) top
         STRAIGHT_JOIN appeals a ON a.id = top.appeal_id
        WHERE ${access.sql}
        ORDER BY top.shared_bands DESC, a.id DESC`,
      [enterpriseId, ...bands.flatMap((hash, band) => [band, hash]), CANDIDATE_LIMIT, ...access.params],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), shared_bands: Number(r.shared_bands) }));
  }

  /** Stores a new appeal's text in the caller's transaction (the submission's); texts are never rewritten. */
  async write(manager: EntityManager, appeal: AppealText): Promise<void> {
    for (const statement of appealTextStatements([appeal])) await manager.query(statement.sql, statement.params);
  }
}
