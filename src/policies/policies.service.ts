import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { Page, pageFrom } from '../common/pagination/page-query.dto';
import { ancestorCodes } from '../common/scope/region-reach';
import { RegionsService } from '../regions/regions.service';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { validateRules, type PolicyRules } from './domain/policy-rules';
import { compileRules } from './domain/rules-sql';
import { PolicyMatchingService } from './matching/policy-matching.service';
import { PoliciesRepository, type PolicyValues } from './policies.repository';
import { mayManagePolicy } from './policy-visibility';
import {
  CreatePolicyDto,
  ListPoliciesQuery,
  PolicyDto,
  PreviewDto,
  PreviewRequestDto,
  PublishResultDto,
  UpdatePolicyDto,
} from './dto/policy.dto';
import { UnitOfWork } from '../common/database/unit-of-work';
import { requireFound } from '../common/errors/require-found';

/** The policy library: drafts, their rules and preview, publication (which matches firms) and withdrawal. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policies: PoliciesRepository,
    private readonly matching: PolicyMatchingService,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, query: ListPoliciesQuery): Promise<Page<PolicyDto>> {
    return pageFrom(this.policies.listVisible(user, query), query);
  }

  /** A policy the caller may not read answers 404, like a missing one. */
  async get(user: AuthUser, id: number): Promise<PolicyDto> {
    return requireFound(this.policies.findVisible(user, id), 'Policy', id);
  }

  async create(user: AuthUser, dto: CreatePolicyDto): Promise<PolicyDto> {
    const region = await this.regions.requireExisting(dto.regionCode);
    if (!mayManagePolicy(user, region.code)) {
      throw AppError.badRequest(`Region ${region.code} is outside your reach`, [{ field: 'regionCode', message: 'outside your reach' }]);
    }
    const rules = await this.checkRules(dto.rules, region.code);
    await this.checkDepartment(dto.departmentId, region.code, region.level);
    checkDates(dto.validFrom, dto.validUntil ?? null);
    const values: PolicyValues = {
      title: dto.title.trim(),
      issuingBody: dto.issuingBody.trim(),
      documentNumber: dto.documentNumber?.trim() || null,
      regionCode: region.code,
      level: region.level,
      validFrom: dto.validFrom,
      validUntil: dto.validUntil ?? null,
      summary: dto.summary.trim(),
      fullText: dto.fullText ?? null,
      attachmentUrl: dto.attachmentUrl ?? null,
      departmentId: dto.departmentId,
      obtainMode: dto.obtainMode,
      rules,
    };
    const id = await this.policies.insert(values, user.id, this.clock.now());
    return this.get(user, id);
  }

  async update(user: AuthUser, id: number, dto: UpdatePolicyDto): Promise<PolicyDto> {
    const policy = await this.manageable(user, id);
    if (policy.status !== 'draft') throw AppError.conflict('Only a draft can be edited; a published policy is fixed (withdraw it and publish a corrected one)', { status: policy.status });
    const changes: Partial<PolicyValues> = {};
    if (dto.title !== undefined) changes.title = dto.title.trim();
    if (dto.issuingBody !== undefined) changes.issuingBody = dto.issuingBody.trim();
    if (dto.documentNumber !== undefined) changes.documentNumber = dto.documentNumber?.trim() || null;
    if (dto.summary !== undefined) changes.summary = dto.summary.trim();
    if (dto.fullText !== undefined) changes.fullText = dto.fullText;
    if (dto.attachmentUrl !== undefined) changes.attachmentUrl = dto.attachmentUrl;
    if (dto.obtainMode !== undefined) changes.obtainMode = dto.obtainMode;
    if (dto.validFrom !== undefined) changes.validFrom = dto.validFrom;
    if (dto.validUntil !== undefined) changes.validUntil = dto.validUntil;
    if (dto.rules !== undefined) changes.rules = await this.checkRules(dto.rules, policy.regionCode);
    if (dto.departmentId !== undefined) {
      await this.checkDepartment(dto.departmentId, policy.regionCode, policy.level);
      changes.departmentId = dto.departmentId;
    }
    checkDates(changes.validFrom ?? policy.validFrom, changes.validUntil !== undefined ? changes.validUntil : policy.validUntil);
    await this.uow.transaction((m) => this.policies.updateDraft(m, id, dto.version, changes));
    return this.get(user, id);
  }

  /** How many and which firms the rules would reach, before anything is published. */
  async preview(user: AuthUser, dto: PreviewRequestDto): Promise<PreviewDto> {
    const region = await this.regions.requireExisting(dto.regionCode);
    if (!mayManagePolicy(user, region.code)) {
      throw AppError.badRequest(`Region ${region.code} is outside your reach`, [{ field: 'regionCode', message: 'outside your reach' }]);
    }
    const rules = await this.checkRules(dto.rules, region.code);
    return this.policies.preview(compileRules(rules, region.code), Math.min(dto.limit ?? 20, 200));
  }

  /** Publishing matches every firm the rules admit, in the same transaction, and tells them. */
  async publish(user: AuthUser, id: number, version: number): Promise<PublishResultDto> {
    const current = await this.manageable(user, id);
    if (current.status !== 'draft') throw AppError.conflict(`The policy is already ${current.status}`, { status: current.status });
    const today = shanghaiDateOf(this.clock.now());
    if (current.validUntil && current.validUntil < today) {
      throw AppError.badRequest(`The policy expired on ${current.validUntil}`, [{ field: 'validUntil', message: 'in the past' }]);
    }
    const outcome = await this.uow.transaction(async (m) => {
      await this.policies.setStatus(m, id, version, 'published', this.clock.now());
      return this.matching.matchPublished(m, current);
    });
    return { policy: await this.get(user, id), matched: outcome.matched, notified: outcome.notified };
  }

  /** A withdrawn policy keeps its firms' records (closed to changes) and stops matching new firms. */
  async withdraw(user: AuthUser, id: number, version: number): Promise<PolicyDto> {
    const current = await this.manageable(user, id);
    if (current.status !== 'published') throw AppError.conflict(`Only a published policy can be withdrawn; this one is ${current.status}`, { status: current.status });
    await this.uow.transaction((m) => this.policies.setStatus(m, id, version, 'withdrawn', this.clock.now()));
    return this.get(user, id);
  }

  /** Visible and within the caller's management reach; a visible policy they may not manage is a 403. */
  private async manageable(user: AuthUser, id: number): Promise<PolicyDto> {
    const policy = await this.get(user, id);
    if (!mayManagePolicy(user, policy.regionCode)) throw AppError.forbidden('Only an admin or a supervisor of the issuing region manages this policy');
    return policy;
  }

  private async checkRules(input: unknown, policyRegionCode: string): Promise<PolicyRules> {
    const result = validateRules(input, policyRegionCode);
    if (!result.ok) throw AppError.badRequest('The eligibility rules are invalid', result.errors.map((e) => ({ field: `rules.${e.field}`, message: e.message })));
    const unknown = await this.policies.unknownRegions(result.rules.regionCodes);
    if (unknown.length) {
      throw AppError.badRequest('The eligibility rules name unknown regions', unknown.map((code) => ({ field: 'rules.regionCodes', message: `unknown region code ${code}` })));
    }
    return result.rules;
  }

  /** The responsible department answers questions about the policy: active, in its region or above. */
  private async checkDepartment(departmentId: number, regionCode: string, level: PolicyDto['level']): Promise<void> {
    const department = await this.policies.departmentRegion(departmentId);
    if (!department || !department.active) throw AppError.badRequest(`Unknown department ${departmentId}`, [{ field: 'departmentId', message: 'unknown or inactive department' }]);
    if (!ancestorCodes(regionCode, level).includes(department.regionCode)) {
      throw AppError.badRequest('The responsible department must belong to the policy’s region or a region above it', [
        { field: 'departmentId', message: `department is in ${department.regionCode}` },
      ]);
    }
  }
}

function checkDates(validFrom: string, validUntil: string | null): void {
  if (Number.isNaN(Date.parse(`${validFrom}T00:00:00Z`)) || new Date(`${validFrom}T00:00:00Z`).toISOString().slice(0, 10) !== validFrom) {
    throw AppError.badRequest(`${validFrom} is not a date`, [{ field: 'validFrom', message: 'not a calendar date' }]);
  }
  if (validUntil !== null) {
    if (Number.isNaN(Date.parse(`${validUntil}T00:00:00Z`)) || new Date(`${validUntil}T00:00:00Z`).toISOString().slice(0, 10) !== validUntil) {
      throw AppError.badRequest(`${validUntil} is not a date`, [{ field: 'validUntil', message: 'not a calendar date' }]);
    }
    if (validUntil < validFrom) throw AppError.badRequest('A policy cannot end before it starts', [{ field: 'validUntil', message: 'before validFrom' }]);
  }
}
