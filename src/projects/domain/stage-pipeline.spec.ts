import { decideStageChange, inconsistentPlannedDate, type PipelineStage, validatePipeline } from './stage-pipeline';

const STAGES: PipelineStage[] = [
  ['signed', '签约未落地'],
  ['landed', '落地未开工'],
  ['started', '开工未竣工'],
  ['completed', '竣工未投产'],
  ['producing', '投产未达产'],
  ['at_capacity', '已达产'],
].map(([code, name], i) => ({ code, name, position: i + 1, active: true }));

const request = (fields: Partial<Parameters<typeof decideStageChange>[1]>) =>
  decideStageChange(STAGES, {
    currentStage: 'signed',
    currentSince: '2026-06-30',
    targetStage: 'landed',
    date: '2026-08-01',
    today: '2026-09-16',
    reason: null,
    ...fields,
  });

describe('decideStageChange', () => {
  it('advances to the next stage without a reason', () => {
    expect(request({})).toEqual({ ok: true, kind: 'advance', skipped: [], reachedFinal: false });
  });

  it('marks reaching the last stage', () => {
    expect(request({ currentStage: 'producing', targetStage: 'at_capacity' })).toMatchObject({ ok: true, reachedFinal: true });
  });

  it('refuses to skip a stage without a reason and names the skipped stages', () => {
    const refused = request({ targetStage: 'started' });
    expect(refused).toEqual({ ok: false, field: 'reason', message: 'Skipping 落地未开工 needs a reason' });
    expect(request({ targetStage: 'completed', reason: '  ok ' })).toMatchObject({ ok: false, field: 'reason' });
  });

  it('allows a skip with a reason and records the stages skipped', () => {
    expect(request({ targetStage: 'completed', reason: '土地与施工许可同步办理' })).toEqual({
      ok: true,
      kind: 'skip',
      skipped: ['landed', 'started'],
      reachedFinal: false,
    });
  });

  it('treats a move back as a correction that needs a reason', () => {
    expect(request({ currentStage: 'started', targetStage: 'landed' })).toMatchObject({ ok: false, field: 'reason' });
    expect(request({ currentStage: 'started', targetStage: 'landed', reason: '开工信息录入有误' })).toMatchObject({
      ok: true,
      kind: 'correction',
    });
  });

  it('refuses the current stage, an unknown or retired stage', () => {
    expect(request({ targetStage: 'signed' })).toMatchObject({ ok: false, field: 'toStage' });
    expect(request({ targetStage: 'planned' })).toMatchObject({ ok: false, field: 'toStage' });
    const retired = STAGES.map((s) => (s.code === 'landed' ? { ...s, active: false } : s));
    expect(
      decideStageChange(retired, {
        currentStage: 'signed',
        currentSince: '2026-06-30',
        targetStage: 'landed',
        date: '2026-08-01',
        today: '2026-09-16',
        reason: null,
      }),
    ).toMatchObject({ ok: false, field: 'toStage' });
    // With 落地未开工 retired, 开工未竣工 is the next stage: no skip.
    expect(
      decideStageChange(retired, {
        currentStage: 'signed',
        currentSince: '2026-06-30',
        targetStage: 'started',
        date: '2026-08-01',
        today: '2026-09-16',
        reason: null,
      }),
    ).toMatchObject({ ok: true, kind: 'advance' });
  });

  it('keeps dates consistent: not in the future, not before the current stage was entered', () => {
    expect(request({ date: '2026-09-17' })).toMatchObject({ ok: false, field: 'date' });
    expect(request({ date: '2026-09-16' })).toMatchObject({ ok: true });
    expect(request({ date: '2026-06-29' })).toMatchObject({ ok: false, field: 'date' });
    expect(request({ date: '2026-06-30' })).toMatchObject({ ok: true });
  });
});

describe('inconsistentPlannedDate', () => {
  it('accepts dates that follow the pipeline, ignoring stages without one', () => {
    expect(
      inconsistentPlannedDate(STAGES, [
        { stageCode: 'started', plannedDate: '2026-10-01' },
        { stageCode: 'landed', plannedDate: '2026-09-01' },
        { stageCode: 'completed', plannedDate: null },
      ]),
    ).toBeNull();
    expect(
      inconsistentPlannedDate(STAGES, [
        { stageCode: 'landed', plannedDate: '2026-09-01' },
        { stageCode: 'started', plannedDate: '2026-09-01' },
      ]),
    ).toBeNull();
  });

  it('names the first stage planned before an earlier one', () => {
    expect(
      inconsistentPlannedDate(STAGES, [
        { stageCode: 'landed', plannedDate: '2026-12-01' },
        { stageCode: 'producing', plannedDate: '2026-11-01' },
      ]),
    ).toEqual({
      stageCode: 'producing',
      message: '投产未达产 is planned for 2026-11-01, before 落地未开工 (2026-12-01)',
    });
  });
});

describe('validatePipeline', () => {
  const list = STAGES.map(({ code, name }) => ({ code, name }));
  it('accepts a renamed or reordered pipeline that keeps the stages in use', () => {
    expect(validatePipeline(list, new Set(['signed']))).toBeNull();
    expect(validatePipeline([...list.slice(0, 5), { code: 'at_capacity', name: '达产达效' }], new Set())).toBeNull();
  });
  it('refuses fewer than two stages, duplicates, bad codes and removing a stage in use', () => {
    expect(validatePipeline(list.slice(0, 1), new Set())).toMatchObject({ field: 'stages' });
    expect(validatePipeline([...list, list[0]], new Set())).toMatchObject({ field: 'stages.6.code' });
    expect(validatePipeline([...list, { code: 'other', name: '已达产' }], new Set())).toMatchObject({ field: 'stages.6.name' });
    expect(validatePipeline([{ code: 'Bad', name: 'x' }, ...list], new Set())).toMatchObject({ field: 'stages.0.code' });
    expect(validatePipeline(list.slice(1), new Set(['signed']))).toMatchObject({
      field: 'stages',
      message: expect.stringContaining('signed'),
    });
  });
});
