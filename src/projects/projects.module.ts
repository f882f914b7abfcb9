import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { SettingsModule } from '../settings/settings.module';
import { SlaModule } from '../sla/sla.module';
import { LeaseRepository } from '../sla/sweep/lease.repository';
import { MilestoneSweepCron } from './milestones/milestone-sweep.cron';
import { MilestoneSweepService } from './milestones/milestone-sweep.service';
import { MilestoneSweepController, MilestonesController } from './milestones/milestones.controller';
import { MilestonesRepository } from './milestones/milestones.repository';
import { MilestonesService } from './milestones/milestones.service';
import { ProjectAttachmentsController } from './attachments/project-attachments.controller';
import { ProjectAttachmentsRepository } from './attachments/project-attachments.repository';
import { ProjectAttachmentsService } from './attachments/project-attachments.service';
import { ProjectExportsController } from './exports/project-exports.controller';
import { ProjectExportsService } from './exports/project-exports.service';
import { ProjectImportController } from './imports/project-import.controller';
import { ProjectImportRepository } from './imports/project-import.repository';
import { ProjectImportService } from './imports/project-import.service';
import { ProjectEventsRepository } from './project-events.repository';
import { ProjectFiguresController } from './supervision/project-figures.controller';
import { ProjectFiguresRepository } from './supervision/project-figures.repository';
import { ProjectFiguresService } from './supervision/project-figures.service';
import { GroupNamesRepository } from '../supervision/shared/group-names.repository';
import { ProjectReadContextProvider } from './project-read-context';
import { ProjectStagesService } from './project-stages.service';
import { ProjectStagesController, ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';

/**
 * Key industrial projects (五未): the pipeline, the responsibility list and its milestone timers,
 * progress reports and linked appeals. LeaseRepository is stateless and provided here directly,
 * as the SLA sweep module does, so the milestone job shares the lease mechanism, not the sweep;
 * GroupNamesRepository (supervision's region names) likewise for the project figures.
 */
@Module({
  imports: [AppealsModule, SlaModule, SettingsModule],
  controllers: [
    ProjectStagesController,
    ProjectExportsController,
    ProjectImportController,
    ProjectsController,
    ProjectAttachmentsController,
    MilestonesController,
    MilestoneSweepController,
    ReportsController,
    ProjectFiguresController,
  ],
  providers: [
    ProjectsRepository,
    ProjectEventsRepository,
    ProjectReadContextProvider,
    ProjectsService,
    ProjectStagesService,
    ProjectAttachmentsRepository,
    ProjectAttachmentsService,
    MilestonesRepository,
    MilestonesService,
    MilestoneSweepService,
    MilestoneSweepCron,
    LeaseRepository,
    ReportsRepository,
    ReportsService,
    ProjectExportsService,
    ProjectImportRepository,
    ProjectImportService,
    ProjectFiguresRepository,
    ProjectFiguresService,
    GroupNamesRepository,
  ],
  exports: [
    ProjectsService,
    ProjectsRepository,
    ProjectReadContextProvider,
    ProjectStagesService,
    MilestonesService,
    ReportsService,
    MilestoneSweepService,
    ProjectAttachmentsService,
    ProjectImportRepository,
    ProjectImportService,
  ],
})
export class ProjectsModule {}
