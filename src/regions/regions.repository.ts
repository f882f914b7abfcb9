import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Region } from './region.entity';

@Injectable()
export class RegionsRepository {
  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  findByCode(code: string): Promise<Region | null> {
    return this.regions.findOneBy({ code });
  }

  findByCodes(codes: string[]): Promise<Region[]> {
    return codes.length ? this.regions.createQueryBuilder('r').where('r.code IN (:...codes)', { codes }).getMany() : Promise.resolve([]);
  }

  list(filter: { parentCode?: string; level?: string; prefix?: string }): Promise<Region[]> {
    const qb = this.regions.createQueryBuilder('r').orderBy('r.code', 'ASC');
    if (filter.parentCode) qb.andWhere('r.parent_code = :parent', { parent: filter.parentCode });
    if (filter.level) qb.andWhere('r.level = :level', { level: filter.level });
    if (filter.prefix) qb.andWhere('r.code LIKE :prefix', { prefix: `${filter.prefix}%` });
    return qb.getMany();
  }

  insert(region: Region): Promise<unknown> {
    return this.regions.insert(region);
  }

  rename(code: string, name: string): Promise<unknown> {
    return this.regions.update({ code }, { name });
  }
}
