import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { isDuplicateKey } from '../../common/database/mysql-errors';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { isEnded, parsePeriodKey, type Period, type PeriodKind } from '../domain';
import { FiguresService, type Ranking } from '../metrics/figures.service';
import { ProvisionalFiguresRepository, provisionalFromGroups, type ReportProvisional } from '../metrics/provisional-figures.repository';
import { SYSTEM_READER } from '../shared/system-reader';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { reportSettingsFrom, type ReportSettings } from '../shared/report-settings';
import { resolveScope, type SupervisionScope } from '../shared/supervision-scope';
import { CreateReportDto, ListReportsQuery, ReportPageDto, ReportSnapshotDto, ReportVerificationDto } from './dto/report.dto';
import { diffJson } from './json-diff';
import { ReportFiguresService, serialiseFigures, sha256Of } from './report-figures.service';
import { ReportSnapshotsRepository, type SnapshotContent, type SnapshotRecord } from './report-snapshots.repository';
import { requireFound } from '../../common/errors/require-found';

/**
 * Frozen period reports. Computing an ended period stores a draft (recomputing a draft replaces
 * it); publishing freezes it for good, after which computing the same period again is refused.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly snapshots: ReportSnapshotsRepository,
    private readonly reportFigures: ReportFiguresService,
    private readonly figures: FiguresService,
    private readonly names: GroupNamesRepository,
    private readonly provisionalCounts: ProvisionalFiguresRepository,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateReportDto): Promise<ReportSnapshotDto> {
    const period = parseKey(dto.periodKind, dto.key);
    const now = this.clock.now();
    if (!isEnded(period, now)) {
      throw new AppError(
        ErrorCode.Unprocessable,
        `${period.label} has not ended yet; it can be frozen from ${period.endsAt.toISOString()}`,
        [{ field: 'key', message: 'the period has not ended' }],
      );
    }
    const scope = await resolveScope(this.names, user, dto.regionCode);
    const existing = await this.snapshots.findByPeriod(period.kind, period.key, scope.code);
    if (existing?.status === 'published') {
      throw AppError.conflict(`The ${period.label} report of ${scope.name} is published and can no longer be recomputed`, {
        snapshotId: existing.id,
      });
    }
    const content = await this.freeze(scope, period, await this.figures.currentSettings(), now, user.id);
    let id: number;
    if (existing) {
      if (!(await this.snapshots.replaceDraft(existing.id, content))) {
        throw AppError.conflict(`The ${period.label} report of ${scope.name} was published meanwhile`, { snapshotId: existing.id });
      }
      id = existing.id;
    } else {
      try {
        id = await this.snapshots.insertDraft(period.kind, period.key, scope.code, content);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const winner = await this.snapshots.findByPeriod(period.kind, period.key, scope.code);
        throw AppError.conflict(`The ${period.label} report of ${scope.name} was being computed by someone else`, {
          snapshotId: winner?.id,
        });
      }
    }
    return this.get(user, id);
  }

  /** Used by the scheduled job: freezes a draft unless one exists. True when it created one. */
  async freezeIfMissing(scope: SupervisionScope, period: Period): Promise<boolean> {
    if (await this.snapshots.findByPeriod(period.kind, period.key, scope.code)) return false;
    const content = await this.freeze(scope, period, await this.figures.currentSettings(), this.clock.now(), null);
    try {
      await this.snapshots.insertDraft(period.kind, period.key, scope.code, content);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false; // another instance got there first
      throw error;
    }
  }

  async publish(user: AuthUser, id: number): Promise<ReportSnapshotDto> {
    const snapshot = await this.find(user, id);
    if (snapshot.status === 'published' || !(await this.snapshots.publish(id, user.id, this.clock.now()))) {
      throw AppError.conflict(`Report ${id} is already published`, { snapshotId: id });
    }
    return this.get(user, id);
  }

  async get(user: AuthUser, id: number): Promise<ReportSnapshotDto> {
    const { figuresText, ...snapshot } = await this.find(user, id);
    return {
      ...snapshot,
      settings: snapshot.settings as Record<string, unknown>,
      policyVersions: snapshot.policyVersions as unknown[],
      figures: JSON.parse(figuresText) as Record<string, unknown>,
      provisional: snapshot.provisional,
    };
  }

  async list(user: AuthUser, query: ListReportsQuery): Promise<ReportPageDto> {
    if (query.regionCode) await resolveScope(this.names, user, query.regionCode);
    const [items, total] = await this.snapshots.listVisible(user, query, query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Recomputes the report from the appeals' recorded history with the settings it was frozen
   * under and compares figure by figure. Also checks the stored text still hashes to the stored
   * SHA-256, which tells an edited row apart from data that changed underneath.
   */
  async verify(user: AuthUser, id: number): Promise<ReportVerificationDto> {
    const snapshot = await this.find(user, id);
    const period = parseKey(snapshot.periodKind, snapshot.periodKey);
    const region = await this.names.region(snapshot.scopeRegionCode);
    if (!region) throw AppError.notFound('Region', snapshot.scopeRegionCode);
    const scope = await resolveScope(this.names, user, region.code);
    const settings = snapshot.settings as ReportSettings;
    const now = this.clock.now();
    const recomputed = serialiseFigures(
      await this.reportFigures.compute(scope, period, { ...reportSettingsFrom(rawOf(settings)), listSize: settings.listSize }, now),
    );
    const figuresEqual = recomputed.text === snapshot.figuresText;
    const hashValid = sha256Of(snapshot.figuresText) === snapshot.figuresSha256;
    return {
      snapshotId: id,
      ok: figuresEqual && hashValid,
      hashValid,
      figuresEqual,
      checkedAt: now.toISOString(),
      differences: figuresEqual ? [] : diffJson(JSON.parse(snapshot.figuresText), JSON.parse(recomputed.text)),
    };
  }

  private async freeze(
    scope: SupervisionScope,
    period: Period,
    settings: ReportSettings,
    now: Date,
    userId: number | null,
  ): Promise<SnapshotContent> {
    const [figures, policyVersions] = await Promise.all([
      this.reportFigures.compute(scope, period, settings, now),
      this.snapshots.policyVersionsUsed(scope.code, period.startsAt, period.endsAt),
    ]);
    const { text, sha256 } = serialiseFigures(figures);
    const provisional = await this.provisionalOfRankings(scope, period, figures.rankings, now);
    return { settings, policyVersions, figuresText: text, figuresSha256: sha256, provisional, computedAt: now, computedBy: userId };
  }

  /** Per ranking, how many appeals of its groups' deadline-dependent figures are judged on a provisional deadline now. */
  private async provisionalOfRankings(
    scope: SupervisionScope,
    period: Period,
    rankings: { region?: Ranking; department: Ranking },
    now: Date,
  ): Promise<ReportProvisional> {
    const window = { from: period.startsAt, to: period.endsAt };
    const of = async (ranking: Ranking) =>
      provisionalFromGroups(await this.provisionalCounts.count(SYSTEM_READER, { regionCode: scope.code }, window, ranking.groupBy));
    const [region, department] = await Promise.all([rankings.region ? of(rankings.region) : null, of(rankings.department)]);
    return { countedAt: now.toISOString(), rankings: { ...(region ? { region } : {}), department } };
  }

  private async find(user: AuthUser, id: number): Promise<SnapshotRecord> {
    return requireFound(this.snapshots.findVisible(user, id), 'Report', id);
  }
}

function parseKey(kind: PeriodKind, key: string): Period {
  const period = parsePeriodKey(key);
  if (period === null || period.kind !== kind) {
    throw AppError.badRequest(`"${key}" is not a ${kind} key`, [{ field: 'key', message: `not a ${kind} key` }]);
  }
  return period;
}

/** A stored ReportSettings read back through the same validation as the live settings. */
function rawOf(settings: ReportSettings) {
  return {
    'metrics.basically_satisfied_counts': settings.basicallySatisfiedCounts,
    'metrics.weights': settings.weights,
    'sla.working_hours': settings.workingHours,
    'policies.reach_in_assessment': settings.policyReach,
  };
}
