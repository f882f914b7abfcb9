import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Numbers reserved at once per process and year. */
export const NUMBER_BLOCK_SIZE = 50;

interface Block {
  next: number;
  last: number;
}

/**
 * Appeal numbers (2026-000123) from blocks (#22). The year's row in `appeal_number_sequences`
 * used to be incremented inside every submission's transaction, so its lock was held until
 * COMMIT and all submissions of the year queued on it. Now a process reserves NUMBER_BLOCK_SIZE
 * numbers with one autocommit statement (the row lock lasts that statement) and hands them out
 * from memory, before the submission's transaction opens; concurrent callers of an exhausted
 * block wait for the one reservation.
 *
 * **Decision: numbers are unique and increase within a process, but are not gap-free** and,
 * with several worker processes, not in submission order across them: a failed submission, and a
 * process that stops with part of its block unused, leave numbers out (at most a block per
 * process and restart). The number is a readable reference, not a count — nothing in the domain
 * counts appeals by their numbers (the figures count rows), and China's 12345 hotline numbering
 * is not gap-free either. Uniqueness stays enforced by the unique key on `appeals.number`.
 */
@Injectable()
export class AppealNumbers {
  private readonly blocks = new Map<number, Block>();
  private readonly reserving = new Map<number, Promise<void>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async next(year: number): Promise<string> {
    for (;;) {
      const block = this.blocks.get(year);
      if (block && block.next <= block.last) {
        const seq = block.next;
        block.next += 1;
        return `${year}-${String(seq).padStart(6, '0')}`;
      }
      let pending = this.reserving.get(year);
      if (!pending) {
        pending = this.reserve(year).finally(() => this.reserving.delete(year));
        this.reserving.set(year, pending);
      }
      await pending;
    }
  }

  /** One statement: the row moves on by a block; LAST_INSERT_ID(expr) returns the block's last number on this connection. */
  private async reserve(year: number): Promise<void> {
    const result: { insertId: number } = await this.db.query(
      `INSERT INTO appeal_number_sequences (year, last_seq) VALUES (?, LAST_INSERT_ID(?))
       ON DUPLICATE KEY UPDATE last_seq = LAST_INSERT_ID(last_seq + ?)`,
      [year, NUMBER_BLOCK_SIZE, NUMBER_BLOCK_SIZE],
    );
    const last = Number(result.insertId);
    this.blocks.set(year, { next: last - NUMBER_BLOCK_SIZE + 1, last });
  }
}
