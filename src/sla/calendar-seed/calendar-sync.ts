import type { DataSource, EntityManager } from 'typeorm';
import type { DayOverrideKind } from '../domain/working-calendar';
import { type CalendarSyncPlan, planCalendarSync, type SyncStoredDay, type SyncStoredYear } from './calendar-sync-plan';
import { chineseDaysDefinitionFrom, type ChineseDaysData } from './chinese-days-source';

export interface CalendarSyncReport extends Omit<CalendarSyncPlan, 'declareYears'> {
  packageVersion: string;
  packageRange: { firstDay: string; lastDay: string };
  declaredYears: number[];
  /** recompute jobs queued (one per declared year that extends an existing coverage) */
  recomputesQueued: number[];
  dryRun: boolean;
}

function isoDate(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

async function loadStored(m: EntityManager): Promise<{ days: SyncStoredDay[]; years: SyncStoredYear[]; removedByAdmin: Set<string> }> {
  const days: Array<{ day: unknown; kind: DayOverrideKind; name: string | null; source: 'package' | 'admin' }> = await m.query(
    'SELECT day, kind, name, source FROM calendar_days ORDER BY day FOR UPDATE',
  );
  const years: Array<{ year: number; source: 'package' | 'admin' }> = await m.query('SELECT year, source FROM calendar_years FOR UPDATE');
  // A day whose last single-day correction was a removal, and that has no entry now, was removed by an admin.
  const removed: Array<{ day: unknown }> = await m.query(
    `SELECT a.day FROM calendar_audit a
       JOIN (SELECT day, MAX(id) AS id FROM calendar_audit WHERE action IN ('set_day', 'remove_day') GROUP BY day) last ON last.id = a.id
      WHERE a.action = 'remove_day'`,
  );
  const stored = days.map((d) => ({ date: isoDate(d.day), kind: d.kind, name: d.name, source: d.source }));
  const present = new Set(stored.map((d) => d.date));
  return {
    days: stored,
    years: years.map((y) => ({ year: Number(y.year), source: y.source })),
    removedByAdmin: new Set(removed.map((r) => isoDate(r.day)).filter((d) => !present.has(d))),
  };
}

/**
 * `npm run calendar:sync`: re-seeds the calendar from the installed chinese-days release in one
 * transaction (the calendar rows locked, so two runs never interleave), never overwriting an
 * admin's corrections (see planCalendarSync), declares the package's new years and queues their
 * recompute (picked up within a minute by the running server's calendar job), and records what
 * it did in calendar_audit (sync_package). A dry run reports without writing.
 */
export async function syncCalendarFromPackage(
  db: DataSource,
  options: { data: ChineseDaysData; packageVersion: string; now: Date; dryRun?: boolean },
): Promise<CalendarSyncReport> {
  const pkg = chineseDaysDefinitionFrom(options.data);
  return db.transaction(async (m) => {
    const plan = planCalendarSync(pkg, await loadStored(m));
    const report: CalendarSyncReport = {
      packageVersion: options.packageVersion,
      packageRange: { firstDay: pkg.firstDay, lastDay: pkg.lastDay },
      add: plan.add,
      update: plan.update,
      remove: plan.remove,
      skipped: plan.skipped,
      unchanged: plan.unchanged,
      declaredYears: plan.declareYears.map((y) => y.year),
      recomputesQueued: plan.declareYears.filter((y) => y.previousLastDay !== null).map((y) => y.year),
      dryRun: options.dryRun ?? false,
    };
    if (report.dryRun) return report;
    const changes = [...plan.add, ...plan.update];
    for (let i = 0; i < changes.length; i += 500) {
      const chunk = changes.slice(i, i + 500);
      await m.query(
        `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at) VALUES ${chunk.map(() => "(?, ?, ?, 'package', NULL, ?)").join(', ')}
         ON DUPLICATE KEY UPDATE kind = VALUES(kind), name = VALUES(name), updated_at = VALUES(updated_at)`,
        chunk.flatMap((d) => [d.date, d.kind, d.name ?? null, options.now]),
      );
    }
    if (plan.remove.length) {
      await m.query(
        `DELETE FROM calendar_days WHERE source = 'package' AND day IN (${plan.remove.map(() => '?').join(', ')})`,
        plan.remove,
      );
    }
    for (const { year, previousLastDay } of plan.declareYears) {
      await m.query("INSERT INTO calendar_years (year, source, note, created_at) VALUES (?, 'package', ?, ?)", [
        year,
        `chinese-days ${options.packageVersion}`,
        options.now,
      ]);
      if (previousLastDay) {
        await m.query(
          "INSERT IGNORE INTO calendar_recomputes (year, previous_last_day, requested_by, requested_at, shift_days) VALUES (?, ?, NULL, ?, '{}')",
          [year, previousLastDay, options.now],
        );
      }
    }
    const changed = plan.add.length + plan.update.length + plan.remove.length + plan.declareYears.length;
    if (changed || plan.skipped.length) {
      await m.query('INSERT INTO calendar_audit (action, year, day, user_id, detail, created_at) VALUES (?, NULL, NULL, NULL, ?, ?)', [
        'sync_package',
        JSON.stringify({
          packageVersion: options.packageVersion,
          added: plan.add.length,
          updated: plan.update.length,
          removed: plan.remove.length,
          skipped: plan.skipped.length,
          declaredYears: report.declaredYears,
          skippedDays: plan.skipped.slice(0, 200),
          changedDays: [...plan.add, ...plan.update].slice(0, 200).map((d) => d.date),
          removedDays: plan.remove.slice(0, 200),
        }),
        options.now,
      ]);
    }
    return report;
  });
}

const REASON_TEXT: Record<string, string> = {
  admin_day: 'set or changed by an admin',
  admin_removed: 'removed by an admin',
  admin_year: 'year entered by an admin',
};

/** The command's report, one line per fact, for a terminal. */
export function formatSyncReport(report: CalendarSyncReport): string {
  const lines = [
    `chinese-days ${report.packageVersion}: ${report.packageRange.firstDay} .. ${report.packageRange.lastDay}${report.dryRun ? ' (dry run: nothing written)' : ''}`,
    `added ${report.add.length} day(s), updated ${report.update.length}, removed ${report.remove.length}, unchanged ${report.unchanged}, skipped ${report.skipped.length}`,
    report.declaredYears.length
      ? `declared ${report.declaredYears.join(', ')}; recompute of provisional deadlines queued for ${report.recomputesQueued.join(', ') || '(none)'} (the running server picks it up within a minute)`
      : 'no new year declared',
  ];
  for (const s of report.skipped) {
    const show = (d: { kind: string; name: string | null } | null) => (d ? `${d.kind}${d.name ? ` ${d.name}` : ''}` : 'no entry');
    lines.push(`  skipped ${s.date}: ${REASON_TEXT[s.reason]} (stored: ${show(s.stored)}; package: ${show(s.package)})`);
  }
  const LIST = 60;
  const listed = (items: string[], what: string) => {
    lines.push(...items.slice(0, LIST));
    if (items.length > LIST) lines.push(`  … and ${items.length - LIST} more ${what}`);
  };
  listed(
    report.add.map((d) => `  added ${d.date}: ${d.kind}${d.name ? ` ${d.name}` : ''}`),
    'added',
  );
  listed(
    report.update.map((d) => `  updated ${d.date}: ${d.kind}${d.name ? ` ${d.name}` : ''}`),
    'updated',
  );
  listed(
    report.remove.map((d) => `  removed ${d}`),
    'removed',
  );
  return lines.join('\n');
}
