import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { translatingWrites, UnitOfWork } from '../common/database/unit-of-work';
import type { ColumnChanges } from '../common/database/versioned-update';
import { AppError } from '../common/errors/app-error';
import { Page, pageFrom } from '../common/pagination/page-query.dto';
import { reaches } from '../common/scope/region-reach';
import { officerCovers } from '../officers/domain/officer-reach';
import { OfficerAssignmentsService } from '../officers/officer-assignments.service';
import { PolicyMatchingService } from '../policies/matching/policy-matching.service';
import { RegionsService } from '../regions/regions.service';
import { editableEnterpriseFields, ENTERPRISE_FIELDS, type EnterpriseField } from './domain/enterprise-permissions';
import { CreateEnterpriseDto, EnterpriseDto, ListEnterprisesQuery, UpdateEnterpriseDto } from './dto/enterprise.dto';
import type { EnterpriseColumns } from './enterprise-row';
import { EnterprisesRepository } from './enterprises.repository';
import { requireFound } from '../common/errors/require-found';

/** The fields policy eligibility rules read. */
const MATCHED_FIELDS: readonly EnterpriseField[] = ['regionCode', 'industry', 'scale', 'tags', 'park', 'active'];

@Injectable()
export class EnterprisesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly enterprises: EnterprisesRepository,
    private readonly regions: RegionsService,
    private readonly officerAssignments: OfficerAssignmentsService,
    private readonly policyMatching: PolicyMatchingService,
  ) {}

  async list(actor: AuthUser, query: ListEnterprisesQuery): Promise<Page<EnterpriseDto>> {
    return pageFrom(this.enterprises.listVisible(actor, query), query);
  }

  /** A firm outside the caller's sight answers 404, exactly like one that does not exist. */
  async get(actor: AuthUser, id: number): Promise<EnterpriseDto> {
    return requireFound(this.enterprises.findVisible(actor, id), 'Enterprise', id);
  }

  async create(actor: AuthUser, dto: CreateEnterpriseDto): Promise<EnterpriseDto> {
    await this.checkRegion(actor, dto.regionCode);
    return translatingWrites(
      async () => {
        const id = await this.enterprises.insert({
          creditCode: dto.creditCode,
          name: dto.name.trim(),
          regionCode: dto.regionCode,
          industry: dto.industry,
          scale: dto.scale,
          tags: dto.tags ?? [],
          park: dto.park ?? null,
          contactPerson: dto.contactPerson ?? null,
          contactPhone: dto.contactPhone ?? null,
          address: dto.address ?? null,
        });
        await this.uow.transaction((manager) => this.policyMatching.rematchFirms(manager, [id]));
        return this.get(actor, id);
      },
      { duplicate: () => AppError.conflict(`An enterprise with the credit code ${dto.creditCode} already exists`) },
    );
  }

  /**
   * Admins and supervisors edit the register; the firm's officer and its own staff edit contact
   * details. Deactivating a firm, or moving it out of its officer's region, ends the assignment
   * in the same transaction, so the firm shows up as uncovered rather than wrongly covered.
   */
  async update(actor: AuthUser, id: number, dto: UpdateEnterpriseDto): Promise<EnterpriseDto> {
    const current = await this.get(actor, id);
    const ownFirm = actor.role === 'enterprise' ? actor.enterpriseId === id : current.officer?.id === actor.id;
    const allowed = editableEnterpriseFields(actor.role, { ownFirm });
    const requested = ENTERPRISE_FIELDS.filter((field) => dto[field] !== undefined);
    const refused = requested.filter((field) => !allowed.includes(field));
    if (refused.length) {
      throw AppError.forbidden(
        allowed.length ? `You may change only ${allowed.join(', ')} of this enterprise` : 'You may not change this enterprise',
        { refusedFields: refused },
      );
    }
    if (dto.regionCode !== undefined && dto.regionCode !== current.regionCode) await this.checkRegion(actor, dto.regionCode);

    // A field the request leaves out is undefined: its column is left as it is.
    const changes: ColumnChanges<EnterpriseColumns> = {
      credit_code: dto.creditCode,
      name: dto.name,
      region_code: dto.regionCode,
      industry: dto.industry,
      scale: dto.scale,
      tags: dto.tags?.join(','),
      park: dto.park,
      contact_person: dto.contactPerson,
      contact_phone: dto.contactPhone,
      address: dto.address,
      active: dto.active === undefined ? undefined : dto.active ? 1 : 0,
    };
    const officer = current.officer;
    const endReason =
      dto.active === false && current.active
        ? 'enterprise deactivated'
        : officer && dto.regionCode && !officerCovers(officer.regionCode, dto.regionCode)
          ? `enterprise moved to region ${dto.regionCode}, outside the officer's region ${officer.regionCode}`
          : null;
    await translatingWrites(
      async () => {
        await this.uow.transaction(async (manager) => {
          await this.enterprises.update(manager, id, dto.version, changes);
          if (officer && endReason) await this.officerAssignments.endAssignments(manager, [id], actor.id, endReason);
          // A firm that now meets a policy's rules gains it (once); one that no longer does is marked so.
          if (requested.some((field) => MATCHED_FIELDS.includes(field))) await this.policyMatching.rematchFirms(manager, [id]);
        });
      },
      { duplicate: () => AppError.conflict(`An enterprise with the credit code ${dto.creditCode} already exists`) },
    );
    return this.get(actor, id);
  }

  /** A firm sits in a city or county the caller reaches. */
  private async checkRegion(actor: AuthUser, regionCode: string): Promise<void> {
    const region = await this.regions.requireExisting(regionCode);
    if (region.level === 'province') {
      throw AppError.badRequest('An enterprise belongs to a city or county, not to the province', [
        { field: 'regionCode', message: 'must be a city or county' },
      ]);
    }
    if (!reaches(actor.reachPrefix, region.code)) {
      throw AppError.badRequest(`Region ${region.code} is outside your reach`, [{ field: 'regionCode', message: 'outside your reach' }]);
    }
  }
}
