import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppealsModule } from './appeals/appeals.module';
import { AppealsHandoverModule } from './appeals/officer-handover/appeals-handover.module';
import { AuthModule } from './auth/auth.module';
import { CategoriesModule } from './categories/categories.module';
import { ConsoleModule } from './console/console.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { ConfigModule, CoreOptions } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { DepartmentsModule } from './departments/departments.module';
import { EnterprisesModule } from './enterprises/enterprises.module';
import { ImportsModule } from './imports/imports.module';
import { HealthController } from './health/health.controller';
import { NotificationsModule } from './notifications/notifications.module';
import { RegionsModule } from './regions/regions.module';
import { RoutingModule } from './routing/routing.module';
import { SettingsModule } from './settings/settings.module';
import { SlaModule } from './sla/sla.module';
import { SupervisionOrdersModule } from './supervision/orders/supervision-orders.module';
import { CoHandlerTasksModule } from './cohandling/co-handler-tasks.module';
import { TaskForcesModule } from './taskforces/task-forces.module';
import { SlaSweepModule } from './sla/sweep/sla-sweep.module';
import { RecomputeModule } from './sla/recompute/recompute.module';
import { UsersModule } from './users/users.module';
import { OfficersModule } from './officers/officers.module';
import { VisitsModule } from './visits/visits.module';
import { SupervisionModule } from './supervision/supervision.module';
import { PoliciesModule } from './policies/policies.module';
import { ProjectsModule } from './projects/projects.module';
import { GroupsModule } from './groups/groups.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { UnitOfWorkModule } from './common/database/unit-of-work';
import { ProblemPoolModule } from './common-problems/pool/problem-pool.module';
import { CommonProblemsNamedModule } from './common-problems/named/common-problems-named.module';
import { NoticesModule } from './supervision/notices/notices.module';

const featureModules = [RegionsModule, DepartmentsModule, UsersModule, AuthModule, OfficersModule, EnterprisesModule, VisitsModule, ImportsModule, SettingsModule, SlaModule, SlaSweepModule, RecomputeModule, SupervisionOrdersModule, NotificationsModule, CategoriesModule, RoutingModule, AppealsModule, CoHandlerTasksModule, TaskForcesModule, AppealsHandoverModule, SupervisionModule, PoliciesModule, ProjectsModule, GroupsModule, IntegrationsModule, ProblemPoolModule, CommonProblemsNamedModule, NoticesModule, ConsoleModule];

@Module({})
export class AppModule {
  static forRoot(options: CoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options),
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
            migrationsRun: config.MIGRATIONS_RUN,
            autoLoadEntities: true,
          }),
        }),
        ScheduleModule.forRoot(),
        UnitOfWorkModule,
        ...featureModules,
      ],
      controllers: [HealthController],
    };
  }
}
