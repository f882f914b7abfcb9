import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { SettingsService } from '../../settings/settings.service';
import { CalendarRepository } from '../calendar/calendar.repository';
import { CalendarService } from '../calendar/calendar.service';
import { YearDeclaredHook } from '../calendar/year-declared.hook';
import { shiftInDays } from '../domain/provisional-recompute';
import { WorkingCalendar } from '../domain/working-calendar';
import { type ExpandedSchedule, expandYearSchedule } from '../domain/year-schedule';
import { DeadlineRecomputeRepository } from './deadline-recompute.repository';
import type { DeadlineMovePreviewDto, YearScheduleDto, YearSchedulePreviewDto } from './dto/year-schedule.dto';
import { planAppealRecompute } from './recompute-plan';

const PREVIEW_MOVES = 200;
const PREVIEW_BATCH = 2000;

/**
 * A whole year entered in one go, in the shape of the State Council notice: validated, previewed
 * (the resulting days, and which open appeals' provisional deadlines would move and by how much),
 * then saved in one transaction with its audit record, which also declares the year and queues
 * the recompute.
 */
@Injectable()
export class CalendarYearService {
  private readonly logger = new Logger(CalendarYearService.name);

  constructor(
    private readonly calendar: CalendarService,
    private readonly calendarRepository: CalendarRepository,
    private readonly recompute: DeadlineRecomputeRepository,
    private readonly settings: SettingsService,
    private readonly yearDeclared: YearDeclaredHook,
    private readonly clock: Clock,
  ) {}

  async preview(dto: YearScheduleDto): Promise<YearSchedulePreviewDto> {
    const { expanded, previousLastDay } = await this.check(dto);
    const { calendar: current, hours } = await this.calendar.snapshot();
    const next = new WorkingCalendar({
      firstDay: current.firstDay,
      lastDay: `${dto.year}-12-31`,
      overrides: [...current.listOverrides().filter((o) => o.date < `${dto.year}-01-01`), ...expanded.days],
    });
    const yellowShare = await this.settings.yellowShare();
    const now = this.clock.now();
    const moves: DeadlineMovePreviewDto[] = [];
    let appealsMoving = 0;
    let movingEarlier = 0;
    let movingLater = 0;
    for (let afterId = 0; ;) {
      const rows = await this.recompute.findProvisionalBatch(afterId, PREVIEW_BATCH);
      for (const row of rows) {
        const plan = planAppealRecompute(row, previousLastDay, next, hours, now, yellowShare);
        if (!plan.moves.length) continue;
        appealsMoving += 1;
        for (const mv of plan.moves) {
          if (mv.to < mv.from) movingEarlier += 1;
          else movingLater += 1;
          if (moves.length < PREVIEW_MOVES) {
            moves.push({ appealId: row.id, number: row.number, timer: mv.timer, from: mv.from, to: mv.to, shiftDays: shiftInDays(mv) });
          }
        }
      }
      if (rows.length < PREVIEW_BATCH) break;
      afterId = rows[rows.length - 1].id;
    }
    return {
      year: dto.year,
      days: expanded.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? '' })),
      weekdaysOff: expanded.weekdaysOff,
      makeupDays: expanded.makeupDays,
      appealsMoving,
      movingEarlier,
      movingLater,
      moves,
    };
  }

  /** Saves the year (replacing whatever was stored for it), declares it and queues the recompute, in one transaction. */
  async save(user: AuthUser, dto: YearScheduleDto): Promise<{ year: number; days: number }> {
    const { expanded, previousLastDay } = await this.check(dto);
    const saved = await this.calendarRepository.importYear(
      dto.year,
      expanded.days,
      { note: dto.note ?? null, holidays: dto.holidays },
      user.id,
      previousLastDay,
      this.clock.now(),
    );
    if (!saved) throw AppError.conflict(`The year ${dto.year} is already declared complete`);
    this.calendar.invalidate();
    this.logger.log({ msg: 'calendar year entered and declared; provisional deadlines will be recomputed', year: dto.year, by: user.id });
    this.yearDeclared.notify(dto.year);
    return { year: dto.year, days: expanded.days.length };
  }

  private async check(dto: YearScheduleDto): Promise<{ expanded: ExpandedSchedule; previousLastDay: string }> {
    const years = await this.calendarRepository.loadYears();
    if (years.some((y) => y.year === dto.year)) throw AppError.conflict(`The year ${dto.year} is already declared complete`);
    const coverage = await this.calendar.coverage();
    if (!coverage)
      throw AppError.badRequest('The calendar is empty: seed it first (npm run calendar:sync)', [
        { field: 'year', message: 'no coverage' },
      ]);
    const next = Number(coverage.lastDay.slice(0, 4)) + 1;
    if (dto.year !== next) {
      throw AppError.badRequest(`The calendar covers ${coverage.firstDay}..${coverage.lastDay}; the next year to enter is ${next}`, [
        { field: 'year', message: `must be ${next}` },
      ]);
    }
    const { problems, expanded } = expandYearSchedule(dto);
    if (!expanded) throw AppError.badRequest(`The ${dto.year} schedule has ${problems.length} problem(s)`, problems);
    return { expanded, previousLastDay: coverage.lastDay };
  }
}
