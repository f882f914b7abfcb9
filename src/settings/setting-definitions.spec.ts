import { SETTING_DEFINITIONS, SETTING_KEYS, validateSetting } from './setting-definitions';

describe('setting definitions', () => {
  it('accepts every default', () => {
    for (const key of SETTING_KEYS) {
      expect(validateSetting(key, SETTING_DEFINITIONS[key].defaultValue)).toMatchObject({ ok: true });
    }
  });

  it('validates working hours with the domain rules', () => {
    expect(validateSetting('sla.working_hours', [{ start: '08:30', end: '12:00' }])).toMatchObject({ ok: true });
    expect(validateSetting('sla.working_hours', [{ start: '13:00', end: '12:00' }])).toMatchObject({ ok: false });
    expect(
      validateSetting('sla.working_hours', [
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ]),
    ).toMatchObject({ ok: false });
    expect(validateSetting('sla.working_hours', '09:00-17:30')).toMatchObject({ ok: false });
  });

  it('keeps the yellow share strictly between 0 and 1', () => {
    expect(validateSetting('sla.yellow_share', 0.8)).toEqual({ ok: true, value: 0.8 });
    expect(validateSetting('sla.yellow_share', 1)).toMatchObject({ ok: false });
    expect(validateSetting('sla.yellow_share', '0.7')).toMatchObject({ ok: false });
  });

  it('wants ladder thresholds that do not decrease and no unknown fields', () => {
    const ladder = { supervisionAfterOverdueWorkingDays: 1, yellowCardAfterOverdueWorkingDays: 5, redCardAfterOverdueWorkingDays: 10 };
    expect(validateSetting('sla.ladder', ladder)).toEqual({ ok: true, value: ladder });
    expect(validateSetting('sla.ladder', { ...ladder, redCardAfterOverdueWorkingDays: 4 })).toMatchObject({ ok: false });
    expect(validateSetting('sla.ladder', { ...ladder, extra: 1 })).toMatchObject({
      ok: false,
      errors: [{ field: 'value.extra' }],
    });
    expect(validateSetting('sla.ladder', { ...ladder, yellowCardAfterOverdueWorkingDays: 2.5 })).toMatchObject({ ok: false });
  });

  it('checks the objection window, the satisfaction switch and the weights', () => {
    expect(validateSetting('sla.objection_window_working_days', 2)).toMatchObject({ ok: true });
    expect(validateSetting('sla.objection_window_working_days', -1)).toMatchObject({ ok: false });
    expect(validateSetting('metrics.basically_satisfied_counts', 'yes')).toMatchObject({ ok: false });
    const weights = SETTING_DEFINITIONS['metrics.weights'].defaultValue;
    expect(validateSetting('metrics.weights', { ...weights, responseRate: -1 })).toMatchObject({ ok: false });
    expect(validateSetting('metrics.weights', Object.fromEntries(Object.keys(weights).map((k) => [k, 0])))).toMatchObject({ ok: false });
  });
});
