import { IntegrityController } from './integrity/integrity.controller';
import { IntegrityRepository } from './integrity/integrity.repository';
import { IntegrityService } from './integrity/integrity.service';
import { PolicyReachAssessmentProvider } from '../policies/reach/reach-assessment.provider';
import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { LeaseRepository } from '../sla/sweep/lease.repository';
import { SupervisionCalendar } from './calendar/supervision-calendar.service';
import { ExportsController } from './exports/exports.controller';
import { LedgerExportService } from './exports/ledger-export.service';
import { LedgerRepository } from './exports/ledger.repository';
import { RankingsExportService } from './exports/rankings-export.service';
import { AsOfCountsRepository } from './history/as-of-counts.repository';
import { DashboardService } from './metrics/dashboard.service';
import { FiguresService } from './metrics/figures.service';
import { ProvisionalFiguresRepository } from './metrics/provisional-figures.repository';
import { MetricCountsRepository } from './metrics/metric-counts.repository';
import { CoTaskCountsRepository } from './metrics/co-task-counts.repository';
import { CoTaskFiguresService } from './metrics/co-task-figures.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { QueuesController } from './queues/queues.controller';
import { QueuesRepository } from './queues/queues.repository';
import { QueuesService } from './queues/queues.service';
import { ReportFiguresService } from './reports/report-figures.service';
import { ReportFreezerCron } from './reports/report-freezer.cron';
import { ReportSnapshotsRepository } from './reports/report-snapshots.repository';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { GroupNamesRepository } from './shared/group-names.repository';

/** Read-only supervision: queues, metrics, rankings, frozen period reports and XLSX exports. */
@Module({
  imports: [SlaModule],
  controllers: [QueuesController, MetricsController, ReportsController, ExportsController, IntegrityController],
  providers: [
    IntegrityRepository,
    IntegrityService,
    SupervisionCalendar,
    GroupNamesRepository,
    QueuesRepository,
    QueuesService,
    MetricCountsRepository,
    CoTaskCountsRepository,
    CoTaskFiguresService,
    ProvisionalFiguresRepository,
    AsOfCountsRepository,
    FiguresService,
    MetricsService,
    DashboardService,
    ReportSnapshotsRepository,
    ReportFiguresService,
    ReportsService,
    ReportFreezerCron,
    LeaseRepository,
    LedgerRepository,
    LedgerExportService,
    RankingsExportService,
    PolicyReachAssessmentProvider,
  ],
  exports: [MetricsService, QueuesService, LedgerExportService, RankingsExportService, ReportsService, IntegrityService],
})
export class SupervisionModule {}
