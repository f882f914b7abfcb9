import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { UnitOfWork } from '../common/database/unit-of-work';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { Page, pageFrom } from '../common/pagination/page-query.dto';
import { RegionsService } from '../regions/regions.service';
import { canOwnTaskForce, memberProblems } from './domain';
import { CreateTaskForceDto, ListTaskForcesQuery, TaskForceDto, UpdateTaskForceDto } from './dto/task-force.dto';
import { TaskForcesRepository } from './task-forces.repository';
import { requireFound } from '../common/errors/require-found';

const DUPLICATE_NAME = (name: string) => AppError.conflict(`A task force named ${name} already exists in that region`);

/**
 * Task forces (专班): admins keep them (name, owning region, members, active); staff read those of
 * their reach and the chain above it. Changes are versioned: a stale version answers 409.
 */
@Injectable()
export class TaskForcesService {
  constructor(
    private readonly forces: TaskForcesRepository,
    private readonly regions: RegionsService,
    private readonly uow: UnitOfWork,
  ) {}

  async list(user: AuthUser, query: ListTaskForcesQuery): Promise<Page<TaskForceDto>> {
    return pageFrom(this.forces.list(user, query), query);
  }

  /** Outside the caller's sight a task force answers 404, exactly like one that does not exist. */
  async get(user: AuthUser, id: number): Promise<TaskForceDto> {
    return requireFound(this.forces.findVisible(user, id), 'Task force', id);
  }

  async create(user: AuthUser, dto: CreateTaskForceDto): Promise<TaskForceDto> {
    const region = await this.regions.requireExisting(dto.regionCode);
    if (!canOwnTaskForce(region.code)) {
      throw AppError.badRequest(`A task force belongs to the province or a city, not to the county ${region.name}`, [
        { field: 'regionCode', message: 'must be the province or a city (市州)' },
      ]);
    }
    await this.checkMembers(region.code, dto.departmentIds);
    const name = dto.name.trim();
    const id = await this.uow.transaction((m) => this.forces.insert(m, { name, regionCode: region.code, departmentIds: dto.departmentIds }), {
      duplicate: () => DUPLICATE_NAME(name),
    });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: number, dto: UpdateTaskForceDto): Promise<TaskForceDto> {
    const current = await this.get(user, id);
    if (dto.departmentIds) await this.checkMembers(current.regionCode, dto.departmentIds);
    const name = dto.name?.trim();
    await this.uow.transaction(
      async (m) => {
        const updated = await this.forces.updateIfVersion(m, id, dto.version, { name, active: dto.active });
        if (!updated) {
          const now = await this.forces.findById(id, m);
          if (!now) throw AppError.notFound('Task force', id);
          throw AppError.versionConflict('The task force', { current: now });
        }
        if (dto.departmentIds) await this.forces.replaceMembers(m, id, dto.departmentIds);
      },
      { duplicate: () => DUPLICATE_NAME(name ?? current.name) },
    );
    return this.get(user, id);
  }

  /** The departments the console offers as members of a task force of this owning region, grouped by region. */
  async candidateGroups(ownerRegionCode: string): Promise<Array<{ label: string; options: Array<{ id: number; name: string; search: string }> }>> {
    const groups = new Map<string, Array<{ id: number; name: string; search: string }>>();
    for (const d of await this.forces.candidateMembers(ownerRegionCode)) {
      const label = `${d.regionName}（${d.regionCode}）`;
      const list = groups.get(label) ?? [];
      list.push({ id: d.id, name: d.name, search: `${d.name} ${d.regionName} ${d.regionCode}` });
      groups.set(label, list);
    }
    return [...groups].map(([label, options]) => ({ label, options }));
  }

  /** Every member named exists, is active, and sits on the owning region's chain or inside it. */
  private async checkMembers(ownerRegionCode: string, departmentIds: number[]): Promise<void> {
    const found = await this.forces.departments(departmentIds);
    const missing = departmentIds.filter((id) => !found.some((d) => d.id === id));
    const problems = [
      ...missing.map((id) => `Unknown department ${id}`),
      ...memberProblems(
        ownerRegionCode,
        found.map((d) => ({ ...d, id: String(d.id) })),
      ),
    ];
    if (problems.length) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `These departments cannot sit in a task force of region ${ownerRegionCode}: ${problems.join('; ')}`,
        problems.map((message) => ({ field: 'departmentIds', message })),
      );
    }
  }
}
