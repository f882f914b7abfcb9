import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
  const statements: Statement[] = [
    {
      sql: `INSERT INTO appeal_texts (appeal_id, search_text) VALUES ${appeals.map(() => '(?, ?)').join(', ')}
            ON DUPLICATE KEY UPDATE search_text = VALUES(search_text)`,
      params: texts,
    },
    { sql: `DELETE FROM appeal_text_bands WHERE appeal_id IN (${appeals.map(() => '?').join(', ')})`, params: appeals.map((a) => a.id) },
  ];
  if (bands.length) {
    statements.push({
      sql: `INSERT INTO appeal_text_bands (band, hash, appeal_id) VALUES ${Array.from({ length: bands.length / 3 }, () => '(?, ?, ?)').join(', ')}`,
      params: bands,
    });
  }
  return statements;
}

@Injectable()
export class AppealTextsRepository {
  /** Stores the appeal's text in the caller's transaction (the submission's), replacing any earlier one. */
  async write(manager: EntityManager, appeal: AppealText): Promise<void> {
    for (const statement of appealTextStatements([appeal])) await manager.query(statement.sql, statement.params);
  }
}
