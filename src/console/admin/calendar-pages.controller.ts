import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { CalendarApiService } from '../../sla/calendar/calendar-api.service';
import { DeclareYearDto, PutCalendarDayDto } from '../../sla/calendar/dto/calendar.dto';
import { assertIsoDate, shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { checked, integer, readFields, text, validateAs, type FormBody } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError } from '../shared/error-messages';
import { WEEKDAY_HEADS, yearView } from './calendar-year-view';

function isDate(value: string): boolean {
  try {
    assertIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The admin's working-day calendar pages: the year as twelve month grids (calendar-year-view.ts;
 * each holiday / make-up day links to its correction page) with its audit trail, the
 * single-day correction form (with a reason, and a confirmation to remove an entry: no bare
 * delete buttons on the list), and declaring a year. The whole-year form is in
 * calendar-year-pages.controller.ts.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/calendar')
export class CalendarPagesController {
  constructor(
    private readonly calendar: CalendarApiService,
    private readonly clock: Clock,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  async calendarPage(@Res() reply: FastifyReply, @Query('year') yearText?: string) {
    const coverage = await this.calendar.coverage();
    const thisYear = Number(shanghaiDateOf(this.clock.now()).slice(0, 4));
    const asked = Number(yearText);
    const year = /^\d{4}$/.test(yearText ?? '') && asked >= 2000 && asked <= 2100 ? asked : thisYear;
    const [days, audit] = await Promise.all([this.calendar.listDays(year), this.calendar.audit(year)]);
    const nextYear = coverage.lastDay ? Number(coverage.lastDay.slice(0, 4)) + 1 : thisYear;
    await this.pages.page(reply, 'admin/calendar', {
      title: '工作日历',
      coverage,
      year,
      view: yearView(year, days),
      weekdays: WEEKDAY_HEADS,
      audit: audit.slice(0, 30),
      nextYear,
      years: [year - 1, year, year + 1],
    });
  }

  /** The "go to a day" form of the calendar page. */
  @Get('day')
  async goToDay(@Res() reply: FastifyReply, @Query('date') date?: string) {
    if (!date || !isDate(date)) return this.pages.redirect(reply, '/admin/calendar', { kind: 'error', text: '请选择有效日期' });
    await this.pages.redirect(reply, `/admin/calendar/days/${date}`);
  }

  /** The correction form of one day: what is stored, its history, and set / remove with a reason. */
  @Get('days/:date')
  async dayPage(@Res() reply: FastifyReply, @Param('date') date: string) {
    if (!isDate(date)) throw AppError.badRequest(`${JSON.stringify(date)} is not a date`, [{ field: 'date', message: 'YYYY-MM-DD' }]);
    await this.renderDay(reply, date, {}, {});
  }

  /**
   * Sets or removes one day's entry; the reason is required and goes to the audit record, and a
   * removal needs its confirmation box ticked. Problems come back on the form, at their field.
   */
  @Post('days')
  async putDay(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    const date = text(body, 'date') ?? '';
    const values = { date, kind: text(body, 'kind') ?? '', name: text(body, 'name') ?? '', reason: text(body, 'reason') ?? '' };
    const errors: Record<string, string> = {};
    if (!isDate(date)) errors.date = '请选择有效日期（年-月-日）';
    if (!['holiday', 'workday', 'remove'].includes(values.kind)) errors.kind = '请选择：放假、调休上班或移除设置';
    if (values.reason.length < 2) errors.reason = '请填写更正原因（至少 2 个字），将记入变更记录';
    else if (values.reason.length > 255) errors.reason = '更正原因最多 255 个字';
    if (values.name.length > 64) errors.name = '名称最多 64 个字';
    if (values.kind === 'remove' && !checked(body, 'confirm')) errors.confirm = '移除设置前请勾选确认';
    if (!Object.keys(errors).length) {
      try {
        if (values.kind === 'remove') {
          await this.calendar.deleteDay(s.user, date, values.reason);
          return this.pages.redirect(reply, `/admin/calendar?year=${date.slice(0, 4)}`, {
            kind: 'success',
            text: `已移除 ${date} 的设置（已记入变更记录）`,
          });
        }
        const dto = await validateAs(PutCalendarDayDto, { kind: values.kind, name: values.name || undefined, reason: values.reason });
        await this.calendar.putDay(s.user, date, dto);
        return this.pages.redirect(reply, `/admin/calendar?year=${date.slice(0, 4)}`, {
          kind: 'success',
          text: `已保存 ${date}（已记入变更记录）`,
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
        if (error.code === ErrorCode.NotFound) errors.kind = '该日没有可移除的设置';
        else errors.form = `${describeError({ statusCode: 400, code: error.code, message: error.message }).title}：${error.message}`;
      }
    }
    if (!isDate(date)) {
      return this.pages.redirect(reply, '/admin/calendar', { kind: 'error', text: `保存日历更正未完成：${errors.date}` });
    }
    await this.renderDay(reply, date, values, errors, 422);
  }

  private async renderDay(
    reply: FastifyReply,
    date: string,
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200): Promise<void> {
    const year = Number(date.slice(0, 4));
    const [day, stored, audit] = await Promise.all([
      this.calendar.describeDay(date).catch(() => null),
      this.calendar.listDays(year).then((days) => days.find((d) => d.date === date) ?? null),
      this.calendar.audit(year),
    ]);
    await this.pages.page(
      reply,
      'admin/calendar-day',
      {
        title: `更正 ${date}`,
        date,
        day,
        stored,
        history: audit.filter((a) => a.day === date),
        values: { kind: stored?.kind ?? 'holiday', name: stored?.name ?? '', ...values },
        errors,
      },
      status,
    );
  }

  @Post('years')
  async declareYear(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attempt(reply, '/admin/calendar', '/admin/calendar', '确认年度日历', async () => {
      const dto = await validateAs(DeclareYearDto, readFields(body, { year: integer, note: text }));
      await this.calendar.declareYear(s.user, dto);
      return `${dto.year} 年日历已确认，时限计算可覆盖至该年底`;
    });
  }

  /** Runs a change; success goes to `done`, a fixable error back to the form with its message. */
  private async attempt(reply: FastifyReply, back: string, done: string, what: string, work: () => Promise<string>): Promise<void> {
    try {
      const message = await work();
      await this.pages.redirect(reply, done, { kind: 'success', text: message });
    } catch (error) {
      if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
      const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
      await this.pages.redirect(reply, back, {
        kind: 'error',
        text: `${what}未完成：${described.title}`,
        details: described.details.length ? described.details : [error.message],
      });
    }
  }
}
