import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../common/database/unit-of-work';
import type { ColumnChanges } from '../common/database/versioned-update';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { SettingsService } from '../settings/settings.service';
import { addDays, shanghaiDateOf } from '../sla/domain/shanghai-date';
import { daysInMonth, parseIsoDate } from '../supervision/domain/local-date';
import { checkVisitBudget, groupUnit, mergeRefusal, officerUnit, type VisitUnit, weekOf } from './domain/visit-planning';
import { ACTIVE_PLAN_STATUSES, decideVisit, type VisitCommand, type VisitStatus } from './domain/visit-state';
import type { VisitDto } from './dto/visit.dto';
import type { LogPlannedVisitDto, MergeVisitsDto, PlanVisitDto, PlanVisitResultDto, VisitBudgetDto } from './dto/visit-plan.dto';
import { VisitNotifier } from './visit-notifier';
import { clashesOf, VisitPresenter } from './visit-presenter';
import { type FirmForVisit, type VisitColumns, type VisitRow, VisitsRepository } from './visits.repository';
import { VisitsService } from './visits.service';

function calendarDate(field: string, value: string): void {
  if (parseIsoDate(value) === null)
    throw AppError.badRequest(`${field} is not a calendar date: ${value}`, [{ field, message: 'not a calendar date' }]);
}

const isActive = (status: VisitStatus) => (ACTIVE_PLAN_STATUSES as readonly VisitStatus[]).includes(status);

/**
 * Planning visits (#20): plan, the firm's answers and the planner's steps, merging two units'
 * plans of one week. Each step is one transaction: the visit row locked, the version the caller
 * read compared (409 when stale), the pure rules deciding (domain/visit-state.ts), the row, its
 * history entry and the inbox entries written together.
 */
@Injectable()
export class VisitPlansService {
  constructor(
    private readonly visits: VisitsRepository,
    private readonly reads: VisitsService,
    private readonly presenter: VisitPresenter,
    private readonly notifier: VisitNotifier,
    private readonly settings: SettingsService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async plan(actor: AuthUser, dto: PlanVisitDto): Promise<PlanVisitResultDto> {
    calendarDate('visitDate', dto.visitDate);
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    if (dto.visitDate < today) {
      throw AppError.badRequest(`A visit cannot be planned before today (${today})`, [
        { field: 'visitDate', message: `must not be before ${today}` },
      ]);
    }
    const { firm, unit, groupId } = await this.planner(actor, dto);
    if (!firm.active) throw AppError.conflict(`Enterprise ${firm.name} is inactive`);
    const budgetLimit = await this.settings.get('visits.monthly_budget_per_firm');
    const outcome = await this.uow.transaction(async (m) => {
      // The firm row serialises its plans, so two plans at once cannot both slip under the budget.
      await this.visits.lockFirm(m, firm.id);
      const budget = await this.budget(m, firm.id, dto.visitDate, null, budgetLimit);
      if (budget.exceeded && dto.overBudgetConfirmed !== true) return { id: null, budget };
      const id = await this.visits.insert(m, {
        enterpriseId: firm.id,
        officerId: actor.id,
        groupId,
        unit,
        regionCode: firm.regionCode,
        status: 'planned',
        visitDate: dto.visitDate,
        form: dto.form,
        purpose: dto.purpose?.trim() || null,
        participants: dto.participants?.trim() || null,
        notes: null,
        problemsFound: false,
        confirmation: null,
        overBudget: budget.exceeded,
        at: now,
      });
      await this.notifier.record(m, actor, {
        visitId: id,
        action: 'plan',
        fromStatus: null,
        toStatus: 'planned',
        visitDate: dto.visitDate,
        proposedDate: null,
        confirmation: null,
        note: budget.exceeded ? `over the monthly budget (${budget.planned}/${budget.budget}), confirmed by the planner` : null,
        relatedVisitId: null,
        firm,
        unitName: unit.name,
        plannerId: actor.id,
        at: now,
      });
      return { id, budget };
    });
    if (outcome.id === null) {
      // Not stored: the clashes it would have, as a warning beside the budget's.
      const plans = await this.visits.activePlans(null, [firm.id], weekOf(dto.visitDate), addDays(weekOf(dto.visitDate), 6));
      const probe = { id: 0, enterpriseId: firm.id, unit, visitDate: dto.visitDate, status: 'planned' as const, version: 0 };
      return { planned: false, visit: null, budget: outcome.budget, clashes: clashesOf(0, firm.id, [...plans, probe]) };
    }
    const visit = await this.reads.get(actor, outcome.id);
    return { planned: true, visit, budget: outcome.budget, clashes: visit.clashes };
  }

  /**
   * The firm a working group plans for, named by its credit code (the console's group form); 0 when
   * none, which plan() then answers like any firm outside the group's cities (404).
   */
  async firmIdForGroupPlan(creditCode: string): Promise<number> {
    return (await this.visits.firmIdByCreditCode(creditCode.trim().toUpperCase())) ?? 0;
  }

  /** Who plans: an officer for their own firm (their department or office), or a working-group member for a firm of the group's cities. */
  private async planner(actor: AuthUser, dto: PlanVisitDto): Promise<{ firm: FirmForVisit; unit: VisitUnit; groupId: number | null }> {
    if (dto.groupId !== undefined) {
      const firm = await this.visits.findFirm(dto.enterpriseId);
      const group = firm ? await this.visits.groupPlanningFor(actor.id, dto.groupId, firm.regionCode) : null;
      if (!firm || !group) throw AppError.notFound('Enterprise', dto.enterpriseId);
      return { firm, unit: groupUnit(group), groupId: group.id };
    }
    if (actor.role !== 'officer')
      throw AppError.forbidden('Only officers plan visits to their firms; a working-group member plans with groupId');
    const firm = await this.visits.findVisibleFirm(actor, dto.enterpriseId);
    if (!firm || firm.officerId !== actor.id) throw AppError.notFound('Enterprise', dto.enterpriseId);
    return { firm, unit: officerUnit(await this.visits.officerFacts(actor.id)), groupId: null };
  }

  private async budget(m: EntityManager, firmId: number, date: string, excludeId: number | null, limit: number): Promise<VisitBudgetDto> {
    const [year, month] = date.split('-').map(Number);
    const from = `${date.slice(0, 7)}-01`;
    const to = `${date.slice(0, 7)}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
    return checkVisitBudget(date, await this.visits.countForBudget(m, firmId, from, to, excludeId), limit);
  }

  /** One of the firm's answers or the planner's steps (not merge). */
  async act(actor: AuthUser, id: number, command: VisitCommand, version: number, log?: LogPlannedVisitDto): Promise<VisitDto> {
    if ('visitDate' in command) calendarDate('visitDate', command.visitDate);
    if ('proposedDate' in command) calendarDate('proposedDate', command.proposedDate);
    await this.step(actor, id, version, async (m, row, now) => {
      const decision = decideVisit(row, command, await this.presenter.relationOf(actor, row), shanghaiDateOf(now), now);
      if (!decision.ok) throw refusal(decision, command.action, row);
      const change = decision.change;
      const columns: ColumnChanges<VisitColumns> = { status: change.status };
      if (change.visitDate !== undefined) columns.visit_date = change.visitDate;
      if (change.proposedDate !== undefined) columns.proposed_date = change.proposedDate;
      if (change.firmNote !== undefined) columns.firm_note = change.firmNote;
      if (change.confirmation !== undefined) columns.confirmation = change.confirmation;
      if (command.action === 'log' && log) {
        Object.assign(columns, {
          form: log.form,
          participants: log.participants?.trim() || null,
          notes: log.notes ?? null,
          problems_found: log.problemsFound ? 1 : 0,
          logged_at: now,
        });
      }
      return { columns, action: command.action, change };
    });
    return this.reads.get(actor, id);
  }

  /** The planner moves a plan to a new day after the firm proposed another (the budget is checked again, as for a new plan). */
  async replan(actor: AuthUser, id: number, visitDate: string, version: number, overBudgetConfirmed: boolean): Promise<PlanVisitResultDto> {
    calendarDate('visitDate', visitDate);
    const limit = await this.settings.get('visits.monthly_budget_per_firm');
    let budget: VisitBudgetDto | null = null;
    const stored = await this.step(actor, id, version, async (m, row, now) => {
      const decision = decideVisit(
        row,
        { action: 'replan', visitDate },
        await this.presenter.relationOf(actor, row),
        shanghaiDateOf(now),
        now,
      );
      if (!decision.ok) throw refusal(decision, 'replan', row);
      budget = await this.budget(m, row.enterpriseId, visitDate, row.id, limit);
      if (budget.exceeded && !overBudgetConfirmed) return null;
      return {
        columns: { status: 'planned', visit_date: visitDate, proposed_date: null, firm_note: null, over_budget: budget.exceeded ? 1 : 0 },
        action: 'replan' as const,
        change: decision.change,
      };
    });
    const visit = await this.reads.get(actor, id);
    return { planned: stored, visit, budget: budget as unknown as VisitBudgetDto, clashes: visit.clashes };
  }

  /**
   * Merges another unit's flagged plan into this one: one joint visit on one day that lists both
   * units and that the firm answers afresh (planned again); the other becomes `merged`, pointing
   * at it. Either planner may merge; the other planner is told.
   */
  async merge(actor: AuthUser, id: number, dto: MergeVisitsDto): Promise<VisitDto> {
    calendarDate('visitDate', dto.visitDate);
    if (!(await this.visits.isVisible(actor, id))) throw AppError.notFound('Visit', id);
    await this.uow.transaction(async (m) => {
      const now = this.clock.now();
      const today = shanghaiDateOf(now);
      // Both rows locked in id order, as every merge takes them.
      const [first, second] = id < dto.otherVisitId ? [id, dto.otherVisitId] : [dto.otherVisitId, id];
      const a = await this.visits.lock(m, first);
      const b = await this.visits.lock(m, second);
      const kept = id === first ? a : b;
      const absorbed = id === first ? b : a;
      if (!kept) throw AppError.notFound('Visit', id);
      if ((await this.presenter.relationOf(actor, kept)) !== 'planner') throw AppError.forbidden("Only the visit's planner may merge it");
      // The other unit's plan is known to this planner only through the clash flag: unflagged, it is a 404.
      const candidate = (v: VisitRow) => ({
        id: String(v.id),
        enterpriseId: String(v.enterpriseId),
        unitId: v.unit.key,
        plannedOn: v.visitDate,
        active: isActive(v.status),
      });
      if (!absorbed || absorbed.enterpriseId !== kept.enterpriseId) throw AppError.notFound('Visit', dto.otherVisitId);
      if (kept.version !== dto.version)
        throw AppError.versionConflict('The visit', { current: { status: kept.status, version: kept.version } });
      if (absorbed.version !== dto.otherVersion) {
        throw AppError.versionConflict('The other visit', { current: { status: absorbed.status, version: absorbed.version } });
      }
      const refused = mergeRefusal(candidate(kept), candidate(absorbed), dto.visitDate, today);
      if (refused) {
        throw refused.startsWith('The joint visit')
          ? AppError.badRequest(refused, [{ field: 'visitDate', message: refused }])
          : new AppError(ErrorCode.IllegalTransition, refused, undefined, { status: kept.status, otherStatus: absorbed.status });
      }
      const keptOk = await this.visits.updateVersioned(
        m,
        kept.id,
        kept.version,
        { status: 'planned', visit_date: dto.visitDate, proposed_date: null, firm_note: null },
        now,
      );
      const absorbedOk = await this.visits.updateVersioned(
        m,
        absorbed.id,
        absorbed.version,
        { status: 'merged', merged_into_id: kept.id },
        now,
      );
      if (!keptOk || !absorbedOk) throw AppError.versionConflict('The visit', { current: null });
      const units = `${kept.unit.name}、${absorbed.unit.name}`;
      const base = { proposedDate: null, confirmation: null, firm: { id: kept.enterpriseId, name: kept.enterpriseName }, at: now };
      await this.notifier.record(m, actor, {
        ...base,
        visitId: absorbed.id,
        action: 'merged_into',
        fromStatus: absorbed.status,
        toStatus: 'merged',
        visitDate: absorbed.visitDate,
        note: null,
        relatedVisitId: kept.id,
        unitName: units,
        plannerId: absorbed.officerId,
      });
      await this.notifier.record(m, actor, {
        ...base,
        visitId: kept.id,
        action: 'merge',
        fromStatus: kept.status,
        toStatus: 'planned',
        visitDate: dto.visitDate,
        note: `joint visit of ${units}`,
        relatedVisitId: absorbed.id,
        unitName: units,
        plannerId: kept.officerId,
        absorbedPlannerId: absorbed.officerId,
      });
    });
    return this.reads.get(actor, id);
  }

  /**
   * The frame of one step: visibility (404), the row locked, the version compared (409), then
   * `decide` returns the columns to write (or null: nothing to store), written with the history
   * entry and notices. Returns whether anything was stored.
   */
  private async step(
    actor: AuthUser,
    id: number,
    version: number,
    decide: (
      m: EntityManager,
      row: VisitRow,
      now: Date,
    ) => Promise<{
      columns: ColumnChanges<VisitColumns>;
      action: VisitCommand['action'];
      change: { status: VisitStatus; note: string | null };
    } | null>,
  ): Promise<boolean> {
    if (!(await this.visits.isVisible(actor, id))) throw AppError.notFound('Visit', id);
    return this.uow.transaction(async (m) => {
      const now = this.clock.now();
      const row = await this.visits.lock(m, id);
      if (!row) throw AppError.notFound('Visit', id);
      const relation = await this.presenter.relationOf(actor, row);
      if (relation === 'other') throw AppError.forbidden('Only the visited firm or the visit’s planner may change a visit');
      if (row.version !== version) throw AppError.versionConflict('The visit', { current: { status: row.status, version: row.version } });
      const decided = await decide(m, row, now);
      if (!decided) return false;
      if (!(await this.visits.updateVersioned(m, id, version, decided.columns, now))) {
        throw AppError.versionConflict('The visit', { current: { status: row.status, version: row.version } });
      }
      const visitDate = decided.columns.visit_date ?? row.visitDate;
      await this.notifier.record(m, actor, {
        visitId: id,
        action: decided.action,
        fromStatus: row.status,
        toStatus: decided.change.status,
        visitDate,
        proposedDate: decided.columns.proposed_date ?? null,
        confirmation: decided.columns.confirmation ?? row.confirmation,
        note: decided.change.note,
        relatedVisitId: null,
        firm: { id: row.enterpriseId, name: row.enterpriseName },
        unitName: await this.unitsText(row),
        plannerId: row.officerId,
        at: now,
      });
      return true;
    });
  }

  private async unitsText(row: VisitRow): Promise<string> {
    const merged = (await this.visits.mergedUnits([row.id])).get(row.id) ?? [];
    return [row.unit, ...merged].map((u) => u.name).join('、');
  }
}

function refusal(
  decision: { error: 'forbidden' | 'illegal' | 'invalid_input'; field?: string; message: string },
  action: string,
  row: VisitRow,
): AppError {
  switch (decision.error) {
    case 'forbidden':
      return AppError.forbidden(decision.message);
    case 'invalid_input':
      return new AppError(ErrorCode.ValidationFailed, decision.message, [{ field: decision.field ?? 'body', message: decision.message }]);
    case 'illegal':
      return new AppError(ErrorCode.IllegalTransition, decision.message, undefined, { action, status: row.status, version: row.version });
  }
}
