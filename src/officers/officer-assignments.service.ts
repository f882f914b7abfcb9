import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError, type FieldError } from '../common/errors/app-error';
import { reaches } from '../common/scope/region-reach';
import type { FirmAccess } from '../enterprises/enterprise-scope';
import { planHandover } from './domain/handover-plan';
import { officerCovers } from './domain/officer-reach';
import { AssignmentResultDto, AssignOfficerDto, HandoverDto, HandoverResultDto, OfficerAssignmentDto } from './dto/officer-assignment.dto';
import { NoOpenAppealsHandover, OPEN_APPEALS_HANDOVER, type OfficerMove, type OpenAppealsHandover } from './open-appeals-handover';
import { AssignmentRow, FirmForAssignment, OfficerAssignmentsRepository, OfficerCandidate } from './officer-assignments.repository';
import { type TransactionOptions, UnitOfWork } from '../common/database/unit-of-work';
import { requireFound } from '../common/errors/require-found';

/** A unique-index hit or lock contention means a concurrent change won: answer 409, never 500. */
const concurrentAssignment = () => AppError.conflict('The enterprise was assigned by a concurrent change; reload it and try again');
const ASSIGNMENT_WRITE: TransactionOptions = { duplicate: concurrentAssignment, busy: concurrentAssignment };

export function toAssignmentDto(row: AssignmentRow): OfficerAssignmentDto {
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    officer: { id: row.officerId, username: row.officerUsername, displayName: row.officerName, regionCode: row.officerRegionCode },
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    assignedBy: { id: row.assignedById, displayName: row.assignedByName },
    reason: row.reason,
    endedBy: row.endedById === null ? null : { id: row.endedById, displayName: row.endedByName ?? '' },
    endReason: row.endReason,
  };
}

/** Why a user cannot be this firm's officer, or null when they can. */
export function officerIneligibility(officer: OfficerCandidate, firmRegionCode: string): string | null {
  if (officer.role !== 'officer') return `user ${officer.username} is not a liaison officer (role ${officer.role})`;
  if (!officer.active) return `officer ${officer.username} is deactivated`;
  if (!officerCovers(officer.regionCode, firmRegionCode)) {
    return `officer ${officer.username} belongs to region ${officer.regionCode}, which does not cover the enterprise's region ${firmRegionCode}`;
  }
  return null;
}

/**
 * One active liaison officer per firm: assigning, reassigning, a leaving officer's bulk handover.
 * The database's unique index on the open assignment is the last word; the firm's row lock and
 * version make a concurrent loser fail fast with 409 instead of reaching it.
 */
@Injectable()
export class OfficerAssignmentsService {
  private readonly appealsHandover: OpenAppealsHandover;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: OfficerAssignmentsRepository,
    private readonly clock: Clock,
    @Optional() @Inject(OPEN_APPEALS_HANDOVER) appealsHandover?: OpenAppealsHandover,
  ) {
    this.appealsHandover = appealsHandover ?? new NoOpenAppealsHandover();
  }

  async history(actor: AuthUser, enterpriseId: number): Promise<OfficerAssignmentDto[]> {
    await this.requireVisibleFirm(actor, enterpriseId, 'history');
    return (await this.assignments.history(enterpriseId)).map(toAssignmentDto);
  }

  async assign(actor: AuthUser, enterpriseId: number, dto: AssignOfficerDto): Promise<AssignmentResultDto> {
    const firm = await this.requireVisibleFirm(actor, enterpriseId);
    const expectedVersion = dto.version ?? firm.version;
    const [officer] = await this.assignments.findUsers([dto.officerId]);
    this.checkOfficer(actor, officer, dto.officerId, firm.regionCode, 'officerId');

    const changed = await this.uow.transaction(async (manager) => {
      const locked = await this.assignments.lockFirm(manager, enterpriseId);
      if (!locked) throw AppError.notFound('Enterprise', enterpriseId);
      if (locked.version !== expectedVersion) {
        throw AppError.versionConflict('Enterprise', {
          current: { id: locked.id, version: locked.version, officerId: locked.officerId },
        });
      }
      if (!locked.active) throw AppError.conflict(`Enterprise ${locked.name} is inactive; reactivate it before assigning an officer`);
      if (locked.officerId === dto.officerId) return false;
      await this.applyMoves(manager, [{ enterpriseId, fromOfficerId: locked.officerId, toOfficerId: dto.officerId }], actor.id, dto.reason);
      return true;
    }, ASSIGNMENT_WRITE);

    const [current, previous] = await this.assignments.history(enterpriseId);
    const after = await this.assignments.findVisibleFirm(actor, enterpriseId);
    return {
      enterpriseId,
      enterpriseVersion: after?.version ?? expectedVersion,
      changed,
      current: toAssignmentDto(current),
      previous: changed && previous ? toAssignmentDto(previous) : null,
    };
  }

  /** Every active firm of a leaving officer goes to the successors, in one transaction. */
  async handover(actor: AuthUser, leavingOfficerId: number, dto: HandoverDto): Promise<HandoverResultDto> {
    const users = await this.assignments.findUsers([leavingOfficerId, ...dto.successors]);
    const leaving = users.find((u) => u.id === leavingOfficerId);
    if (!leaving || leaving.role !== 'officer' || !reaches(actor.reachPrefix, leaving.regionCode)) {
      throw AppError.notFound('Officer', leavingOfficerId);
    }
    if (dto.successors.includes(leavingOfficerId)) {
      throw AppError.badRequest('The leaving officer cannot be their own successor', [
        { field: 'successors', message: `must not contain ${leavingOfficerId}` },
      ]);
    }
    const successors = dto.successors.map((id, index) => {
      const user = users.find((u) => u.id === id);
      this.checkOfficer(actor, user, id, null, `successors.${index}`);
      return user as OfficerCandidate;
    });

    const plan = await this.uow.transaction(async (manager) => {
      const firms = await this.assignments.lockFirmsOfOfficer(manager, leavingOfficerId, actor);
      const planned = planHandover(firms, successors);
      if (planned.uncovered.length) {
        throw AppError.badRequest(
          `No successor's region covers ${planned.uncovered.length} of the officer's firms; add a successor who covers them`,
          planned.uncovered.map((f) => ({
            field: 'successors',
            message: `no successor covers enterprise ${f.id} (${f.name}) in region ${f.regionCode}`,
          })),
        );
      }
      const moves = planned.moves.map((m) => ({ ...m, fromOfficerId: leavingOfficerId }));
      await this.applyMoves(manager, moves, actor.id, dto.reason);
      return planned;
    }, ASSIGNMENT_WRITE);
    return { officerId: leavingOfficerId, moved: plan.moves.length, received: plan.received, moves: plan.moves };
  }

  /**
   * The one write path for officer changes: closes the old assignments, opens the new ones,
   * mirrors enterprises.officer_id and lets the appeals follow — all on the caller's transaction.
   * The import uses it too.
   */
  async applyMoves(manager: EntityManager, moves: OfficerMove[], actorId: number, reason: string): Promise<void> {
    if (!moves.length) return;
    const now = this.clock.now();
    await this.assignments.applyMoves(manager, moves, actorId, reason, now);
    await this.appealsHandover.handOver(manager, moves, actorId, reason, now);
  }

  /** Ends firms' assignments with no successor, on the caller's transaction. */
  endAssignments(manager: EntityManager, enterpriseIds: number[], actorId: number, reason: string): Promise<void> {
    return enterpriseIds.length
      ? this.assignments.endAssignments(manager, enterpriseIds, actorId, reason, this.clock.now())
      : Promise.resolve();
  }

  private async requireVisibleFirm(actor: AuthUser, enterpriseId: number, access: FirmAccess = 'details'): Promise<FirmForAssignment> {
    return requireFound(this.assignments.findVisibleFirm(actor, enterpriseId, access), 'Enterprise', enterpriseId);
  }

  /** Users outside the actor's reach are reported as unknown, exactly like missing ones. */
  private checkOfficer(actor: AuthUser, user: OfficerCandidate | undefined, id: number, firmRegion: string | null, field: string): void {
    const fail = (message: string, details: FieldError[] = [{ field, message }]) => {
      throw AppError.badRequest(message, details);
    };
    if (!user || !reaches(actor.reachPrefix, user.regionCode)) return fail(`Unknown officer ${id}`);
    if (user.role !== 'officer') return fail(`User ${user.username} is not a liaison officer (role ${user.role})`);
    if (!user.active) return fail(`Officer ${user.username} is deactivated`);
    if (firmRegion !== null) {
      const why = officerIneligibility(user, firmRegion);
      if (why) return fail(why.charAt(0).toUpperCase() + why.slice(1));
    }
  }
}
