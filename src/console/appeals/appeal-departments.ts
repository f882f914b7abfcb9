import { Injectable } from '@nestjs/common';
import { nextLevel, type AppealLevel } from '../../appeals/domain';
import type { AppealDetailDto } from '../../appeals/dto/appeal-read.dto';
import type { AuthUser } from '../../common/auth/auth-user';
import { ancestorCodes, levelOfCode } from '../../common/scope/region-reach';
import { DepartmentsService } from '../../departments/departments.service';
import { DepartmentDto, ListDepartmentsQuery } from '../../departments/dto/department.dto';
import type { DepartmentNames } from './appeal-view';

/**
 * The department choices of the route and transfer forms: active departments the user can see,
 * of the appeal's level (or the next one up) on the appeal's own region chain — the departments
 * PerformActionUseCase accepts. The list is only a convenience; the use case checks again.
 */
@Injectable()
export class AppealDepartments {
  constructor(private readonly departments: DepartmentsService) {}

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
