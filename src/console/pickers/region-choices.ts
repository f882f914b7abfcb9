import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import type { RegionLevel } from '../../common/auth/role';
import type { FieldError } from '../../common/errors/app-error';
import { ListRegionsQuery } from '../../regions/dto/region.dto';
import { RegionsService } from '../../regions/regions.service';
import { groupRegions, offers, type RegionGroup } from './region-groups';

/** The Chinese sentence next to a region field whose code the caller may not use. */
export const REGION_OUT_OF_REACH = '该地区不在您的管辖范围内，请从列表中选择';

/**
 * The region picker's choices (views/pickers.njk `regionPicker`, public/region-picker.js): the
 * divisions in the caller's reach, grouped by city. Forms that take a region code check the
 * submitted code against the same list, so a code typed past the picker is refused at the field.
 */
@Injectable()
export class RegionChoices {
  constructor(private readonly regions: RegionsService) {}

  /** `levels` narrows the list where a form takes only some levels (a project lies in a city or county). */
  async for(user: Pick<AuthUser, 'reachPrefix'>, levels?: readonly RegionLevel[]): Promise<RegionGroup[]> {
    const all = await this.regions.list(new ListRegionsQuery());
    const groups = groupRegions(all, user.reachPrefix);
    if (!levels) return groups;
    return groups.map((g) => ({ ...g, options: g.options.filter((o) => levels.includes(o.level)) })).filter((g) => g.options.length > 0);
  }

  /**
   * The problem of a submitted code that is not one the caller's picker offers (unknown, or
   * outside the reach), for validatePicked; null when it is offered or blank ("not given").
   */
  async problem(user: Pick<AuthUser, 'reachPrefix'>, code: string | undefined, field = 'regionCode'): Promise<FieldError | null> {
    if (code === undefined || code === '') return null;
    return offers(await this.for(user), code) ? null : { field, message: REGION_OUT_OF_REACH };
  }
}
