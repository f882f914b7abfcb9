import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { ConfigModule, CoreOptions } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { DepartmentsModule } from './departments/departments.module';
import { HealthController } from './health/health.controller';
import { RegionsModule } from './regions/regions.module';
import { UsersModule } from './users/users.module';

const featureModules = [RegionsModule, DepartmentsModule, UsersModule, AuthModule];

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
        ...featureModules,
      ],
      controllers: [HealthController],
    };
  }
}
