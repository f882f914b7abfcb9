import { label, type Vocabulary } from './labels';

/** Display helpers registered as nunjucks filters; pure functions, so they are easy to test. */

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(value: unknown): Record<string, string> | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(DATE_TIME.formatToParts(date).map((p) => [p.type, p.value]));
}

/** 2026-03-02 10:00 in Asia/Shanghai, whatever the server's zone. */
export function formatDateTime(value: unknown): string {
  const p = parts(value);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : '—';
}

export function formatDate(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const p = parts(value);
  return p ? `${p.year}-${p.month}-${p.day}` : '—';
}

/** "剩余 2天3小时" or "已超期 5小时", for the deadline column. */
export function timeLeft(due: unknown, now: Date): string {
  if (due === null || due === undefined) return '';
  const ms = new Date(due as string).getTime() - now.getTime();
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${minutes}分` : `${minutes}分钟`;
  return ms >= 0 ? `剩余 ${span}` : `已超期 ${span}`;
}

/** 0.9531 → "95.3%"; null (nothing to divide by) → "—". */
export function percent(value: unknown, digits = 1): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  return Number.isFinite(n) ? `${(n * 100).toFixed(digits)}%` : '—';
}

export function fileSize(value: unknown): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The query string of the current filters with some keys replaced (pagination links). */
export function withQuery(query: Record<string, unknown> | undefined, changes: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...(query ?? {}), ...changes })) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** An instant as ISO 8601, for the page's own scripts (live countdowns); '' when absent. */
export function isoInstant(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

export const FILTERS: Record<string, (...args: never[]) => unknown> = {
  iso: isoInstant,
  dt: formatDateTime,
  date: formatDate,
  pct: percent,
  bytes: fileSize,
  label: (value: unknown, vocabulary: Vocabulary) => label(vocabulary, value),
  withQuery,
  pageCount: (page: { total: number; pageSize: number }) => Math.max(1, Math.ceil(page.total / page.pageSize)),
};
