import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { appealReadCondition } from '../appeals/appeal-access';
import { searchTextOf, signatureOf } from './domain';

interface AppealText {
  id: number;
  title: string;
  description: string;
}

interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The statements that store appeals' texts (FULLTEXT terms and LSH bands), several appeals a
 * statement: used by the submission and by the migration's backfill alike.
 */
export function appealTextStatements(appeals: readonly AppealText[]): Statement[] {
  if (appeals.length === 0) return [];
  const texts: unknown[] = [];
  const bands: unknown[] = [];
  for (const appeal of appeals) {
    const signature = signatureOf(appeal.title, appeal.description);
    texts.push(appeal.id, searchTextOf(signature.tokens));
    signature.bands.forEach((hash, band) => bands.push(band, hash, appeal.id));
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
      sql: `INSERT INTO appeal_text_bands (band, hash, appeal_id) VALUES ${Array.from({ length: bands.length / 3 }, () => '(?, ?, ?)').join(', ')}`,
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
    // Firm first: one firm has tens of open appeals, while one LSH bucket may hold a large share of
    // a province's (appeals about the same few problems share bands), so starting from the buckets
    // read whole buckets before narrowing to the firm. The firm's open appeals
    // (ix_appeals_enterprise_open), then their 32 band rows each from ix_appeal_text_bands_appeal
    // (which carries band and hash as the primary key's columns).
    const rows: CandidateRow[] = await this.db.query(
      `SELECT a.id, a.number, a.title, a.description, a.status, a.submitted_at, COUNT(*) AS shared_bands
         FROM appeals a FORCE INDEX (ix_appeals_enterprise_open)
         STRAIGHT_JOIN appeal_text_bands b FORCE INDEX (ix_appeal_text_bands_appeal) ON b.appeal_id = a.id
        WHERE (${bandMatch}) AND a.enterprise_id = ? AND a.is_open = 1 AND ${access.sql}
        GROUP BY a.id ORDER BY shared_bands DESC, a.id DESC LIMIT ?`,
      [...bands.flatMap((hash, band) => [band, hash]), enterpriseId, ...access.params, CANDIDATE_LIMIT],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), shared_bands: Number(r.shared_bands) }));
  }

  /** Stores a new appeal's text in the caller's transaction (the submission's); texts are never rewritten. */
  async write(manager: EntityManager, appeal: AppealText): Promise<void> {
    for (const statement of appealTextStatements([appeal])) await manager.query(statement.sql, statement.params);
  }
}
