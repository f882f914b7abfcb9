import { countMetricRows, replaceContributions } from './metric-row-counts';
import { emptyMetricRow, type MetricRow } from './metric-row';

const at = (iso: string) => new Date(iso);
// May 2026 in Shanghai.
const may = { from: at('2026-04-30T16:00:00Z'), to: at('2026-05-31T16:00:00Z') };

function row(id: number, fields: Partial<MetricRow>): MetricRow {
  return { ...emptyMetricRow({ id, regionCode: '511802', cityCode: '511800', categoryId: 3 }), ...fields };
}

// R1: responded on time, resolved late, redone once, verified solved + satisfied, closed in May.
const r1 = row(1, {
  status: 'closed',
  finishedAt: at('2026-05-21T02:00:00Z'),
  leadDepartmentId: 12,
  submittedAt: at('2026-05-04T01:00:00Z'),
  responseDueAt: at('2026-05-05T01:00:00Z'),
  signedAt: at('2026-05-04T03:00:00Z'),
  assignedAt: at('2026-05-04T02:00:00Z'),
  resolutionDueAt: at('2026-05-15T09:30:00Z'),
  resolvedAt: at('2026-05-20T03:00:00Z'),
  closureType: 'resolved',
  verifiedAt: at('2026-05-21T02:00:00Z'),
  solved: 'yes',
  satisfaction: 'satisfied',
  closedAt: at('2026-05-21T02:00:00Z'),
  redoCount: 1,
  extensionCount: 1,
});
// R2 (another county, unrouted): rejected before anyone signed; its response fell due in May.
const r2 = row(2, {
  regionCode: '511803',
  status: 'rejected',
  finishedAt: at('2026-05-06T01:00:00Z'),
  submittedAt: at('2026-05-06T00:00:00Z'),
  responseDueAt: at('2026-05-07T00:00:00Z'),
});
// R3: in progress, due in May and not resolved: overdue and open at the end.
const r3 = row(3, {
  status: 'in_progress',
  leadDepartmentId: 12,
  submittedAt: at('2026-05-10T01:00:00Z'),
  responseDueAt: at('2026-05-11T01:00:00Z'),
  signedAt: at('2026-05-12T01:00:00Z'),
  assignedAt: at('2026-05-10T02:00:00Z'),
  resolutionDueAt: at('2026-05-25T09:30:00Z'),
  objectionCount: 1,
});

describe('counting metric families over rows', () => {
  it('counts each family by the same rules as the SQL, per group', () => {
    const [county] = countMetricRows([r1, r2, r3], may, ['county'], (id) =>
      id === 1 ? [{ from: at('2026-05-08T01:00:00Z'), to: at('2026-05-09T01:00:00Z') }] : [],
    );
    const byKey = <T extends { g: string }>(rows: T[]) => Object.fromEntries(rows.map(({ g, ...rest }) => [g, rest]));
    // R2 was rejected before anyone signed: nobody had to respond, and its county has no response row.
    expect(byKey(county.response)).toEqual({ '511802': { due: 2, onTime: 1 } });
    expect(byKey(county.dueUnresolved)).toEqual({ '511802': { n: 1 } });
    expect(byKey(county.resolved)).toEqual({
      '511802': { resolved: 1, onTime: 0, redo: 1, closureResolved: 1, closurePartly: 0, closureExplained: 0 },
    });
    expect(byKey(county.verified)['511802']).toMatchObject({ verified: 1, solvedYes: 1, rated: 1, satisfied: 1, onBehalf: 0 });
    expect(byKey(county.assigned)).toEqual({ '511802': { handled: 2, objection: 1, extension: 1 } });
    expect(byKey(county.open)).toEqual({ '511802': { open: 1, overdue: 1 } });
    expect(county.closed).toEqual([
      {
        g: '511802',
        id: 1,
        submittedAt: r1.submittedAt,
        resolvedAt: r1.resolvedAt,
        pauses: [{ from: at('2026-05-08T01:00:00Z'), to: at('2026-05-09T01:00:00Z') }],
        duplicate: false,
      },
    ]);
  });

  it('keys departments, with unrouted appeals under none, and a total', () => {
    const [department, total] = countMetricRows([r1, r2, r3], may, ['department', 'total']);
    expect(department.assigned.map((r) => r.g)).toEqual(['12']);
    expect(department.response.map((r) => r.g)).toEqual(['12']);
    expect(total.open).toEqual([{ g: 'all', open: 1, overdue: 1 }]);
  });

  it('counts an appeal open at the end when it finished at or after the end', () => {
    const closedInJune = { ...r1, closedAt: at('2026-06-01T01:00:00Z'), finishedAt: at('2026-06-01T01:00:00Z') };
    const rejectedInJune = { ...r2, finishedAt: at('2026-05-31T16:00:00Z') };
    const [total] = countMetricRows([closedInJune, rejectedInJune], may, ['total']);
    expect(total.open).toEqual([{ g: 'all', open: 2, overdue: 0 }]);
    expect(total.closed).toEqual([]);
  });

  it('leaves a duplicate out of the response count and marks it among the closed, as the SQL does', () => {
    // Closed as a duplicate (重复) at intake: its response fell due in May, nobody had to sign for it.
    const duplicate = row(4, {
      status: 'closed',
      finishedAt: at('2026-05-06T02:00:00Z'),
      submittedAt: at('2026-05-06T01:00:00Z'),
      responseDueAt: at('2026-05-07T01:00:00Z'),
      closedAt: at('2026-05-06T02:00:00Z'),
      duplicateOfId: 1,
    });
    const [alone] = countMetricRows([duplicate], may, ['total']);
    expect(alone.response).toEqual([]);
    expect(alone.closed).toEqual([expect.objectContaining({ id: 4, duplicate: true })]);
    const [withR1] = countMetricRows([r1, duplicate], may, ['total']);
    expect(withR1.response).toEqual([{ g: 'all', due: 1, onTime: 1 }]);
    expect(withR1.closed.map((c) => [c.id, c.duplicate])).toEqual([
      [1, false],
      [4, true],
    ]);
  });
});

describe('ratings ruled unreasonable (不合理差评)', () => {
  it('leave the rated count and their level and are counted apart, as the SQL does', () => {
    const rated = (id: number, satisfaction: string, ratingRuledAt: Date | null) =>
      row(id, {
        status: 'in_progress',
        submittedAt: at('2026-05-04T01:00:00Z'),
        verifiedAt: at('2026-05-12T01:00:00Z'),
        solved: 'no',
        satisfaction,
        redoCount: 1,
        ratingRuledAt,
      });
    const [total] = countMetricRows(
      [
        rated(11, 'dissatisfied', at('2026-05-13T01:00:00Z')),
        rated(12, 'very_dissatisfied', null),
        rated(13, 'very_dissatisfied', at('2026-06-02T01:00:00Z')),
        rated(14, 'satisfied', null),
      ],
      may,
      ['total'],
    );
    expect(total.verified).toEqual([
      expect.objectContaining({ verified: 4, rated: 2, satisfied: 1, dissatisfied: 0, veryDissatisfied: 1, unreasonable: 2 }),
    ]);
  });
});

describe('replacing some appeals’ contributions', () => {
  it('takes out what they count now and puts in what they counted then, dropping groups left empty', () => {
    // The table saw r1 redone and resolved again in June, so May had nothing resolved for it.
    const redoneInJune = {
      ...r1,
      status: 'resolved',
      resolvedAt: at('2026-06-05T03:00:00Z'),
      closedAt: null,
      finishedAt: null,
      verifiedAt: null,
    };
    const [table] = countMetricRows([redoneInJune, r3], may, ['county']);
    const [now] = countMetricRows([redoneInJune], may, ['county']);
    const [then] = countMetricRows([r1], may, ['county']);
    const [expected] = countMetricRows([r1, r3], may, ['county']);
    const replaced = replaceContributions(table, now, then);
    expect(replaced).toEqual(expected);

    const [withoutR3] = countMetricRows([r3], may, ['county']);
    const [nothing] = countMetricRows([], may, ['county']);
    expect(replaceContributions(withoutR3, withoutR3, nothing)).toEqual(nothing);
  });
});
