import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AppealHistory } from '../appeals/events/appeal-history';
import { metricFactsOf } from '../appeals/events/metric-facts';
import { Clock } from '../common/clock/clock';
import { SettingsService } from '../settings/settings.service';
import { CalendarService } from '../sla/calendar/calendar.service';
import { addWorkingDays } from '../sla/domain/deadline';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { closeOfWorkingDay } from '../sla/domain/working-hours';
import { SlaSweepService, type SweepReport } from '../sla/sweep/sla-sweep.service';

export interface SlaDemoSummary {
  sweeps: SweepReport[];
  /** Open appeals per warning light after the sweep. */
  lights: Record<string, number>;
  /** Open appeals per highest ladder step reached. */
  ladder: Record<string, number>;
  autoClosed: number;
  /** Appeals whose deadlines were moved so that every light and ladder step appears. */
  staged: number[];
}

type Stage = 'yellow' | 'reminder' | 'supervision' | 'yellow_card' | 'red_card';

async function counts(db: DataSource, column: 'warning_light' | 'supervision_level'): Promise<Record<string, number>> {
  const rows: Array<{ k: string; n: number }> = await db.query(
    `SELECT ${column} AS k, COUNT(*) AS n FROM appeals WHERE is_open = 1 AND status <> 'resolved' GROUP BY ${column}`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

/**
 * Runs the timer sweep over the seeded appeals so their lights and ladder steps appear, as they
 * would after the first minute of a running system. When the seeded stories happen to leave a
 * light or ladder step unseen, a few green in-progress appeals get their deadlines moved into
 * the past by the right number of working days (demo data only; the sweep then writes the
 * steps as real timeline events) and the sweep runs again. The moved deadline is itself an
 * event (`demo_stage_deadline`, internal, with its metric facts), so demo appeals satisfy the
 * invariant of real ones: the row equals the fold of its events.
 */
export async function seedSlaDemo(app: INestApplication, db: DataSource, options: { stage?: boolean } = {}): Promise<SlaDemoSummary> {
  const sweep = app.get(SlaSweepService);
  const sweeps = [await sweep.runOnce()];
  const staged: number[] = [];

  if (options.stage ?? true) {
    const lights = await counts(db, 'warning_light');
    const ladder = await counts(db, 'supervision_level');
    const missing: Stage[] = [];
    if (!lights.yellow) missing.push('yellow');
    for (const step of ['reminder', 'supervision', 'yellow_card', 'red_card'] as const) if (!ladder[step]) missing.push(step);
    if (missing.length) {
      const candidates: Array<{ id: number }> = await db.query(
        `SELECT id FROM appeals
          WHERE status = 'in_progress' AND warning_light = 'green' AND supervision_level = 'none' AND resolution_due_at IS NOT NULL
          ORDER BY id LIMIT ?`,
        [missing.length],
      );
      const now = app.get(Clock).now();
      const thresholds = await app.get(SettingsService).ladder();
      // Working days before today on whose close the staged deadline falls: one more than the step's threshold.
      const daysBack: Record<Exclude<Stage, 'yellow'>, number> = {
        reminder: 1,
        supervision: thresholds.supervisionAfterOverdueWorkingDays + 1,
        yellow_card: thresholds.yellowCardAfterOverdueWorkingDays + 1,
        red_card: thresholds.redCardAfterOverdueWorkingDays + 1,
      };
      const { calendar, hours } = await app.get(CalendarService).snapshot();
      const previousClose = (workingDaysBack: number) => {
        let day = shanghaiDateOf(now);
        for (let i = 0; i < workingDaysBack; i += 1) day = calendar.previousWorkingDay(day);
        return closeOfWorkingDay(day, hours);
      };
      const history = app.get(AppealHistory);
      for (const [i, { id }] of candidates.entries()) {
        const stage = missing[i];
        const due = stage === 'yellow' ? addWorkingDays(now, 1, calendar, hours) : previousClose(daysBack[stage]);
        const yellowAt = stage === 'yellow' ? new Date(now.getTime() - 3600_000) : new Date(due.getTime() - 4 * 3600_000);
        // Like every change of an appeal, the moved deadline is an event (with its metric facts) in the same transaction,
        // so the demo appeal still equals the fold of its history.
        await db.transaction(async (m) => {
          const [row]: Array<{ status: string }> = await m.query('SELECT status FROM appeals WHERE id = ? FOR UPDATE', [Number(id)]);
          await m.query(
            `UPDATE appeals SET resolution_due_at = ?, resolution_due_basis = 'statutory', current_due_at = ?, current_due_basis = 'statutory',
                    yellow_at = ?, next_check_at = ?, warning_light = 'green'
              WHERE id = ?`,
            [due, due, yellowAt, stage === 'yellow' ? yellowAt : due, Number(id)],
          );
          await history.record(m, 'unversioned', [
            {
              appealId: Number(id),
              action: 'demo_stage_deadline',
              actor: { id: null, role: 'system' },
              fromStatus: row.status,
              toStatus: row.status,
              reason: '演示数据：调整办理时限以展示预警和督办',
              payload: { stage, facts: metricFactsOf({ resolution_due_at: due }) ?? {} },
              visibility: 'internal',
              at: now,
            },
          ]);
        });
        staged.push(Number(id));
      }
      if (staged.length) sweeps.push(await sweep.runOnce());
    }
  }

  return {
    sweeps,
    lights: await counts(db, 'warning_light'),
    ladder: await counts(db, 'supervision_level'),
    autoClosed: sweeps.reduce((sum, r) => sum + r.autoClosed, 0),
    staged,
  };
}
