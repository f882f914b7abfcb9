import { metricFactsOf } from '../../appeals/events/metric-facts';
import { finishedAtFromLog, foldEvents, type LoggedEvent } from './metric-row';

const at = (iso: string) => new Date(iso);
const statics = { id: 7, regionCode: '511802', cityCode: '511800', categoryId: 3 };
const event = (iso: string, fromStatus: string | null, toStatus: string, columns: Record<string, unknown> = {}): LoggedEvent => ({
  createdAt: at(iso),
  fromStatus,
  toStatus,
  facts: metricFactsOf(columns) ?? null,
});

// Submitted, routed, signed, resolved in May; sent back for redo and resolved again in June.
const log: LoggedEvent[] = [
  event('2026-05-04T01:00:00Z', null, 'submitted', {
    submitted_at: at('2026-05-04T01:00:00Z'),
    response_due_at: at('2026-05-05T01:00:00Z'),
    sla_policy_id: 2,
  }),
  event('2026-05-04T02:00:00Z', 'submitted', 'assigned', { lead_department_id: 12, assigned_at: at('2026-05-04T02:00:00Z') }),
  event('2026-05-04T03:00:00Z', 'assigned', 'in_progress', {
    signed_at: at('2026-05-04T03:00:00Z'),
    resolution_due_at: at('2026-05-15T09:30:00Z'),
  }),
  event('2026-05-20T03:00:00Z', 'in_progress', 'resolved', { resolved_at: at('2026-05-20T03:00:00Z'), closure_type: 'resolved' }),
  event('2026-06-02T03:00:00Z', 'resolved', 'in_progress', {
    verified_at: at('2026-06-02T03:00:00Z'),
    solved: 'no',
    satisfaction: 'dissatisfied',
    redo_count: 1,
  }),
  event('2026-06-03T03:00:00Z', 'in_progress', 'in_progress'),
  event('2026-06-05T03:00:00Z', 'in_progress', 'resolved', { resolved_at: at('2026-06-05T03:00:00Z'), closure_type: 'partly_resolved' }),
];

describe('folding an appeal’s events to an instant', () => {
  it('is the appeal as it stood at the end of May: resolved once, not yet redone', () => {
    expect(foldEvents(statics, log, at('2026-05-31T16:00:00Z'))).toMatchObject({
      ...statics,
      status: 'resolved',
      leadDepartmentId: 12,
      resolvedAt: at('2026-05-20T03:00:00Z'),
      closureType: 'resolved',
      verifiedAt: null,
      redoCount: 0,
      resolutionDueAt: at('2026-05-15T09:30:00Z'),
      finishedAt: null,
    });
  });

  it('applies later facts over earlier ones and takes the status of the last event', () => {
    expect(foldEvents(statics, log, at('2026-06-30T16:00:00Z'))).toMatchObject({
      status: 'resolved',
      resolvedAt: at('2026-06-05T03:00:00Z'),
      closureType: 'partly_resolved',
      verifiedAt: at('2026-06-02T03:00:00Z'),
      solved: 'no',
      redoCount: 1,
    });
  });

  it('leaves out events at the instant itself and is null before the first event', () => {
    expect(foldEvents(statics, log, at('2026-05-20T03:00:00Z'))?.status).toBe('in_progress');
    expect(foldEvents(statics, log, at('2026-05-04T01:00:00Z'))).toBeNull();
  });

  it('dates a terminal status by the event that moved the appeal there, not by a later comment', () => {
    const withdrawn = [
      ...log.slice(0, 2),
      event('2026-05-06T01:00:00Z', 'assigned', 'withdrawn'),
      event('2026-05-09T01:00:00Z', 'withdrawn', 'withdrawn'),
    ];
    expect(foldEvents(statics, withdrawn, at('2026-06-01T00:00:00Z'))).toMatchObject({
      status: 'withdrawn',
      finishedAt: at('2026-05-06T01:00:00Z'),
    });
    expect(finishedAtFromLog('withdrawn', withdrawn)).toEqual(at('2026-05-06T01:00:00Z'));
    expect(finishedAtFromLog('in_progress', withdrawn)).toBeNull();
  });
});

describe('metric facts', () => {
  it('records only the metric columns, dates as ISO text and ids as numbers', () => {
    expect(
      metricFactsOf({
        status: 'resolved',
        resolved_at: at('2026-05-20T03:00:00Z'),
        lead_department_id: '12',
        title: 'x',
        verified_on_behalf: true,
      }),
    ).toEqual({ resolved_at: '2026-05-20T03:00:00.000Z', lead_department_id: 12, verified_on_behalf: 1 });
    expect(metricFactsOf({ status: 'closed', warning_light: 'red' })).toBeUndefined();
  });

  it('refuses what it cannot record as a value', () => {
    expect(() => metricFactsOf({ redo_count: { sql: 'redo_count + 1' } })).toThrow(/redo_count/);
    expect(() => metricFactsOf({ resolved_at: 'yesterday' })).toThrow(/resolved_at/);
  });
});
