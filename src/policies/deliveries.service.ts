import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { assertNever } from '../common/domain/assert-never';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { Page, pageOf } from '../common/pagination/page-query.dto';
import { allowedMoves, decideDelivery, type DeliveryActor } from './domain/delivery-state-machine';
import { DeliveriesRepository, type DeliveryRow } from './deliveries.repository';
import { ChangeDeliveryDto, DeliveryDetailDto, DeliveryDto, ListDeliveriesQuery } from './dto/delivery.dto';
import { UnitOfWork } from '../common/database/unit-of-work';

/** Who the caller is to a record they can see (visibility already narrowed officers to their own firms). */
function actorOf(user: AuthUser): DeliveryActor | null {
  switch (user.role) {
    case 'enterprise':
      return 'firm';
    case 'officer':
      return 'officer';
    case 'supervisor':
    case 'admin':
      return 'supervisor';
    case 'handler':
      return null;
    default:
      return assertNever(user.role, 'role');
  }
}

function toDto(row: DeliveryRow, actor: DeliveryActor | null): DeliveryDto {
  const { policyStatus, ...fields } = row;
  const record = { state: row.state, eligible: row.eligible, policyStatus, obtainMode: row.obtainMode };
  return { ...fields, nextStates: actor ? allowedMoves(record, actor) : [] };
}

/** Per-firm delivery of policies: 待告知 → 已告知 → 已申请/免申 → 已兑现, or 不适用 with a reason. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: DeliveriesRepository,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, query: ListDeliveriesQuery): Promise<Page<DeliveryDto>> {
    const [rows, total] = await this.deliveries.listVisible(user, query);
    const actor = actorOf(user);
    return pageOf(rows.map((r) => toDto(r, actor)), total, query);
  }

  async get(user: AuthUser, policyId: number, enterpriseId: number): Promise<DeliveryDetailDto> {
    const row = await this.deliveries.findVisible(this.deliveries.manager, user, policyId, enterpriseId);
    if (!row) throw AppError.notFound('Delivery record', `${policyId}/${enterpriseId}`);
    return { ...toDto(row, actorOf(user)), history: await this.deliveries.history(policyId, enterpriseId, row.matchedAt) };
  }

  /** One guarded change with its history row; a stale version is a 409 with the current record. */
  async change(user: AuthUser, policyId: number, enterpriseId: number, dto: ChangeDeliveryDto): Promise<DeliveryDetailDto> {
    const actor = actorOf(user);
    await this.uow.transaction(async (m) => {
      const row = await this.deliveries.findVisible(m, user, policyId, enterpriseId);
      if (!row || !actor) throw AppError.notFound('Delivery record', `${policyId}/${enterpriseId}`);
      if (row.version !== dto.version) throw AppError.versionConflict('The delivery record', { current: toDto(row, actor) });
      const reason = dto.reason?.trim() || null;
      const decision = decideDelivery(
        { state: row.state, eligible: row.eligible, policyStatus: row.policyStatus, obtainMode: row.obtainMode },
        actor,
        { to: dto.state, source: dto.source, reason },
      );
      if (!decision.ok) {
        if (decision.kind === 'forbidden') throw AppError.forbidden(decision.message);
        if (decision.kind === 'invalid') throw AppError.badRequest(decision.message, [{ field: 'reason', message: 'required' }]);
        throw new AppError(ErrorCode.IllegalTransition, decision.message, undefined, { state: row.state, allowed: allowedMoves({ ...row, policyStatus: row.policyStatus }, actor) });
      }
      const changed = await this.deliveries.changeState(m, policyId, enterpriseId, dto.version, {
        from: row.state,
        to: dto.state,
        source: dto.source,
        reason: dto.state === 'not_applicable' || row.state === 'not_applicable' ? reason : row.reason,
        stamps: decision.stamps,
        actorId: user.id,
        actorRole: user.role,
        now: this.clock.now(),
      });
      if (!changed) throw AppError.versionConflict('The delivery record', { version: dto.version });
    });
    return this.get(user, policyId, enterpriseId);
  }
}
