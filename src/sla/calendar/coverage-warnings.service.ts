import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type CoverageStatus, coverageHealth, dueWarning } from '../domain/coverage-status';
import { shanghaiDateOf } from '../domain/shanghai-date';
import { CalendarService } from './calendar.service';
import { CoverageWarningsRepository } from './coverage-warnings.repository';
import { UnitOfWork } from '../../common/database/unit-of-work';

export interface CalendarCoverageState {
  lastDay: string | null;
  /** null when no year is declared at all */
  daysRemaining: number | null;
  status: CoverageStatus;
  warningDays: number;
}

/**
 * Warns before the calendar runs out (CALENDAR_WARNING_DAYS, default 60): the status the
 * coverage endpoint, the readiness probe and the console banner show, an admin inbox note at
 * 60, 30, 14, 7 and 1 days left (each once across instances), and a warn-level log line a day.
 */
@Injectable()
export class CoverageWarningsService {
  private readonly logger = new Logger(CoverageWarningsService.name);
  private loggedOn: string | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly calendar: CalendarService,
    private readonly repository: CoverageWarningsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async state(): Promise<CalendarCoverageState> {
    const coverage = await this.calendar.coverage();
    const warningDays = this.config.CALENDAR_WARNING_DAYS;
    if (!coverage) return { lastDay: null, daysRemaining: null, status: 'critical', warningDays };
    const health = coverageHealth(coverage.lastDay, shanghaiDateOf(this.clock.now()), warningDays);
    return { lastDay: coverage.lastDay, ...health, warningDays };
  }

  /** Run by the calendar job every minute; cheap when there is nothing to say. */
  async check(): Promise<{ state: CalendarCoverageState; notified: number }> {
    const state = await this.state();
    if (state.status === 'ok' || state.lastDay === null || state.daysRemaining === null) return { state, notified: 0 };
    const today = shanghaiDateOf(this.clock.now());
    if (this.loggedOn !== today) {
      this.loggedOn = today;
      this.logger.warn({
        msg: `working-day calendar ends ${state.lastDay} (${state.daysRemaining} days left): enter and declare the next year's holiday schedule; deadlines past it are provisional`,
        alert: 'calendar_coverage',
        ...state,
      });
    }
    const { lastDay, daysRemaining } = state;
    const notified = await this.uow.transaction(async (m) => {
      const due = dueWarning(daysRemaining, state.warningDays, await this.repository.sentThresholds(m, lastDay));
      if (!due) return 0;
      const now = this.clock.now();
      if (!(await this.repository.markSent(m, lastDay, due.send, due.markSent, now))) return 0;
      const year = Number(lastDay.slice(0, 4)) + 1;
      const title =
        daysRemaining >= 0 ? `工作日历将于 ${lastDay} 到期（剩 ${daysRemaining} 天）` : `工作日历已于 ${lastDay} 到期，时限按暂定计算`;
      const body = `请录入并确认 ${year} 年节假日安排（管理 → 工作日历 → 整年录入）。到期后超出日历的时限按周末休息暂定计算，录入后自动重算。`;
      return this.repository.notifyAdmins(m, title, body, now);
    });
    return { state, notified };
  }
}
