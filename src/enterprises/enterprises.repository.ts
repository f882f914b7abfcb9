import { Injectable } from '@nestjs/common';
import { countedVisitSql } from '../visits/visit-sql';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { type ColumnChanges, updateWithVersion } from '../common/database/versioned-update';
import { subtreePrefix } from '../common/scope/region-reach';
import { EnterpriseDto, ListEnterprisesQuery } from './dto/enterprise.dto';
import { Enterprise } from './enterprise.entity';
import { type EnterpriseColumns, type EnterpriseFieldsDbRow, enterpriseFieldsFromRow } from './enterprise-row';
import { whereEnterpriseVisible } from './enterprise-scope';
import { escapeLike } from '../common/database/like-pattern';
import { insertReturningId } from '../common/database/insert-row';

export type NewEnterprise = Pick<
  Enterprise,
  'creditCode' | 'name' | 'regionCode' | 'industry' | 'scale' | 'tags' | 'park' | 'contactPerson' | 'contactPhone' | 'address'
>;


/** A firm as view() selects it: its descriptive columns, region name, current officer and stamps. */
interface EnterpriseViewDbRow extends EnterpriseFieldsDbRow {
  id: number;
  region_name: string;
  officer_id: number | null;
  officer_username: string | null;
  officer_name: string | null;
  officer_region_code: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function toEnterpriseDto(r: EnterpriseViewDbRow): EnterpriseDto {
  return {
    id: Number(r.id),
    ...enterpriseFieldsFromRow(r),
    regionName: String(r.region_name),
    officer:
      r.officer_id === null
        ? null
        : {
            id: Number(r.officer_id),
            username: String(r.officer_username),
            displayName: String(r.officer_name),
            regionCode: String(r.officer_region_code),
          },
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

@Injectable()
export class EnterprisesRepository {
  constructor(
    @InjectRepository(Enterprise) private readonly enterprises: Repository<Enterprise>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The firm with its region name and current officer, as every read returns it. */
  private view(user: AuthUser): SelectQueryBuilder<Enterprise> {
    const qb = this.enterprises
      .createQueryBuilder('e')
      .innerJoin('regions', 'r', 'r.code = e.region_code')
      .leftJoin('users', 'o', 'o.id = e.officer_id')
      .select([
        'e.id AS id',
        'e.credit_code AS credit_code',
        'e.name AS name',
        'e.region_code AS region_code',
        'r.name AS region_name',
        'e.industry AS industry',
        'e.scale AS scale',
        'e.tags AS tags',
        'e.park AS park',
        'e.contact_person AS contact_person',
        'e.contact_phone AS contact_phone',
        'e.address AS address',
        'e.active AS active',
        'e.officer_id AS officer_id',
        'o.username AS officer_username',
        'o.display_name AS officer_name',
        'o.region_code AS officer_region_code',
        'e.version AS version',
        'e.created_at AS created_at',
        'e.updated_at AS updated_at',
      ]);
    return whereEnterpriseVisible(qb, 'e', user);
  }

  async findVisible(user: AuthUser, id: number): Promise<EnterpriseDto | null> {
    const row = await this.view(user).andWhere('e.id = :id', { id }).getRawOne<EnterpriseViewDbRow>();
    return row ? toEnterpriseDto(row) : null;
  }

  async listVisible(user: AuthUser, query: ListEnterprisesQuery): Promise<[EnterpriseDto[], number]> {
    const qb = this.view(user);
    if (query.regionCode) qb.andWhere('e.region_code LIKE :sub', { sub: `${subtreePrefix(query.regionCode)}%` });
    if (query.industry) qb.andWhere('e.industry = :industry', { industry: query.industry });
    if (query.scale) qb.andWhere('e.scale = :scale', { scale: query.scale });
    if (query.tag) qb.andWhere('FIND_IN_SET(:tag, e.tags) > 0', { tag: query.tag });
    if (query.hasOfficer !== undefined) qb.andWhere(query.hasOfficer ? 'e.officer_id IS NOT NULL' : 'e.officer_id IS NULL');
    if (query.officerId) qb.andWhere('e.officer_id = :officerId', { officerId: query.officerId });
    if (query.active !== undefined) qb.andWhere('e.active = :active', { active: query.active ? 1 : 0 });
    if (query.notVisitedSince) {
      qb.andWhere(`NOT EXISTS (SELECT 1 FROM visits nv WHERE nv.enterprise_id = e.id AND nv.visit_date >= :since AND ${countedVisitSql('nv')})`, {
        since: query.notVisitedSince,
      });
    }
    if (query.q) {
      // credit_code is an ASCII column: only a text that could be part of a code is matched against it.
      const code = query.q.trim().toUpperCase();
      if (/^[0-9A-Z]+$/.test(code)) {
        qb.andWhere('(e.name LIKE :q OR e.credit_code LIKE :code)', { q: `%${escapeLike(query.q)}%`, code: `${code}%` });
      } else {
        qb.andWhere('e.name LIKE :q', { q: `%${escapeLike(query.q)}%` });
      }
    }
    const total = await qb.getCount();
    const rows = await qb
      .orderBy('e.region_code', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawMany<EnterpriseViewDbRow>();
    return [rows.map(toEnterpriseDto), total];
  }

  insert(values: NewEnterprise): Promise<number> {
    return insertReturningId(this.enterprises, { ...values, active: true, version: 1 });
  }

  update(manager: EntityManager, id: number, version: number, changes: ColumnChanges<EnterpriseColumns>): Promise<void> {
    return updateWithVersion(manager, 'enterprises', id, version, changes, 'Enterprise', () => this.enterprises.findOneBy({ id }));
  }
}
