import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { type ColumnChanges, updateWithVersion } from '../common/database/versioned-update';
import { ancestorCodes, subtreePrefix } from '../common/scope/region-reach';
import { Department } from './department.entity';
import { ListDepartmentsQuery } from './dto/department.dto';
import { likeContaining } from '../common/database/like-pattern';
import { insertReturningId } from '../common/database/insert-row';

/** The departments columns an edit may write (keys are the column names). */
export interface DepartmentColumns {
  name: string;
  short_name: string | null;
  active: 0 | 1;
}

@Injectable()
export class DepartmentsRepository {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * A user sees the departments in their reach, plus those on the chain above them (a county
   * officer routes and escalates to city and province departments) — never a sibling region's.
   */
  private visibleTo(user: AuthUser) {
    const qb = this.departments.createQueryBuilder('d');
    if (user.reachPrefix === '') return qb;
    return qb.andWhere(
      new Brackets((w) =>
        w
          .where('d.region_code LIKE :reach', { reach: `${user.reachPrefix}%` })
          .orWhere('d.region_code IN (:...chain)', { chain: ancestorCodes(user.regionCode, user.regionLevel) }),
      ),
    );
  }

  findVisible(user: AuthUser, id: number): Promise<Department | null> {
    return this.visibleTo(user).andWhere('d.id = :id', { id }).getOne();
  }

  findById(id: number): Promise<Department | null> {
    return this.departments.findOneBy({ id });
  }

  findByIds(ids: number[]): Promise<Department[]> {
    return ids.length ? this.departments.createQueryBuilder('d').where('d.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
  }

  listVisible(user: AuthUser, query: ListDepartmentsQuery): Promise<[Department[], number]> {
    const qb = this.visibleTo(user).orderBy('d.region_code', 'ASC').addOrderBy('d.id', 'ASC');
    if (query.regionCode) qb.andWhere('d.region_code LIKE :sub', { sub: `${subtreePrefix(query.regionCode)}%` });
    if (query.level) qb.andWhere('d.level = :level', { level: query.level });
    if (query.active !== undefined) qb.andWhere('d.active = :active', { active: query.active ? 1 : 0 });
    if (query.q) qb.andWhere('(d.name LIKE :q OR d.short_name LIKE :q)', { q: likeContaining(query.q) });
    return qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }

  insert(values: Pick<Department, 'name' | 'shortName' | 'regionCode' | 'level'>): Promise<number> {
    return insertReturningId(this.departments, { ...values, active: true, version: 1 });
  }

  update(id: number, version: number, changes: ColumnChanges<DepartmentColumns>): Promise<void> {
    return updateWithVersion(this.dataSource.manager, 'departments', id, version, changes, 'Department', () => this.findById(id));
  }
}
