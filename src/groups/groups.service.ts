import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { parseIsoDate } from '../supervision/domain/local-date';
import type { CreateGroupDto, GroupDto, GroupDuty, WorkingGroupFiguresDto, UpdateGroupDto, UpdateGroupMembersDto } from './dto/group.dto';
import { type GroupAccess, groupAccess } from './domain/group-access';
import { type GroupRecord, GroupsRepository } from './groups.repository';
import { GroupWorkRepository } from './group-work.repository';
import { UnitOfWork } from '../common/database/unit-of-work';

export interface ReachedGroup {
  group: GroupRecord;
  access: Exclude<GroupAccess, 'none'>;
  cityCodes: string[];
}

function badField(field: string, message: string): AppError {
  return AppError.badRequest(`${field}: ${message}`, [{ field, message }]);
}

/** Working groups (五个一 包联): setting them up, who reaches them, and their dashboards. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly groups: GroupsRepository,
    private readonly work: GroupWorkRepository,
    private readonly clock: Clock,
  ) {}

  /** The group if the caller reaches it (for writing, when asked); otherwise 404, as if it did not exist. */
  async reach(user: AuthUser, id: number, need: 'read' | 'write' = 'read'): Promise<ReachedGroup> {
    const [group] = await this.groups.load([id]);
    if (!group) throw AppError.notFound('Working group', id);
    const access = groupAccess({
      role: user.role,
      isMember: group.members.some((m) => m.userId === user.id),
      reachPrefix: user.reachPrefix,
      cityCodes: group.cities.map((c) => c.code),
    });
    if (access === 'none') throw AppError.notFound('Working group', id);
    if (need === 'write' && access !== 'write') throw AppError.forbidden('Only the group’s members keep its ledger, measures and visits');
    return { group, access, cityCodes: group.cities.map((c) => c.code) };
  }

  async create(dto: CreateGroupDto): Promise<GroupDto> {
    if (parseIsoDate(dto.periodStart) === null) throw badField('periodStart', 'not a calendar date');
    if (dto.periodEnd !== undefined && (parseIsoDate(dto.periodEnd) === null || dto.periodEnd < dto.periodStart)) {
      throw badField('periodEnd', 'must be a calendar date not before periodStart');
    }
    const cities = await this.groups.cities(dto.cityCodes);
    const missing = dto.cityCodes.find((c) => !cities.some((x) => x.code === c && x.level === 'city'));
    if (missing) throw AppError.notFound('City', missing);
    const taken = await this.groups.takenCities(dto.cityCodes);
    if (taken.length) throw AppError.conflict(`City ${taken.join(', ')} is already taken by another working group`, { cityCodes: taken });
    const members = await this.checkMembers(dto.leaderId, dto.members ?? []);
    const now = this.clock.now();
    const id = await this.uow.transaction(async (m) => {
      const groupId = await this.groups.insert(m, {
        name: dto.name,
        leaderId: dto.leaderId,
        periodStart: dto.periodStart,
        periodEnd: dto.periodEnd ?? null,
        description: dto.description ?? null,
        now,
      });
      await this.groups.insertCities(m, groupId, dto.cityCodes);
      await this.groups.replaceMembers(m, groupId, members);
      return groupId;
    });
    return this.toDto((await this.groups.load([id]))[0], 'write');
  }

  /** An admin changes the group's name, leader, cities, period or description. */
  async update(user: AuthUser, id: number, dto: UpdateGroupDto): Promise<GroupDto> {
    const { group } = await this.reach(user, id, 'write');
    if (user.role !== 'admin') throw AppError.forbidden('Only admins change a working group’s leader, cities and period');
    const periodStart = dto.periodStart ?? group.periodStart;
    const periodEnd = dto.periodEnd === undefined ? group.periodEnd : dto.periodEnd;
    if (parseIsoDate(periodStart) === null) throw badField('periodStart', 'not a calendar date');
    if (periodEnd !== null && (parseIsoDate(periodEnd) === null || periodEnd < periodStart)) {
      throw badField('periodEnd', 'must be a calendar date not before periodStart');
    }
    if (dto.name !== undefined && (await this.groups.nameTaken(dto.name, id)))
      throw AppError.conflict(`Another working group is named ${dto.name}`);
    if (dto.cityCodes) {
      const cities = await this.groups.cities(dto.cityCodes);
      const missing = dto.cityCodes.find((c) => !cities.some((x) => x.code === c && x.level === 'city'));
      if (missing) throw AppError.notFound('City', missing);
      const taken = await this.groups.takenCities(dto.cityCodes, id);
      if (taken.length) throw AppError.conflict(`City ${taken.join(', ')} is already taken by another working group`, { cityCodes: taken });
    }
    const leaderId = dto.leaderId ?? group.leaderId;
    let members: Array<{ userId: number; duty: GroupDuty }> | null = null;
    if (leaderId !== group.leaderId) {
      const others = group.members
        .filter((x) => x.userId !== leaderId)
        .map((x) => ({ userId: x.userId, duty: (x.duty === 'leader' ? 'member' : x.duty) as Exclude<GroupDuty, 'leader'> }));
      members = await this.checkMembers(leaderId, others);
    }
    await this.uow.transaction(async (m) => {
      const ok = await this.groups.update(
        m,
        id,
        dto.version,
        {
          name: dto.name ?? group.name,
          leaderId,
          periodStart,
          periodEnd,
          description: dto.description === undefined ? group.description : dto.description,
        },
        this.clock.now(),
      );
      if (!ok) throw AppError.versionConflict(`Working group ${id}`, { currentVersion: group.version });
      if (dto.cityCodes) await this.groups.replaceCities(m, id, dto.cityCodes);
      if (members) await this.groups.replaceMembers(m, id, members);
    });
    return this.toDto((await this.groups.load([id]))[0], 'write');
  }

  async replaceMembers(user: AuthUser, id: number, dto: UpdateGroupMembersDto): Promise<GroupDto> {
    const { group } = await this.reach(user, id, 'write');
    if (user.role !== 'admin' && user.id !== group.leaderId)
      throw AppError.forbidden('Only the group’s leader or an admin changes its members');
    const members = await this.checkMembers(group.leaderId, dto.members);
    await this.uow.transaction(async (m) => {
      if (!(await this.groups.bumpVersion(m, id, dto.version, this.clock.now())))
        throw AppError.versionConflict(`Working group ${id}`, { currentVersion: group.version });
      await this.groups.replaceMembers(m, id, members);
    });
    return this.toDto((await this.groups.load([id]))[0], 'write');
  }

  async get(user: AuthUser, id: number): Promise<GroupDto> {
    const { group, access } = await this.reach(user, id);
    return this.toDto(group, access);
  }

  /** The groups the caller reaches: their own as a member, every group the caller's reach covers as a supervisor, all for admins. */
  async list(user: AuthUser): Promise<GroupDto[]> {
    const [all, mine] = await Promise.all([this.groups.load(null), this.groups.membershipOf(user.id)]);
    return all.flatMap((group) => {
      const access = groupAccess({
        role: user.role,
        isMember: mine.has(group.id),
        reachPrefix: user.reachPrefix,
        cityCodes: group.cities.map((c) => c.code),
      });
      return access === 'none' ? [] : [this.toDto(group, access)];
    });
  }

  async dashboard(user: AuthUser, id: number): Promise<WorkingGroupFiguresDto> {
    const { group } = await this.reach(user, id);
    return (await this.figuresOf([group]))[0];
  }

  /** The province view: every group the caller reaches, side by side. */
  async overview(user: AuthUser): Promise<WorkingGroupFiguresDto[]> {
    const visible = await this.list(user);
    const records = await this.groups.load(visible.map((g) => g.id));
    return this.figuresOf(records);
  }

  private async figuresOf(groups: GroupRecord[]): Promise<WorkingGroupFiguresDto[]> {
    const now = this.clock.now();
    const figures = await this.work.figures(
      groups.map((g) => g.id),
      now,
      shanghaiDateOf(now),
    );
    return groups.map((g) => ({
      groupId: g.id,
      name: g.name,
      leaderName: g.members.find((m) => m.userId === g.leaderId)?.displayName ?? '',
      cities: g.cities,
      ...(figures.get(g.id) as Omit<WorkingGroupFiguresDto, 'groupId' | 'name' | 'leaderName' | 'cities'>),
    }));
  }

  private async checkMembers(
    leaderId: number,
    members: Array<{ userId: number; duty: Exclude<GroupDuty, 'leader'> }>,
  ): Promise<Array<{ userId: number; duty: GroupDuty }>> {
    const ids = [leaderId, ...members.map((m) => m.userId)];
    if (new Set(ids).size !== ids.length) throw badField('members', 'a user appears twice (the leader is a member already)');
    const users = await this.groups.staffUsers(ids);
    const missing = ids.find((id) => !users.get(id)?.active);
    if (missing !== undefined) throw AppError.notFound('Staff user', missing);
    return [{ userId: leaderId, duty: 'leader' }, ...members];
  }

  private toDto(group: GroupRecord, access: 'read' | 'write'): GroupDto {
    const leader = group.members.find((m) => m.userId === group.leaderId) as GroupDto['leader'];
    return {
      id: group.id,
      name: group.name,
      leader,
      members: group.members,
      cities: group.cities,
      periodStart: group.periodStart,
      periodEnd: group.periodEnd,
      description: group.description,
      access,
      version: group.version,
    };
  }
}
