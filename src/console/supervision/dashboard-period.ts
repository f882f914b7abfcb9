import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsOptionalDivisionCode } from '../../common/validation/query-fields';
import { isEnded, nextPeriod, periodContaining, previousPeriod, type Period } from '../../supervision/domain';
import { TREND_KINDS } from '../../supervision/metrics/dto/metrics-query.dto';
import { resolvePeriod } from '../../supervision/shared/period-query';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';

export type DashboardPeriodKind = (typeof TREND_KINDS)[number];

/** The cadence of the programme: 周监测、旬调度、月盘点, and the quarter. */
export const PERIOD_KIND_LABELS: Record<DashboardPeriodKind, string> = { week: '周', xun: '旬', month: '月', quarter: '季度' };

/** The console dashboard's query: a region in reach (checked by the supervision services) and a period. */
export class DashboardPageQueryDto {
  @IsOptionalDivisionCode()
  regionCode?: string;

  @IsOptional()
  @IsIn(TREND_KINDS)
  period?: DashboardPeriodKind;

  @IsOptional()
  @IsString()
  @Length(4, 32)
  key?: string;
}

export interface PeriodLink {
  key: string;
  label: string;
  /** The dashboard's URL for it (keeping the region). */
  href: string;
}

export interface PeriodPicker {
  kind: DashboardPeriodKind;
  kindLabel: string;
  key: string;
  label: string;
  /** The period still running (its figures are as of now). */
  running: boolean;
  /** The running month with nothing chosen: the dashboard's precomputed figures answer. */
  isDefault: boolean;
  previous: PeriodLink;
  /** Null from the running period on: there are no figures in the future. */
  next: PeriodLink | null;
  /** The running period of the kind, unless it is the one shown. */
  current: PeriodLink | null;
  kinds: Array<{ kind: DashboardPeriodKind; label: string; href: string; selected: boolean }>;
}

function href(kind: DashboardPeriodKind, key: string, regionCode: string | undefined): string {
  const query = new URLSearchParams({ ...(regionCode ? { regionCode } : {}), period: kind, key });
  return `/dashboard?${query.toString()}`;
}

function link(period: Period, regionCode: string | undefined): PeriodLink {
  return { key: period.key, label: period.label, href: href(period.kind as DashboardPeriodKind, period.key, regionCode) };
}

/**
 * The period a dashboard shows and the picker around it: previous / next / the running one,
 * and the other kinds (switching kind keeps the moment looked at: the period of the new kind
 * that holds the last day shown, or today while the shown period runs). A key that names no
 * period of the kind is the API's 400 that names the field; a period in the future is shown as
 * the running one would be (empty), without a "next".
 */
export function periodPicker(
  query: { period?: DashboardPeriodKind; key?: string; regionCode?: string },
  now: Date,
): { period: Period; picker: PeriodPicker } {
  const kind = query.period ?? 'month';
  const period = resolvePeriod({ period: kind, key: query.key }, now);
  const running = periodContaining(kind, now);
  const ended = isEnded(period, now);
  const today = shanghaiDateOf(now);
  const anchor = ended ? period.toDate : today;
  const picker: PeriodPicker = {
    kind,
    kindLabel: PERIOD_KIND_LABELS[kind],
    key: period.key,
    label: period.label,
    running: !ended && period.fromDate <= today,
    isDefault: kind === 'month' && period.key === running.key,
    previous: link(previousPeriod(period), query.regionCode),
    next: ended ? link(nextPeriod(period), query.regionCode) : null,
    current: period.key === running.key ? null : link(running, query.regionCode),
    kinds: TREND_KINDS.map((k) => ({
      kind: k,
      label: PERIOD_KIND_LABELS[k],
      href: href(k, periodContaining(k, anchor).key, query.regionCode),
      selected: k === kind,
    })),
  };
  return { period, picker };
}
