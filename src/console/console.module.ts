import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { AuthModule } from '../auth/auth.module';
import { CategoriesModule } from '../categories/categories.module';
import { DepartmentsModule } from '../departments/departments.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { UsersModule } from '../users/users.module';
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
  imports: [AuthModule, UsersModule, AppealsModule, CategoriesModule, DepartmentsModule, EnterprisesModule],
  controllers: [AssetsController, LoginPagesController, AccountPagesController, AppealsPagesController],
  providers: [ConsoleSessionsRepository, ConsoleSessionService, ConsoleSessionGuard, ConsoleRenderer, ConsoleExceptionFilter, AppealDepartments],
})
export class ConsoleModule {}
