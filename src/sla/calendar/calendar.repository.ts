import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DayOverride, DayOverrideKind } from '../domain/working-calendar';
import { runTransaction } from '../../common/database/unit-of-work';
import { type JsonObject, parseJsonColumn } from '../../common/database/json-column';

export interface StoredCalendarDay extends DayOverride {
  source: 'package' | 'admin';
  updatedBy: number | null;
  updatedAt: Date;
}

export type CalendarAuditAction = 'import_year' | 'set_day' | 'remove_day' | 'declare_year' | 'sync_package';

export interface CalendarAuditEntry {
  id: number;
  action: CalendarAuditAction;
  year: number | null;
  day: string | null;
  userId: number | null;
  userName: string | null;
  detail: JsonObject;
  createdAt: Date;
}

/** A day as the audit record keeps it (before / after). */
function auditedDay(day: StoredCalendarDay | null): { kind: DayOverrideKind; name: string | null; source: string } | null {
  return day ? { kind: day.kind, name: day.name ?? null, source: day.source } : null;
}

export interface StoredCalendarYear {
  year: number;
  source: 'package' | 'admin';
  note: string | null;
  createdAt: Date;
}

/** DATE columns arrive as JS Dates at UTC midnight (timezone 'Z'), or as strings; normalise to 'YYYY-MM-DD'. */
function isoDate(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

interface RawDay {
  day: unknown;
  kind: DayOverrideKind;
  name: string | null;
  source: 'package' | 'admin';
  updated_by: number | null;
  updated_at: Date;
}

function toDay(raw: RawDay): StoredCalendarDay {
  return {
    date: isoDate(raw.day),
    kind: raw.kind,
    ...(raw.name === null ? {} : { name: raw.name }),
    source: raw.source,
    updatedBy: raw.updated_by === null ? null : Number(raw.updated_by),
    updatedAt: raw.updated_at,
  };
}

@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async loadYears(): Promise<StoredCalendarYear[]> {
    const rows: Array<{ year: number; source: 'package' | 'admin'; note: string | null; created_at: Date }> = await this.dataSource.query(
      'SELECT year, source, note, created_at FROM calendar_years ORDER BY year',
    );
    return rows.map((r) => ({ year: Number(r.year), source: r.source, note: r.note, createdAt: r.created_at }));
  }

  async loadDays(): Promise<DayOverride[]> {
    const rows: Array<{ day: unknown; kind: DayOverrideKind; name: string | null }> = await this.dataSource.query(
      'SELECT day, kind, name FROM calendar_days ORDER BY day',
    );
    return rows.map((r) => ({ date: isoDate(r.day), kind: r.kind, ...(r.name === null ? {} : { name: r.name }) }));
  }

  async findDay(date: string): Promise<StoredCalendarDay | null> {
    const rows: RawDay[] = await this.dataSource.query(
      'SELECT day, kind, name, source, updated_by, updated_at FROM calendar_days WHERE day = ?',
      [date],
    );
    return rows[0] ? toDay(rows[0]) : null;
  }

  async listDaysOfYear(year: number): Promise<StoredCalendarDay[]> {
    const rows: RawDay[] = await this.dataSource.query(
      'SELECT day, kind, name, source, updated_by, updated_at FROM calendar_days WHERE day BETWEEN ? AND ? ORDER BY day',
      [`${year}-01-01`, `${year}-12-31`],
    );
    return rows.map(toDay);
  }

  /** Years that have days stored after `lastDay` (entered, not yet in coverage). */
  async yearsWithDaysAfter(lastDay: string | null): Promise<number[]> {
    const rows: Array<{ year: number }> = await this.dataSource.query(
      `SELECT DISTINCT YEAR(day) AS year FROM calendar_days ${lastDay ? 'WHERE day > ?' : ''} ORDER BY year`,
      lastDay ? [lastDay] : [],
    );
    return rows.map((r) => Number(r.year));
  }

  async countHolidaysOfYear(year: number): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      "SELECT COUNT(*) AS n FROM calendar_days WHERE day BETWEEN ? AND ? AND kind = 'holiday'",
      [`${year}-01-01`, `${year}-12-31`],
    );
    return Number(rows[0].n);
  }

  /**
   * An admin's correction of one day, in one transaction with its audit record (who, when, the day
   * before → after, why). Replaces whatever was stored for the date (the seed, or an earlier
   * correction). Returns the entry as it was before (null: none).
   */
  async setDay(
    day: { date: string; kind: DayOverrideKind; name: string | null },
    reason: string,
    userId: number,
    now: Date,
  ): Promise<StoredCalendarDay | null> {
    return runTransaction(this.dataSource, async (m) => {
      const before = await this.lockDay(m, day.date);
      await m.query(
        `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at) VALUES (?, ?, ?, 'admin', ?, ?)
         ON DUPLICATE KEY UPDATE kind = VALUES(kind), name = VALUES(name), source = 'admin',
                                 updated_by = VALUES(updated_by), updated_at = VALUES(updated_at)`,
        [day.date, day.kind, day.name, userId, now],
      );
      await this.audit(m, {
        action: 'set_day',
        year: Number(day.date.slice(0, 4)),
        day: day.date,
        userId,
        detail: { reason, before: auditedDay(before), after: { kind: day.kind, name: day.name, source: 'admin' } },
        now,
      });
      return before;
    });
  }

  /** Removes a day's entry (it becomes an ordinary weekday or weekend) with its audit record; null when there was none. */
  async removeDay(date: string, reason: string, userId: number, now: Date): Promise<StoredCalendarDay | null> {
    return runTransaction(this.dataSource, async (m) => {
      const before = await this.lockDay(m, date);
      if (!before) return null;
      await m.query('DELETE FROM calendar_days WHERE day = ?', [date]);
      await this.audit(m, {
        action: 'remove_day',
        year: Number(date.slice(0, 4)),
        day: date,
        userId,
        detail: { reason, before: auditedDay(before), after: null },
        now,
      });
      return before;
    });
  }

  /** The audit trail, newest first (optionally of one year). */
  async listAudit(year: number | null, limit: number): Promise<CalendarAuditEntry[]> {
    const rows: Array<{
      id: number;
      action: CalendarAuditAction;
      year: number | null;
      day: unknown;
      user_id: number | null;
      username: string | null;
      detail: unknown;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT a.id, a.action, a.year, a.day, a.user_id, u.display_name AS username, a.detail, a.created_at
         FROM calendar_audit a LEFT JOIN users u ON u.id = a.user_id
        ${year === null ? '' : 'WHERE a.year = ?'}
        ORDER BY a.id DESC LIMIT ?`,
      year === null ? [limit] : [year, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      action: r.action,
      year: r.year === null ? null : Number(r.year),
      day: r.day === null ? null : isoDate(r.day),
      userId: r.user_id === null ? null : Number(r.user_id),
      userName: r.username,
      detail: parseJsonColumn<JsonObject>(r.detail),
      createdAt: r.created_at,
    }));
  }

  private async lockDay(m: EntityManager, date: string): Promise<StoredCalendarDay | null> {
    const rows: RawDay[] = await m.query(
      'SELECT day, kind, name, source, updated_by, updated_at FROM calendar_days WHERE day = ? FOR UPDATE',
      [date],
    );
    return rows[0] ? toDay(rows[0]) : null;
  }

  /**
   * Declares a year complete, queues the recompute of every provisional deadline and records who
   * did it, in one transaction: a declared year always has its recompute queued.
   */
  async declareYear(year: number, note: string | null, userId: number | null, previousLastDay: string | null, now: Date): Promise<boolean> {
    return runTransaction(this.dataSource, async (m) => {
      const result: { affectedRows: number } = await m.query(
        "INSERT IGNORE INTO calendar_years (year, source, note, created_at) VALUES (?, 'admin', ?, ?)",
        [year, note, now],
      );
      if (result.affectedRows !== 1) return false;
      if (previousLastDay) {
        await m.query(
          `INSERT IGNORE INTO calendar_recomputes (year, previous_last_day, requested_by, requested_at, shift_days) VALUES (?, ?, ?, ?, '{}')`,
          [year, previousLastDay, userId, now],
        );
      }
      await this.audit(m, { action: 'declare_year', year, day: null, userId, detail: { note }, now });
      return true;
    });
  }

  /**
   * A whole year from the notice, in one transaction: its stored days replaced by these, the year
   * declared, the recompute queued, and the audit record. False when the year is already declared.
   */
  async importYear(
    year: number,
    days: readonly DayOverride[],
    detail: JsonObject,
    userId: number,
    previousLastDay: string,
    now: Date,
  ): Promise<boolean> {
    return runTransaction(this.dataSource, async (m) => {
      const declared: { affectedRows: number } = await m.query(
        "INSERT IGNORE INTO calendar_years (year, source, note, created_at) VALUES (?, 'admin', ?, ?)",
        [year, (detail.note as string | null) ?? null, now],
      );
      if (declared.affectedRows !== 1) return false;
      await m.query('DELETE FROM calendar_days WHERE day BETWEEN ? AND ?', [`${year}-01-01`, `${year}-12-31`]);
      await m.query(
        `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at) VALUES ${days.map(() => "(?, ?, ?, 'admin', ?, ?)").join(', ')}`,
        days.flatMap((d) => [d.date, d.kind, d.name ?? null, userId, now]),
      );
      await m.query(
        `INSERT IGNORE INTO calendar_recomputes (year, previous_last_day, requested_by, requested_at, shift_days) VALUES (?, ?, ?, ?, '{}')`,
        [year, previousLastDay, userId, now],
      );
      await this.audit(m, { action: 'import_year', year, day: null, userId, detail: { ...detail, days: days.length }, now });
      return true;
    });
  }

  async audit(
    m: EntityManager,
    entry: {
      action: CalendarAuditAction;
      year: number | null;
      day: string | null;
      userId: number | null;
      detail: JsonObject;
      now: Date;
    },
  ): Promise<void> {
    await m.query('INSERT INTO calendar_audit (action, year, day, user_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      entry.action,
      entry.year,
      entry.day,
      entry.userId,
      JSON.stringify(entry.detail),
      entry.now,
    ]);
  }
}
