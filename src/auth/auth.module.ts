import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { RolesGuard } from '../common/auth/roles.guard';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RegionsModule } from '../regions/regions.module';
import { MachineIdentity } from '../integrations/clients/machine-identity';
import { ClientScopesGuard } from '../integrations/clients/scopes.guard';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './guards';
import { LoginThrottleRepository } from './login-throttle.repository';
import { MeController } from './me.controller';
import { JwtStrategy } from './strategies/jwt.strategy';
import { LocalStrategy } from './strategies/local.strategy';

@Module({
  imports: [
    PassportModule,
    UsersModule,
    RegionsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, MeController],
  providers: [
    AuthService,
    LoginThrottleRepository,
    LocalStrategy,
    JwtStrategy,
    MachineIdentity,
    // Order matters: authenticate first, then check the role, then a machine client's scopes.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: ClientScopesGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
