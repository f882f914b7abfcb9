import { Injectable } from '@nestjs/common';
import type { RegionLevel } from '../common/auth/role';
import { AppError } from '../common/errors/app-error';
import { regionPrefix } from '../common/scope/region-reach';
import { CreateRegionDto, ListRegionsQuery, RegionDto } from './dto/region.dto';
import { Region } from './region.entity';
import { RegionsRepository } from './regions.repository';
import { requireFound } from '../common/errors/require-found';

const childLevel: Record<RegionLevel, RegionLevel | null> = { province: 'city', city: 'county', county: null };

/** Division codes and names are public reference data: every signed-in user may read them. */
@Injectable()
export class RegionsService {
  constructor(private readonly regions: RegionsRepository) {}

  list(query: ListRegionsQuery): Promise<RegionDto[]> {
    return this.regions.list(query);
  }

  async get(code: string): Promise<Region> {
    return requireFound(this.regions.findByCode(code), 'Region', code);
  }

  /** Validates a code a client sent, with a 400 (not a 404) because it is input, not a resource. */
  async requireExisting(code: string, field = 'regionCode'): Promise<Region> {
    const region = await this.regions.findByCode(code);
    if (!region) throw AppError.badRequest(`Unknown region code ${code}`, [{ field, message: `unknown region code ${code}` }]);
    return region;
  }

  async create(dto: CreateRegionDto): Promise<RegionDto> {
    const parent = await this.requireExisting(dto.parentCode, 'parentCode');
    const level = childLevel[parent.level];
    if (!level) throw AppError.badRequest('A county cannot have child regions', [{ field: 'parentCode', message: 'parent is a county' }]);
    if (!dto.code.startsWith(regionPrefix(parent.code, parent.level))) {
      throw AppError.badRequest(`Code ${dto.code} does not lie under ${parent.code}`, [
        { field: 'code', message: `must start with ${regionPrefix(parent.code, parent.level)}` },
      ]);
    }
    if (await this.regions.findByCode(dto.code)) throw AppError.conflict(`Region ${dto.code} already exists`);
    const region: Region = { code: dto.code, name: dto.name, level, parentCode: parent.code };
    await this.regions.insert(region);
    return region;
  }

  async rename(code: string, name: string): Promise<RegionDto> {
    await this.get(code);
    await this.regions.rename(code, name);
    return this.get(code);
  }
}
