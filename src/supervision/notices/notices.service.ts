import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { subtreePrefix } from '../../common/scope/region-reach';
import { ProblemClusteringService } from '../../common-problems/pool/problem-clustering.service';
import { ProblemPoolRepository } from '../../common-problems/pool/problem-pool.repository';
import { ProblemTopicsService } from '../../common-problems/named/problem-topics.service';
import { parsePeriodKey, previousPeriod } from '../domain';
import { parseReportFigures } from '../reports/parsed-figures';
import type { ReportFigures } from '../reports/report-figures.service';
import { ReportSnapshotsRepository, type SnapshotRecord } from '../reports/report-snapshots.repository';
import { GroupNamesRepository } from '../shared/group-names.repository';
import {
  buildNoticeContent,
  formatNoticeNumber,
  LISTED_PROBLEMS,
  noticeNumberPrefix,
  noticeYear,
  type NoticeContent,
  type NoticeProblemInput,
} from './notice-content';
import { renderNoticeDocx } from './notice-docx';
import { NoticesRepository, type PublishedNotice } from './notices.repository';

export interface NoticeDocument {
  reportId: number;
  number: string;
  title: string;
  /** 巴中市2022年3月考核通报（巴中企援督〔2022〕1号）.docx */
  filename: string;
  /** notice-511900-2022-03.docx, for clients that cannot read filename*. */
  asciiFilename: string;
  bytes: Buffer;
  sha256: string;
  publishedAt: Date | null;
  publishedBy: number | null;
  publishedByName: string | null;
}

/** A notice's read clusters at most this many new appeals itself, as the pool's own read does. */
const CLUSTERED_ON_READ = 5000;
const NOTICE_KIND = 'assessment_notice';

/**
 * Assessment notices (考核通报) of published period reports: the .docx generated from the report
 * (the same report gives the same bytes), numbered once per report, published once by a
 * supervisor of the report's region (or an admin) — stored with its hash and announced to the
 * inboxes of the supervisors of the region and the regions directly below — and from then on
 * served as stored.
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly notices: NoticesRepository,
    private readonly snapshots: ReportSnapshotsRepository,
    private readonly names: GroupNamesRepository,
    private readonly pool: ProblemPoolRepository,
    private readonly clustering: ProblemClusteringService,
    private readonly topics: ProblemTopicsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The notice's document: the published one as stored, else generated now (allocating its
   * number on the first call). A published notice is also served to the supervisors of the
   * regions directly below the report's, whom it is addressed to (they do not see the report).
   */
  async document(user: AuthUser, reportId: number): Promise<NoticeDocument> {
    const visible = await this.snapshots.findVisible(user, reportId);
    if (!visible) {
      const addressed = user.role === 'supervisor' ? await this.notices.publishedTo(user.regionCode, reportId) : null;
      if (addressed) return this.stored(addressed);
      throw AppError.notFound('Report', reportId);
    }
    const report = frozen(visible);
    const stored = await this.notices.find(reportId, true);
    if (stored?.publishedAt) return this.stored(stored);
    const notice = stored ?? (await this.reserve(user, report));
    return this.generate(report, notice);
  }

  /** The notice's document and what it says (its content model), for the console page. */
  async overview(user: AuthUser, reportId: number): Promise<{ document: NoticeDocument; content: NoticeContent; regionCode: string }> {
    const report = await this.frozenReport(user, reportId);
    const stored = await this.notices.find(reportId, true);
    const notice = stored ?? (await this.reserve(user, report));
    const content = await this.contentOf(report, notice);
    const document = notice.publishedAt ? this.stored(notice) : await this.generate(report, notice);
    return { document, content, regionCode: report.scopeRegionCode };
  }

  async publish(user: AuthUser, reportId: number): Promise<NoticeDocument> {
    const report = await this.frozenReport(user, reportId);
    if (user.role !== 'admin' && (user.role !== 'supervisor' || user.regionCode !== report.scopeRegionCode)) {
      throw AppError.forbidden(`Only a supervisor of region ${report.scopeRegionCode} (or an admin) publishes its notice`);
    }
    const existing = await this.notices.find(reportId);
    if (existing?.publishedAt) throw AppError.conflict(`The notice of report ${reportId} is already published`, { reportId });
    const notice = existing ?? (await this.reserve(user, report));
    const document = await this.generate(report, notice);
    const now = this.clock.now();
    const announced = await this.notices.publish(reportId, { bytes: document.bytes, sha256: document.sha256, title: document.title, filename: document.filename }, user.id, now, {
      regionCode: report.scopeRegionCode,
      kind: NOTICE_KIND,
      title: `${document.title}已印发`,
      body: `${document.number}，请及时查阅并对照整改。`,
      at: now,
    });
    if (!announced) throw AppError.conflict(`The notice of report ${reportId} is already published`, { reportId });
    const published = await this.notices.find(reportId, true);
    if (!published) throw new Error(`notice of report ${reportId} vanished`);
    return this.stored(published);
  }

  /** A report in the caller's reach (404 otherwise) that is published, i.e. frozen for good (400 otherwise). */
  private async frozenReport(user: AuthUser, reportId: number): Promise<SnapshotRecord> {
    const report = await this.snapshots.findVisible(user, reportId);
    if (!report) throw AppError.notFound('Report', reportId);
    return frozen(report);
  }

  private async reserve(user: AuthUser, report: SnapshotRecord): Promise<PublishedNotice> {
    const region = await this.names.region(report.scopeRegionCode);
    if (!region) throw AppError.notFound('Region', report.scopeRegionCode);
    const frozenAt = report.publishedAt as Date;
    return this.notices.reserve(report.id, region.code, noticeNumberPrefix(region), noticeYear(frozenAt), this.clock.now(), user.id);
  }

  private async generate(report: SnapshotRecord, notice: PublishedNotice): Promise<NoticeDocument> {
    const content = await this.contentOf(report, notice);
    const bytes = await renderNoticeDocx(content, report.publishedAt as Date);
    return this.documentOf(report, notice, content.title, bytes);
  }

  /** A published notice exactly as stored, after checking it still hashes to the recorded SHA-256. */
  private stored(notice: PublishedNotice): NoticeDocument {
    const bytes = notice.document;
    if (!bytes || sha256(bytes) !== notice.documentSha256 || !notice.documentFilename) {
      throw new AppError(ErrorCode.Internal, `The stored notice of report ${notice.reportId} does not match its recorded SHA-256`);
    }
    return {
      reportId: notice.reportId,
      number: formatNoticeNumber(notice.number),
      title: notice.documentTitle ?? '',
      filename: notice.documentFilename,
      asciiFilename: asciiFilenameOf(notice),
      bytes,
      sha256: notice.documentSha256 as string,
      publishedAt: notice.publishedAt,
      publishedBy: notice.publishedBy,
      publishedByName: notice.publishedByName,
    };
  }

  private documentOf(report: SnapshotRecord, notice: PublishedNotice, title: string, bytes: Buffer): NoticeDocument {
    const figures = parseReportFigures(report);
    const number = formatNoticeNumber(notice.number);
    return {
      reportId: report.id,
      number,
      title,
      filename: `${figures.scope.name}${figures.period.label}考核通报（${number}）.docx`,
      asciiFilename: asciiFilenameOf(notice),
      bytes,
      sha256: sha256(bytes),
      publishedAt: notice.publishedAt,
      publishedBy: notice.publishedBy,
      publishedByName: notice.publishedByName,
    };
  }

  private async contentOf(report: SnapshotRecord, notice: PublishedNotice): Promise<NoticeContent> {
    const figures = parseReportFigures(report);
    const period = parsePeriodKey(report.periodKey);
    if (!period) throw new Error(`report ${report.id} has an unreadable period key ${report.periodKey}`);
    const before = previousPeriod(period);
    const [previous, orders, problems, named] = await Promise.all([
      this.snapshots.findFigures(before.kind, before.key, report.scopeRegionCode),
      this.notices.ordersOfPeriod(report.scopeRegionCode, period.startsAt, period.endsAt),
      this.problemsOf(report.scopeRegionCode, period),
      this.topics.listForPeriod(report.scopeRegionCode, period.kind, period.key),
    ]);
    return buildNoticeContent({
      reportId: report.id,
      figuresSha256: report.figuresSha256,
      figures,
      previous: previous ? (parseReportFigures(previous) as ReportFigures) : null,
      number: notice.number,
      frozenAt: report.publishedAt as Date,
      orders,
      problems,
      named,
    });
  }

  /** The period's common problems in the region: the pool's clusters raised by at least two firms, largest first. */
  private async problemsOf(regionCode: string, period: { kind: string; startsAt: Date; endsAt: Date }): Promise<NoticeProblemInput[]> {
    if (!['week', 'xun', 'month'].includes(period.kind)) return [];
    await this.clustering.catchUp(CLUSTERED_ON_READ);
    const clusters = await this.pool.clusters({ regionPrefix: subtreePrefix(regionCode), startsAt: period.startsAt, endsAt: period.endsAt });
    const titles = await this.pool.numbersAndTitles(clusters.slice(0, LISTED_PROBLEMS).map((c) => c.firstAppealId));
    return clusters.map((c) => ({
      title: titles.get(c.firstAppealId)?.title ?? `问题${c.clusterKey}`,
      appeals: c.appeals,
      firms: c.firms,
      counties: c.counties,
      departments: c.departments,
    }));
  }
}

function frozen(report: SnapshotRecord): SnapshotRecord {
  if (report.status !== 'published' || !report.publishedAt) {
    throw AppError.badRequest(
      `Report ${report.id} is a draft that can still be recomputed; a notice is generated for a published (frozen) report only`,
      [{ field: 'id', message: 'the report is not published' }],
    );
  }
  return report;
}

/** The ASCII name offered beside the Chinese one (RFC 5987 filename*): the issuing region and the number, notice-511900-2026-3.docx. */
function asciiFilenameOf(notice: PublishedNotice): string {
  return `notice-${notice.regionCode}-${notice.number.year}-${notice.number.sequence}.docx`;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
