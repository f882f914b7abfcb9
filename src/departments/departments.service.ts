import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { translatingWrites } from '../common/database/unit-of-work';
import type { ColumnChanges } from '../common/database/versioned-update';
import { Page, pageFrom } from '../common/pagination/page-query.dto';
import { RegionsService } from '../regions/regions.service';
import { Department } from './department.entity';
import { type DepartmentColumns, DepartmentsRepository } from './departments.repository';
import { CreateDepartmentDto, DepartmentDto, ListDepartmentsQuery, UpdateDepartmentDto } from './dto/department.dto';
import { requireFound } from '../common/errors/require-found';

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly departments: DepartmentsRepository,
    private readonly regions: RegionsService,
  ) {}

  async list(user: AuthUser, query: ListDepartmentsQuery): Promise<Page<DepartmentDto>> {
    return pageFrom(this.departments.listVisible(user, query), query);
  }

  /** Outside the caller's sight a department answers 404, exactly like one that does not exist. */
  async get(user: AuthUser, id: number): Promise<Department> {
    return requireFound(this.departments.findVisible(user, id), 'Department', id);
  }

  async create(dto: CreateDepartmentDto): Promise<DepartmentDto> {
    const region = await this.regions.requireExisting(dto.regionCode);
    return translatingWrites(
      async () => {
        const id = await this.departments.insert({
          name: dto.name,
          shortName: dto.shortName ?? null,
          regionCode: region.code,
          level: region.level,
        });
        return (await this.departments.findById(id)) as Department;
      },
      { duplicate: () => AppError.conflict(`A department named ${dto.name} already exists in ${region.name}`) },
    );
  }

  async update(user: AuthUser, id: number, dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    await this.get(user, id);
    const changes: ColumnChanges<DepartmentColumns> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.shortName !== undefined) changes.short_name = dto.shortName;
    if (dto.active !== undefined) changes.active = dto.active ? 1 : 0;
    await translatingWrites(
      async () => {
        await this.departments.update(id, dto.version, changes);
      },
      { duplicate: () => AppError.conflict(`A department named ${dto.name} already exists in that region`) },
    );
    return this.get(user, id);
  }
}
