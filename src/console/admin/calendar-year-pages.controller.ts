import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarApiService } from '../../sla/calendar/calendar-api.service';
import { CalendarYearService } from '../../sla/recompute/calendar-year.service';
import type { YearScheduleDto, YearSchedulePreviewDto } from '../../sla/recompute/dto/year-schedule.dto';
import { parseScheduleFile, splitDays, type ScheduleFileContent } from '../../sla/recompute/schedule-file';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { ConsoleController, ConsoleRoles, MultipartForm, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { text, type FormBody } from '../http/form-fields';
import { readMultipartForm } from '../http/multipart-form';
import type { ConsoleSession } from '../session/console-session.service';

const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];
const ROWS = 10;

interface Row {
  name: string;
  firstDay: string;
  lastDay: string;
  makeupDays: string;
}

interface FormState {
  year: string;
  note: string;
  rows: Row[];
}

function column(body: FormBody, key: string): string[] {
  const raw = body[key];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim());
}

function padRows(rows: Row[]): Row[] {
  const padded = [...rows];
  while (padded.length < ROWS) padded.push({ name: '', firstDay: '', lastDay: '', makeupDays: '' });
  return padded;
}

/**
 * Next year's holiday schedule in one go, in the shape of the State Council notice (per holiday:
 * name, first and last day off, make-up working days), typed into the form or uploaded as a JSON
 * or CSV file (see schedule-file.ts). 预览 shows the resulting days and which open appeals'
 * deadlines move and by how much; only then 确认保存 saves it through the API's one-transaction
 * path (POST /api/calendar/schedules). Problems are shown at their field, in Chinese.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/calendar/schedule')
export class CalendarYearPagesController {
  constructor(
    private readonly years: CalendarYearService,
    private readonly calendar: CalendarApiService,
    private readonly clock: Clock,
    private readonly pages: ConsoleRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async form(@Res() reply: FastifyReply) {
    const coverage = await this.calendar.coverage();
    const year = coverage.lastDay ? Number(coverage.lastDay.slice(0, 4)) + 1 : Number(shanghaiDateOf(this.clock.now()).slice(0, 4)) + 1;
    const rows = padRows(HOLIDAY_NAMES.map((name) => ({ name, firstDay: '', lastDay: '', makeupDays: '' })));
    await this.render(reply, { year: String(year), note: '', rows }, {}, null);
  }

  /** 预览 (action=preview) or 确认保存 (action=save) of the typed form. */
  @Post()
  async submit(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    const names = column(body, 'name');
    const rows = names.map((name, i) => ({
      name,
      firstDay: column(body, 'firstDay')[i] ?? '',
      lastDay: column(body, 'lastDay')[i] ?? '',
      makeupDays: column(body, 'makeupDays')[i] ?? '',
    }));
    const state: FormState = { year: text(body, 'year') ?? '', note: text(body, 'note') ?? '', rows: padRows(rows) };
    await this.handle(s, reply, state, text(body, 'action') === 'save');
  }

  /** A file in the notice's shape (JSON, CSV or XLSX): read into the form and previewed. */
  @Post('file')
  @MultipartForm()
  async upload(@Session() s: ConsoleSession, @Req() request: ConsoleRequest, @Res() reply: FastifyReply) {
    const fields: Record<string, string | string[]> = {};
    let content: ScheduleFileContent | null = null;
    let fileError = '';
    try {
      const form = await readMultipartForm(request, { fileSize: Math.min(this.config.IMPORT_MAX_BYTES, 1024 * 1024), files: 1 }, fields);
      const file = form.files[0];
      if (!file) fileError = '请选择 JSON、CSV 或 XLSX 文件';
      else {
        const parsed = await parseScheduleFile(file.filename, file.buffer);
        content = parsed.content;
        fileError = parsed.problems.map((p) => p.message).join('；');
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.code === ErrorCode.Internal || error.code === ErrorCode.CsrfRejected) throw error;
      fileError = error.code === ErrorCode.PayloadTooLarge ? '文件过大（最大 1 MB）' : '无法读取上传的文件';
    }
    const year = content?.year !== undefined ? String(content.year) : (text(fields as FormBody, 'year') ?? '');
    const rows = (content?.holidays ?? []).map((h) => ({ ...h, makeupDays: h.makeupDays.join('、') }));
    const state: FormState = { year, note: content?.note ?? text(fields as FormBody, 'note') ?? '', rows: padRows(rows) };
    if (fileError || !content) return this.render(reply, state, { file: fileError || '文件中没有节假日' }, null, 422);
    await this.handle(s, reply, state, false);
  }

  private async handle(s: ConsoleSession, reply: FastifyReply, state: FormState, save: boolean): Promise<void> {
    const { dto, rowOf, errors } = this.toDto(state);
    // The row problems found here are shown together with the schedule's own (dates, overlaps, make-up days).
    const local = new Set(Object.keys(errors));
    if (dto) {
      try {
        if (local.size) {
          await this.years.preview(dto);
          return this.render(reply, state, errors, null, 422);
        }
        if (save) {
          const saved = await this.years.save(s.user, dto);
          return this.pages.redirect(reply, `/admin/calendar?year=${saved.year}`, {
            kind: 'success',
            text: `${saved.year} 年节假日安排已保存并确认（${saved.days} 天），暂定时限正在重算，结果见“重算记录”`,
          });
        }
        const preview = await this.years.preview(dto);
        return this.render(reply, state, {}, preview);
      } catch (error) {
        if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
        if (error.code === ErrorCode.Conflict) errors.year = `${dto.year} 年已确认完整，不能整年重新录入；如需调整请逐日更正`;
        for (const d of error.details ?? []) {
          const m = /^holidays\[(\d+)\]\.(name|firstDay|lastDay|makeupDays)/.exec(d.field);
          const key = m ? `${rowOf[Number(m[1])]}.${m[2]}` : d.field === 'holidays' ? 'form' : d.field;
          if (local.has(key)) continue;
          const message = d.field === 'year' ? `年度须为 ${d.message.replace(/^must be /, '')}` : d.message;
          errors[key] = errors[key] ? `${errors[key]}；${message}` : message;
        }
        if (!Object.keys(errors).length) errors.form = error.message;
      }
    }
    await this.render(reply, state, errors, null, 422);
  }

  /** The form's filled rows as the API body; blank rows are left out, each problem keyed `row.field`. */
  private toDto(state: FormState): { dto: YearScheduleDto | null; rowOf: number[]; errors: Record<string, string> } {
    const errors: Record<string, string> = {};
    const rowOf: number[] = [];
    const holidays: YearScheduleDto['holidays'] = [];
    state.rows.forEach((r, i) => {
      if (!r.name && !r.firstDay && !r.lastDay && !r.makeupDays) return;
      if (!r.name) errors[`${i}.name`] = '请填写节日名称';
      else if (r.name.length > 32) errors[`${i}.name`] = '名称最多 32 个字';
      if (!r.firstDay) errors[`${i}.firstDay`] = '请填写放假第一天';
      if (!r.lastDay) errors[`${i}.lastDay`] = '请填写放假最后一天';
      const makeup = splitDays(r.makeupDays);
      if (makeup.length > 10) errors[`${i}.makeupDays`] = '调休上班日最多 10 天';
      rowOf.push(i);
      holidays.push({ name: r.name, firstDay: r.firstDay, lastDay: r.lastDay, makeupDays: makeup });
    });
    const year = /^\d{4}$/.test(state.year) ? Number(state.year) : NaN;
    if (Number.isNaN(year)) errors.year = '请填写年度（四位数字）';
    if (!holidays.length) errors.form = '至少填写一个节假日';
    if (state.note.length > 255) errors.note = '说明最多 255 个字';
    if (errors.year || errors.form || errors.note) return { dto: null, rowOf, errors };
    return { dto: { year, holidays, ...(state.note ? { note: state.note } : {}) }, rowOf, errors };
  }

  private render(
    reply: FastifyReply,
    state: FormState,
    errors: Record<string, string>,
    preview: YearSchedulePreviewDto | null,
    status = 200): Promise<void> {
    return this.pages.page(
      reply,
      'admin/calendar-schedule',
      { title: `录入 ${state.year} 年节假日安排`, state, errors, preview },
      status,
    );
  }
}
