import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { DepartmentsService } from '../../departments/departments.service';
import { ListDepartmentsQuery } from '../../departments/dto/department.dto';
import { RegionsService } from '../../regions/regions.service';
import { ListRegionsQuery } from '../../regions/dto/region.dto';
import { ListUsersQuery } from '../../users/dto/user.dto';
import { UsersService } from '../../users/users.service';

export interface PickerOption {
  value: string;
  text: string;
}

export interface ListPickerOptions {
  regions: PickerOption[];
  departments: PickerOption[];
  officers: PickerOption[];
}

const NONE: ListPickerOptions = { regions: [], departments: [], officers: [] };

/**
 * The region / department / officer choices of the list and queue filters, for supervisors and
 * admins (an officer's list is their firms, a handler's their department: nothing to pick).
 * Departments and officers come from the services' own reach-scoped lists; regions are public
 * reference data, narrowed here to the caller's reach so the picker offers nothing outside it.
 */
@Injectable()
export class ListPickers {
  constructor(
    private readonly regions: RegionsService,
    private readonly departments: DepartmentsService,
    private readonly users: UsersService,
  ) {}

  async for(user: AuthUser): Promise<ListPickerOptions> {
    if (user.role !== 'supervisor' && user.role !== 'admin') return NONE;
    const [regions, departments, officers] = await Promise.all([
      this.regions.list(new ListRegionsQuery()),
      this.departments.list(user, Object.assign(new ListDepartmentsQuery(), { active: true, page: 1, pageSize: 200 })),
      this.users.list(user, Object.assign(new ListUsersQuery(), { role: 'officer', active: true, page: 1, pageSize: 200 })),
    ]);
    const prefix = user.reachPrefix;
    return {
      regions: regions
        .filter((r) => r.code.startsWith(prefix))
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((r) => ({ value: r.code, text: `${r.level === 'county' ? '　' : ''}${r.name}` })),
      departments: departments.items.map((d) => ({ value: String(d.id), text: d.name })),
      officers: officers.items.map((o) => ({ value: String(o.id), text: `${o.displayName}（${o.username}）` })),
    };
  }
}
