import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { ImportsModule } from '../imports/imports.module';
import { CommonProblemsModule } from '../common-problems/common-problems.module';
import { CommonProblemsNamedModule } from '../common-problems/named/common-problems-named.module';
import { ProblemPoolModule } from '../common-problems/pool/problem-pool.module';
import { CommonProblemsPagesController } from './common-problems/common-problems-pages.controller';
import { NotificationsModule } from '../notifications/notifications.module';
import { OfficersModule } from '../officers/officers.module';
import { RoutingModule } from '../routing/routing.module';
import { SlaModule } from '../sla/sla.module';
import { SupervisionOrdersModule } from '../supervision/orders/supervision-orders.module';
import { CoHandlerTasksModule } from '../cohandling/co-handler-tasks.module';
import { CoHandlerTaskPagesController } from './appeals/co-handler-task-pages.controller';
import { CoHandlerTaskListPagesController } from './appeals/co-handler-task-list-pages.controller';
import { SupervisionModule } from '../supervision/supervision.module';
import { NoticesModule } from '../supervision/notices/notices.module';
import { VisitsModule } from '../visits/visits.module';
import { VisitsPagesController } from './visits/visits-pages.controller';
import { CategoriesAdminPagesController } from './admin/categories-admin-pages.controller';
import { DepartmentsAdminPagesController } from './admin/departments-admin-pages.controller';
import { RoutingRulesAdminPagesController } from './admin/routing-rules-admin-pages.controller';
import { TaskForcesAdminPagesController } from './admin/task-forces-admin-pages.controller';
import { TaskForcesModule } from '../taskforces/task-forces.module';
import { SlaPoliciesAdminPagesController } from './admin/sla-policies-admin-pages.controller';
import { UsersAdminPagesController } from './admin/users-admin-pages.controller';
import { CalendarPagesController } from './admin/calendar-pages.controller';
import { CalendarYearPagesController } from './admin/calendar-year-pages.controller';
import { RecomputeModule } from '../sla/recompute/recompute.module';
import { ImportPagesController } from './admin/import-pages.controller';
import { ClientsAdminPagesController } from './admin/clients-admin-pages.controller';
import { WebhooksAdminPagesController } from './admin/webhooks-admin-pages.controller';
import { IntegrationsModule } from '../integrations/integrations.module';
import { FirmsPagesController } from './firms/firms-pages.controller';
import { NotificationsPagesController } from './notifications/notifications-pages.controller';
import { PoliciesPagesController } from './policies/policies-pages.controller';
import { FirmHomePagesController } from './policies/firm-home-pages.controller';
import { PoliciesModule } from '../policies/policies.module';
import { SupervisionPagesController } from './supervision/supervision-pages.controller';
import { ApprovalsPagesController } from './supervision/approvals-pages.controller';
import { ReportsPagesController } from './supervision/reports-pages.controller';
import { IntegrityPagesController } from './supervision/integrity-pages.controller';
import { NoticePagesController } from './supervision/notice-pages.controller';
import { AuthModule } from '../auth/auth.module';
import { CategoriesModule } from '../categories/categories.module';
import { DepartmentsModule } from '../departments/departments.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { UsersModule } from '../users/users.module';
import { RegionsModule } from '../regions/regions.module';
import { ListPickers } from './shared/list-pickers';
import { FirmSearchController } from './pickers/firm-search.controller';
import { RegionChoices } from './pickers/region-choices';
import { AppealListExport } from './appeals/appeal-list-export';
import { GroupsModule } from '../groups/groups.module';
import { ProjectsModule } from '../projects/projects.module';
import { GroupsPagesController } from './projects/groups-pages.controller';
import { GroupAdminPagesController } from './projects/group-admin-pages.controller';
import { ProjectAdminPagesController } from './projects/project-admin-pages.controller';
import { ProjectsPagesController } from './projects/projects-pages.controller';
import { AppealDepartments } from './appeals/appeal-departments';
import { AppealsPagesController } from './appeals/appeals-pages.controller';
import { ConsoleExceptionFilter } from './http/console-exception.filter';
import { ConsoleRenderer } from './http/console-renderer';
import { AssetsController } from './pages/assets.controller';
import { AccountPagesController, LoginPagesController } from './pages/auth-pages.controller';
import { ConsoleSessionGuard } from './session/console-session.guard';
import { ConsoleSessionService } from './session/console-session.service';
import { ConsoleSessionsRepository } from './session/console-sessions.repository';

/**
 * The web console under `/`: server-rendered pages (nunjucks, see console-setup.ts) with a cookie
 * session. Pages call the same services as the JSON API with the same AuthUser, so every rule of
 * the API — roles, region reach, the appeal state machine, versions — applies unchanged.
 */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    RegionsModule,
    AppealsModule,
    CoHandlerTasksModule,
    CommonProblemsModule,
    CommonProblemsNamedModule,
    ProblemPoolModule,
    CategoriesModule,
    DepartmentsModule,
    EnterprisesModule,
    OfficersModule,
    VisitsModule,
    ImportsModule,
    RoutingModule,
    TaskForcesModule,
    SlaModule,
    RecomputeModule,
    SupervisionModule,
    NoticesModule,
    SupervisionOrdersModule,
    NotificationsModule,
    PoliciesModule,
    ProjectsModule,
    GroupsModule,
    IntegrationsModule,
  ],
  controllers: [
    AssetsController,
    LoginPagesController,
    AccountPagesController,
    AppealsPagesController,
    CoHandlerTaskPagesController,
    CoHandlerTaskListPagesController,
    FirmsPagesController,
    VisitsPagesController,
    SupervisionPagesController,
    ApprovalsPagesController,
    ReportsPagesController,
    IntegrityPagesController,
    NoticePagesController,
    CommonProblemsPagesController,
    UsersAdminPagesController,
    DepartmentsAdminPagesController,
    CategoriesAdminPagesController,
    RoutingRulesAdminPagesController,
    TaskForcesAdminPagesController,
    SlaPoliciesAdminPagesController,
    CalendarPagesController,
    CalendarYearPagesController,
    ProjectAdminPagesController,
    ProjectsPagesController,
    GroupAdminPagesController,
    GroupsPagesController,
    ImportPagesController,
    ClientsAdminPagesController,
    WebhooksAdminPagesController,
    NotificationsPagesController,
    FirmHomePagesController,
    PoliciesPagesController,
    FirmSearchController,
  ],
  providers: [
    ConsoleSessionsRepository,
    ConsoleSessionService,
    ConsoleSessionGuard,
    ConsoleRenderer,
    ListPickers,
    RegionChoices,
    AppealListExport,
    ConsoleExceptionFilter,
    AppealDepartments,
  ],
})
export class ConsoleModule {}
