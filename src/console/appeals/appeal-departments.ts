import { Injectable } from '@nestjs/common';
import { nextLevel, type AppealLevel } from '../../appeals/domain';
import type { AppealDetailDto } from '../../appeals/dto/appeal-read.dto';
import type { AuthUser } from '../../common/auth/auth-user';
import { ancestorCodes, levelOfCode } from '../../common/scope/region-reach';
import { DepartmentsService } from '../../departments/departments.service';
import { DepartmentDto, ListDepartmentsQuery } from '../../departments/dto/department.dto';
import { ListTaskForcesQuery, type TaskForceDto } from '../../taskforces/dto/task-force.dto';
import { TaskForcesService } from '../../taskforces/task-forces.service';
import type { DepartmentNames } from './appeal-view';

/**
 * The department choices of the route and transfer forms: active departments the user can see,
 * of the appeal's level (or the next one up) on the appeal's own region chain — the departments
 * PerformActionUseCase accepts. The list is only a convenience; the use case checks again.
 */
@Injectable()
export class AppealDepartments {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly taskForces: TaskForcesService,
  ) {}

  /** The task forces (专班) that may join the appeal: active ones covering its region (the use case checks again). */
  async taskForceOptions(user: AuthUser, appeal: AppealDetailDto): Promise<TaskForceDto[]> {
    const query = Object.assign(new ListTaskForcesQuery(), { covering: appeal.regionCode, active: true, page: 1, pageSize: 100 });
    return (await this.taskForces.list(user, query)).items;
  }

  routable(user: AuthUser, appeal: AppealDetailDto): Promise<DepartmentDto[]> {
    return this.ofLevel(user, appeal, appeal.level as AppealLevel);
  }

  async transferTargets(user: AuthUser, appeal: AppealDetailDto): Promise<DepartmentDto[]> {
    const next = nextLevel(appeal.level as AppealLevel);
    return next ? this.ofLevel(user, appeal, next) : [];
  }

  names(appeal: AppealDetailDto, known: readonly DepartmentDto[]): DepartmentNames {
    const names = new Map<number, string>(known.map((d) => [d.id, d.name]));
    if (appeal.leadDepartmentId !== null && appeal.leadDepartmentName) names.set(appeal.leadDepartmentId, appeal.leadDepartmentName);
    for (const d of appeal.coDepartments) names.set(d.id, d.name);
    return names;
  }

  private async ofLevel(user: AuthUser, appeal: AppealDetailDto, level: AppealLevel): Promise<DepartmentDto[]> {
    const chain = ancestorCodes(appeal.regionCode, levelOfCode(appeal.regionCode));
    const query = Object.assign(new ListDepartmentsQuery(), { level, active: true, page: 1, pageSize: 200 });
    const page = await this.departments.list(user, query);
    return page.items.filter((d) => chain.includes(d.regionCode));
  }
}
