import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { SettingsService } from '../settings/settings.service';
import { CalendarService } from './calendar/calendar.service';
import { addWorkingDays, computeDue, elapsedMsInUnit, extendDue, type LimitUnit, shiftDueForPause } from './domain/deadline';
import { type Based, combineBases } from './domain/deadline-basis';
import { type LightAndNextCheck, lightSchedule } from './domain/light-schedule';
import { SlaPoliciesRepository } from './policies/sla-policies.repository';
import type { PolicyLevel, SlaPolicyRecord, SlaPolicyRow, Urgency } from './policies/sla-policy';

export type { SlaPolicyRow } from './policies/sla-policy';

export type { LightAndNextCheck } from './domain/light-schedule';

function toRow(record: SlaPolicyRecord): SlaPolicyRow {
  return {
    id: record.id,
    categoryId: record.categoryId,
    urgency: record.urgency,
    level: record.level,
    policyVersion: record.policyVersion,
    responseAmount: record.responseAmount,
    responseUnit: record.responseUnit,
    resolutionDays: record.resolutionDays,
    resolutionDaysCohandled: record.resolutionDaysCohandled,
    verificationDays: record.verificationDays,
  };
}

/**
 * The deadlines of one appeal, computed with the cached working-day calendar. The appeals
 * service calls these inside its transactions. A deadline that needs a day past the calendar's
 * coverage is counted provisionally and says so (`basis`); nothing is refused for that.
 */
@Injectable()
export class SlaTimersService {
  constructor(
    private readonly calendar: CalendarService,
    private readonly settings: SettingsService,
    private readonly policies: SlaPoliciesRepository,
  ) {}

  /** Current version of the most specific policy: category exact (or its parent category) beats NULL; level exact beats NULL; urgency must match. */
  async currentPolicy(manager: EntityManager, q: { categoryId: number; urgency: Urgency; level: PolicyLevel }): Promise<SlaPolicyRow> {
    const record = await this.policies.findCurrentFor(manager, q);
    if (!record) {
      // The migration seeds province-wide defaults for both urgencies, so this means data was damaged.
      throw new AppError(
        ErrorCode.Unprocessable,
        `No SLA policy applies to category ${q.categoryId}, urgency ${q.urgency}, level ${q.level}`,
      );
    }
    return toRow(record);
  }

  async policyById(manager: EntityManager, id: number): Promise<SlaPolicyRow> {
    const record = await this.policies.findById(manager, id);
    if (!record) throw AppError.notFound('SLA policy', id);
    return toRow(record);
  }

  /** Accept + sign must happen by then (the rapid-response limit, e.g. 24 natural hours). */
  responseDue(submittedAt: Date, policy: SlaPolicyRow): Promise<Based<Date>> {
    return this.calendar.computeWithBasis('the response deadline', ({ calendar, hours }) =>
      computeDue(submittedAt, { amount: policy.responseAmount, unit: policy.responseUnit }, calendar, hours),
    );
  }

  resolutionDue(startedAt: Date, policy: SlaPolicyRow, coHandled: boolean): Promise<Based<Date>> {
    const days = coHandled ? policy.resolutionDaysCohandled : policy.resolutionDays;
    return this.calendar.computeWithBasis('the resolution deadline', ({ calendar, hours }) =>
      addWorkingDays(startedAt, days, calendar, hours),
    );
  }

  /** End of the window in which the department may object to the routing (setting, default 1 working day). */
  async objectionDeadline(assignedAt: Date): Promise<Based<Date>> {
    const days = await this.settings.objectionWindowWorkingDays();
    return this.calendar.computeWithBasis('the objection window', ({ calendar, hours }) =>
      addWorkingDays(assignedAt, days, calendar, hours),
    );
  }

  verificationDue(resolvedAt: Date, policy: SlaPolicyRow): Promise<Based<Date>> {
    return this.calendar.computeWithBasis('the verification window', ({ calendar, hours }) =>
      addWorkingDays(resolvedAt, policy.verificationDays, calendar, hours),
    );
  }

  /** An approved extension: N working days counted from the day after the old due day; provisional stays provisional. */
  async extendDue(due: Based<Date>, workingDays: number): Promise<Based<Date>> {
    const extended = await this.calendar.computeWithBasis('an extended deadline', ({ calendar, hours }) =>
      extendDue(due.value, workingDays, calendar, hours),
    );
    return { value: extended.value, basis: combineBases(due.basis, extended.basis) };
  }

  /** The resolution deadline after a finished suspension, pushed by the working time the pause consumed. */
  async shiftForPause(due: Based<Date>, pausedFrom: Date, pausedTo: Date, _policy: SlaPolicyRow): Promise<Based<Date>> {
    const shifted = await this.calendar.computeWithBasis('a deadline after suspension', ({ calendar, hours }) =>
      shiftDueForPause(due.value, pausedFrom, pausedTo, { unit: 'working_days' }, calendar, hours),
    );
    return { value: shifted.value, basis: combineBases(due.basis, shifted.basis) };
  }

  /**
   * Working (or natural, for natural-hour limits) time a finished pause consumed, in ms: what the
   * appeals module adds to `appeals.paused_ms` so lightFor can discount it.
   */
  pausedMs(pausedFrom: Date, pausedTo: Date, unit: LimitUnit): Promise<number> {
    return this.calendar.compute('paused time', ({ calendar, hours }) => elapsedMsInUnit(pausedFrom, pausedTo, unit, calendar, hours));
  }

  /**
   * The light at `now` and when the sweep must look again. `pausedMs` is the time finished pauses
   * consumed since `startedAt`, measured in the limit's unit (`due` already includes their shift),
   * so the allowance and the used time both exclude it.
   */
  async lightFor(startedAt: Date, due: Date, now: Date, unit: LimitUnit, pausedMs = 0): Promise<LightAndNextCheck> {
    const yellowShare = await this.settings.yellowShare();
    return this.calendar.compute('the warning light', ({ calendar, hours }) =>
      lightSchedule(startedAt, due, now, unit, pausedMs, yellowShare, calendar, hours),
    );
  }
}
