import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import { DepartmentsModule } from '../departments/departments.module';
import { RegionsModule } from '../regions/regions.module';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), RegionsModule, DepartmentsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, PasswordHasher, RefreshTokensRepository],
  exports: [UsersRepository, UsersService, PasswordHasher, RefreshTokensRepository],
})
export class UsersModule {}
