import { WorkingCalendar } from '../domain/working-calendar';
import { calendarDefinitionFrom } from './calendar-coverage';

describe('calendarDefinitionFrom', () => {
  const days = [
    { date: '2025-10-01', kind: 'holiday' as const, name: '国庆节' },
    { date: '2027-02-06', kind: 'holiday' as const, name: '春节' },
  ];

  it('covers the first run of consecutive years', () => {
    const definition = calendarDefinitionFrom([2026, 2024, 2025], days);
    expect(definition).toMatchObject({ firstDay: '2024-01-01', lastDay: '2026-12-31' });
    expect(definition?.overrides.map((d) => d.date)).toEqual(['2025-10-01']);
  });

  it('stops at a gap, so a later year alone does not extend coverage', () => {
    const definition = calendarDefinitionFrom([2024, 2025, 2027], days);
    expect(definition?.lastDay).toBe('2025-12-31');
    expect(new WorkingCalendar(definition!).covers('2027-02-06')).toBe(false);
  });

  it('includes days of a newly declared year', () => {
    const definition = calendarDefinitionFrom([2025, 2026, 2027], days);
    expect(definition?.lastDay).toBe('2027-12-31');
    expect(new WorkingCalendar(definition!).describeDay('2027-02-06')).toMatchObject({ kind: 'holiday', working: false });
  });

  it('is null without any year', () => {
    expect(calendarDefinitionFrom([], days)).toBeNull();
  });
});
