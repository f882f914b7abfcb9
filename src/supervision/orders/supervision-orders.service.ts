import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppealHistory } from '../../appeals/events/appeal-history';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { Page, pageOf } from '../../common/pagination/page-query.dto';
import { CalendarService } from '../../sla/calendar/calendar.service';
import { addWorkingDays } from '../../sla/domain/deadline';
import {
  IssueSupervisionOrderDto,
  ListSupervisionOrdersQuery,
  ReplySupervisionOrderDto,
  SupervisionOrderDto,
} from './dto/supervision-order.dto';
import { type OrderAppeal, type SupervisionOrderRow, SupervisionOrdersRepository } from './supervision-orders.repository';
import { UnitOfWork } from '../../common/database/unit-of-work';

/**
 * Supervision orders (督办单) issued by hand: a supervisor in reach orders the lead department to
 * act and reply by a deadline; the department's reply is recorded. Both are internal events in
 * the appeal's timeline, written in the same transaction, with notifications.
 */
@Injectable()
export class SupervisionOrdersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly orders: SupervisionOrdersRepository,
    private readonly history: AppealHistory,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  async issue(user: AuthUser, appealId: number, dto: IssueSupervisionOrderDto): Promise<SupervisionOrderDto> {
    const id = await this.uow.transaction(async (m) => {
      const now = this.clock.now();
      const appeal = await this.orders.lockAppealInReach(m, user, appealId);
      if (!appeal) throw AppError.notFound('Appeal', appealId);
      if (!appeal.isOpen) throw AppError.conflict(`Appeal ${appeal.number} is ${appeal.status}; only open appeals can be supervised`);
      if (appeal.leadDepartmentId === null) {
        throw AppError.conflict(`Appeal ${appeal.number} is not assigned to a department yet; route it first`);
      }
      const replyDue = await this.calendar.computeWithBasis('a supervision order reply deadline', ({ calendar, hours }) =>
        addWorkingDays(now, dto.replyDueDays, calendar, hours),
      );
      const replyDueAt = replyDue.value;
      const orderId = await this.orders.insertManual(m, {
        appealId,
        issuedBy: user.id,
        departmentId: appeal.leadDepartmentId,
        note: dto.note,
        replyDueAt,
        replyDueBasis: replyDue.basis,
        createdAt: now,
      });
      await this.appendAndNotify(
        m,
        appeal,
        user,
        'supervision_order',
        dto.note,
        { orderId, replyDueAt: replyDueAt.toISOString(), replyDueBasis: replyDue.basis },
        now,
      );
      return orderId;
    });
    return this.get(user, id);
  }

  async reply(user: AuthUser, orderId: number, dto: ReplySupervisionOrderDto): Promise<SupervisionOrderDto> {
    await this.uow.transaction(async (m) => {
      const now = this.clock.now();
      const order = await this.orders.findVisible(user, orderId, m);
      if (!order) throw AppError.notFound('Supervision order', orderId);
      if (user.role !== 'handler' || user.departmentId !== order.departmentId) {
        throw AppError.forbidden('Only the ordered department (its handlers or head) can reply to a supervision order');
      }
      const appeal = await this.orders.lockAppeal(m, order.appealId);
      if (!(await this.orders.recordReply(m, orderId, dto.reply, user.id, now))) {
        throw AppError.conflict(`Supervision order ${orderId} has already been answered`);
      }
      await this.appendAndNotify(m, appeal, user, 'supervision_reply', dto.reply, { orderId, source: order.source }, now);
    });
    return this.get(user, orderId);
  }

  async list(user: AuthUser, query: ListSupervisionOrdersQuery): Promise<Page<SupervisionOrderDto>> {
    const [rows, total] = await this.orders.listVisible(
      user,
      { awaitingReply: query.awaitingReply, appealId: query.appealId },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    const now = this.clock.now();
    return pageOf(
      rows.map((r) => this.toDto(r, now)),
      total,
      query,
    );
  }

  private async get(user: AuthUser, id: number): Promise<SupervisionOrderDto> {
    const row = await this.orders.findVisible(user, id);
    if (!row) throw AppError.notFound('Supervision order', id);
    return this.toDto(row, this.clock.now());
  }

  private toDto(row: SupervisionOrderRow, now: Date): SupervisionOrderDto {
    return { ...row, replyOverdue: row.repliedAt === null && row.replyDueAt !== null && row.replyDueAt.getTime() < now.getTime() };
  }

  private async appendAndNotify(
    m: EntityManager,
    appeal: OrderAppeal,
    user: AuthUser,
    action: 'supervision_order' | 'supervision_reply',
    text: string,
    payload: Record<string, string | number>,
    now: Date,
  ): Promise<void> {
    // Internal: supervision is between government offices, and the appeal row is untouched, so
    // the client-facing version stays (like a comment would, were it not an action).
    await this.history.record(m, 'untouched', [
      {
        appealId: appeal.id,
        action,
        actor: { id: user.id, role: user.role },
        fromStatus: appeal.status,
        toStatus: appeal.status,
        reason: text,
        payload,
        visibility: 'internal',
        at: now,
        notify: { appeal },
      },
    ]);
  }
}
