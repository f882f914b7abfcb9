import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import type { RegionLevel } from '../common/auth/role';
import { translatingWrites } from '../common/database/unit-of-work';
import { AppError } from '../common/errors/app-error';
import { Page, pageFrom } from '../common/pagination/page-query.dto';
import { ancestorCodes, reaches } from '../common/scope/region-reach';
import { CategoriesService } from '../categories/categories.service';
import { DepartmentsRepository } from '../departments/departments.repository';
import { RegionsService } from '../regions/regions.service';
import { CreateRoutingRuleDto, ListRoutingRulesQuery, ProposedDepartmentDto, RoutingRuleDto, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { type RoutingRuleColumns, RoutingRulesRepository } from './routing-rules.repository';
import type { ColumnChanges } from '../common/database/versioned-update';
import { TaskForcesRepository } from '../taskforces/task-forces.repository';
import { refuseForAppeal } from '../taskforces/domain';

@Injectable()
export class RoutingService {
  constructor(
    private readonly rules: RoutingRulesRepository,
    private readonly categories: CategoriesService,
    private readonly departments: DepartmentsRepository,
    private readonly regions: RegionsService,
    private readonly taskForces: TaskForcesRepository,
  ) {}

  async list(user: AuthUser, query: ListRoutingRulesQuery): Promise<Page<RoutingRuleDto>> {
    return pageFrom(this.rules.list(user, query), query);
  }

  async create(user: AuthUser, dto: CreateRoutingRuleDto): Promise<RoutingRuleDto> {
    await this.categories.requireActive(dto.categoryId);
    const region = await this.regions.requireExisting(dto.regionCode);
    if (!reaches(user.reachPrefix, region.code)) throw AppError.badRequest('The region is outside your reach', [{ field: 'regionCode', message: 'outside your reach' }]);
    await this.requireRoutableDepartment(dto.departmentId, region.code, region.level);
    if (dto.taskForceId !== undefined) await this.requireCoveringTaskForce(dto.taskForceId, region.code);
    return translatingWrites(
      async () => {
        const id = await this.rules.insert({ ...dto, level: dto.level ?? null, taskForceId: dto.taskForceId ?? null, createdBy: user.id });
        return (await this.rules.findById(id)) as RoutingRuleDto;
      },
      { duplicate: () => AppError.conflict('A rule for this category, region and level exists; update it instead') },
    );
  }

  async update(user: AuthUser, id: number, dto: UpdateRoutingRuleDto): Promise<RoutingRuleDto> {
    const rule = await this.rules.findById(id);
    if (!rule || !reaches(user.reachPrefix, rule.regionCode)) throw AppError.notFound('Routing rule', id);
    const changes: ColumnChanges<RoutingRuleColumns> = {};
    if (dto.departmentId !== undefined) {
      const region = await this.regions.get(rule.regionCode);
      await this.requireRoutableDepartment(dto.departmentId, region.code, region.level);
      changes.department_id = dto.departmentId;
    }
    if (dto.active !== undefined) changes.active = dto.active ? 1 : 0;
    if (dto.taskForceId !== undefined) {
      if (dto.taskForceId !== null) await this.requireCoveringTaskForce(dto.taskForceId, rule.regionCode);
      changes.task_force_id = dto.taskForceId;
    }
    await this.rules.update(id, dto.version, changes);
    return (await this.rules.findById(id)) as RoutingRuleDto;
  }

  /** The department the rules propose for an appeal; null when no rule matches. */
  async propose(
    manager: EntityManager,
    appeal: { id?: number; categoryId: number; regionCode: string; regionLevel: RegionLevel; level: string },
  ): Promise<ProposedDepartmentDto | null> {
    // A question about a policy goes to the department responsible for that policy.
    const policy = appeal.id ? await this.rules.findPolicyDepartment(manager, appeal.id) : null;
    if (policy) {
      return {
        departmentId: policy.departmentId,
        departmentName: policy.departmentName,
        ruleId: null,
        policyId: policy.policyId,
        explanation: `Policy #${policy.policyId}: its responsible department answers questions about it`,
        taskForceId: null,
        taskForceName: null,
      };
    }
    const category = await this.categories.get(appeal.categoryId);
    const categoryIds = category.parentId ? [category.id, category.parentId] : [category.id];
    const chain = ancestorCodes(appeal.regionCode, appeal.regionLevel);
    const rule = await this.rules.findMostSpecific(manager, { categoryIds, regionChain: chain, level: appeal.level });
    if (!rule) return null;
    const scope = rule.regionCode === appeal.regionCode ? 'the appeal’s own region' : `region ${rule.regionCode}`;
    return {
      departmentId: rule.departmentId,
      departmentName: rule.departmentName,
      ruleId: rule.id,
      policyId: null,
      explanation: `Rule #${rule.id}: ${rule.categoryName} in ${scope}${rule.level ? ` at ${rule.level} level` : ''}`,
      // A retired task force is no longer suggested.
      taskForceId: rule.taskForceActive ? rule.taskForceId : null,
      taskForceName: rule.taskForceActive ? rule.taskForceName : null,
    };
  }

  /** A rule may suggest only an active task force covering the rule's region (and so every appeal it matches). */
  private async requireCoveringTaskForce(taskForceId: number, regionCode: string): Promise<void> {
    const force = await this.taskForces.factsFor(taskForceId);
    if (!force) throw AppError.badRequest(`Task force ${taskForceId} was not found.`, [{ field: 'taskForceId', message: `Task force ${taskForceId} was not found.` }]);
    const refusal = refuseForAppeal(force, regionCode);
    if (refusal) throw AppError.badRequest(refusal.message, [{ field: 'taskForceId', message: refusal.message }]);
  }

  /** A rule may only point at an active department in the rule's region or above it. */
  private async requireRoutableDepartment(departmentId: number, regionCode: string, level: RegionLevel): Promise<void> {
    const department = await this.departments.findById(departmentId);
    if (!department || !department.active) throw AppError.badRequest(`Unknown department ${departmentId}`, [{ field: 'departmentId', message: 'unknown or inactive department' }]);
    if (!ancestorCodes(regionCode, level).includes(department.regionCode)) {
      throw AppError.badRequest('The department must belong to the rule’s region or a region above it', [
        { field: 'departmentId', message: `department is in ${department.regionCode}` },
      ]);
    }
  }
}
