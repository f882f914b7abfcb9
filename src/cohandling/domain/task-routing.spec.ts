import type { CoHandlerTaskStatus } from './co-handler-task';
import { effectiveTaskDays } from './task-deadline';
import { planTaskReplacement } from './task-routing';

const task = (id: string, departmentId: string, status: CoHandlerTaskStatus) => ({ id, departmentId, status });

describe('planTaskReplacement', () => {
  it('asks every co-handler of a first routing for its part', () => {
    expect(planTaskReplacement([], ['7', '9'])).toEqual({ withdraw: [], create: ['7', '9'] });
  });

  it('keeps the open or signed task of a department that still co-handles, with its clock', () => {
    const existing = [task('1', '7', 'open'), task('2', '9', 'signed')];
    expect(planTaskReplacement(existing, ['7', '9'])).toEqual({ withdraw: [], create: [] });
  });

  it('withdraws what a dropped department still owed, and nothing it delivered', () => {
    const existing = [task('1', '7', 'signed'), task('2', '9', 'answered'), task('3', '11', 'open')];
    expect(planTaskReplacement(existing, [])).toEqual({ withdraw: ['1', '3'], create: [] });
  });

  it('asks again a department that delivered, objected or was waived under the earlier routing', () => {
    const existing = [task('1', '7', 'answered'), task('2', '9', 'objected'), task('3', '11', 'waived'), task('4', '13', 'withdrawn')];
    expect(planTaskReplacement(existing, ['7', '9', '11', '13'])).toEqual({ withdraw: [], create: ['7', '9', '11', '13'] });
  });

  it('never asks one department twice when the list repeats it', () => {
    expect(planTaskReplacement([], ['7', '7'])).toEqual({ withdraw: [], create: ['7'] });
  });
});

describe('effectiveTaskDays', () => {
  it('keeps the setting when it is shorter than the lead limit', () => {
    expect(effectiveTaskDays(3, 10)).toEqual({ taskDays: 3, leadDays: 10 });
  });

  it('shortens the setting to one day under the lead limit', () => {
    expect(effectiveTaskDays(5, 5)).toEqual({ taskDays: 4, leadDays: 5 });
  });

  it('gives at least one working day, even when the lead has only one', () => {
    expect(effectiveTaskDays(3, 1)).toEqual({ taskDays: 1, leadDays: 2 });
  });
});
