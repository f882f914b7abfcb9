import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AppealToCluster, type BucketRepresentative, bucketOf, type ClusteringState, type ClusteringStep } from '../domain/incremental-clusters';

/**
 * Appeals committed out of id order (a slow submission) are still picked up when they land within
 * this many ids below the newest clustered one; the anti-join below that is not scanned again.
 */
const LATE_COMMIT_MARGIN = 5000;
const INSERT_CHUNK = 4000;

/** The SQL of the pool's clustering: read a batch and what it is compared with, write a step. */
@Injectable()
export class ProblemClustersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Where the next run starts looking for unclustered appeals. */
  async scanStart(): Promise<number> {
    const [row] = await this.db.query('SELECT COALESCE(MAX(appeal_id), 0) AS newest FROM problem_cluster_members');
    return Math.max(0, Number(row.newest) - LATE_COMMIT_MARGIN);
  }

  /** Appeals not clustered yet, id order, with their stored terms and bands (index reads only). */
  async unclustered(after: number, limit: number): Promise<AppealToCluster[]> {
    const texts: Array<{ appeal_id: number; search_text: string }> = await this.db.query(
      `SELECT t.appeal_id, t.search_text FROM appeal_texts t
         LEFT JOIN problem_cluster_members m ON m.appeal_id = t.appeal_id
        WHERE t.appeal_id > ? AND m.appeal_id IS NULL ORDER BY t.appeal_id LIMIT ?`,
      [after, limit],
    );
    if (texts.length === 0) return [];
    const ids = texts.map((t) => Number(t.appeal_id));
    const bands: Array<{ appeal_id: number; band: number; hash: number }> = await this.db.query(
      `SELECT appeal_id, band, hash FROM appeal_text_bands WHERE appeal_id IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    const bandsOf = new Map<number, number[]>();
    for (const b of bands) {
      const list = bandsOf.get(Number(b.appeal_id)) ?? [];
      list[Number(b.band)] = Number(b.hash);
      bandsOf.set(Number(b.appeal_id), list);
    }
    return texts.map((t) => ({ id: Number(t.appeal_id), terms: termsOf(t.search_text), bands: bandsOf.get(Number(t.appeal_id)) ?? [] }));
  }

  /** The representatives of every bucket the batch falls in, and their words. */
  async stateFor(appeals: readonly AppealToCluster[]): Promise<ClusteringState> {
    const representatives = new Map<string, BucketRepresentative[]>();
    const termsOf = new Map<number, readonly string[]>();
    const ids = appeals.map((a) => a.id);
    if (ids.length === 0) return { representatives, termsOf };
    const rows: Array<{ band: number; hash: number; appeal_id: number; cluster_key: number }> = await this.db.query(
      `SELECT DISTINCT r.band, r.hash, r.appeal_id, r.cluster_key
         FROM appeal_text_bands nb
         JOIN problem_cluster_representatives r ON r.band = nb.band AND r.hash = nb.hash
        WHERE nb.appeal_id IN (${ids.map(() => '?').join(',')})
        ORDER BY r.band, r.hash, r.appeal_id`,
      ids,
    );
    for (const r of rows) {
      const rep = { band: Number(r.band), hash: Number(r.hash), appealId: Number(r.appeal_id), clusterKey: Number(r.cluster_key) };
      const key = bucketOf(rep.band, rep.hash);
      const list = representatives.get(key);
      if (list) list.push(rep);
      else representatives.set(key, [rep]);
    }
    const repIds = [...new Set(rows.map((r) => Number(r.appeal_id)))];
    for (let i = 0; i < repIds.length; i += INSERT_CHUNK) {
      const chunk = repIds.slice(i, i + INSERT_CHUNK);
      const texts: Array<{ appeal_id: number; search_text: string }> = await this.db.query(
        `SELECT appeal_id, search_text FROM appeal_texts WHERE appeal_id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      for (const t of texts) termsOf.set(Number(t.appeal_id), [...new Set(t.search_text.split(' ').filter(Boolean))]);
    }
    return { representatives, termsOf };
  }

  /** One step in one transaction: merges first (set-based per target), then the new members and representatives. */
  async write(step: ClusteringStep, now: Date): Promise<void> {
    await this.db.transaction(async (m) => {
      const byTarget = new Map<number, number[]>();
      for (const merge of step.merges) byTarget.set(merge.to, [...(byTarget.get(merge.to) ?? []), merge.from]);
      for (const [to, froms] of byTarget) {
        const list = froms.map(() => '?').join(',');
        await m.query(`UPDATE problem_cluster_members SET cluster_key = ? WHERE cluster_key IN (${list})`, [to, ...froms]);
        await m.query(`UPDATE problem_cluster_representatives SET cluster_key = ? WHERE cluster_key IN (${list})`, [to, ...froms]);
      }
      for (let i = 0; i < step.assignments.length; i += INSERT_CHUNK) {
        const chunk = step.assignments.slice(i, i + INSERT_CHUNK);
        await m.query(
          `INSERT INTO problem_cluster_members (appeal_id, cluster_key, clustered_at) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flatMap((a) => [a.appealId, a.clusterKey, now]),
        );
      }
      for (let i = 0; i < step.representatives.length; i += INSERT_CHUNK) {
        const chunk = step.representatives.slice(i, i + INSERT_CHUNK);
        await m.query(
          `INSERT INTO problem_cluster_representatives (band, hash, appeal_id, cluster_key) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((r) => [r.band, r.hash, r.appealId, r.clusterKey]),
        );
      }
    });
  }

  /** Appeals with a text and no cluster yet, from the scan start: what the pool has not seen. */
  async pendingCount(): Promise<number> {
    const start = await this.scanStart();
    const [row] = await this.db.query(
      `SELECT COUNT(*) AS n FROM appeal_texts t LEFT JOIN problem_cluster_members m ON m.appeal_id = t.appeal_id
        WHERE t.appeal_id > ? AND m.appeal_id IS NULL`,
      [start],
    );
    return Number(row.n);
  }
}

/** The stored FULLTEXT terms (hex of each word, distinct): the words the re-score compares. */
function termsOf(searchText: string): string[] {
  return searchText.split(' ').filter(Boolean);
}
