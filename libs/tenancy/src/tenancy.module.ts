import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { REDIS_CLIENT, RedisThrottlerStorage } from '@filiere/platform/redis';
import type { Redis } from 'ioredis';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { LoginThrottlerGuard } from './auth/login-throttler.guard';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsService } from './invitations/invitations.service';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsService } from './tenants/tenants.service';
import { UsersController, UsersService } from './users/users.controller';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: AppConfig, redis: Redis) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginRateLimitPerMinute }],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
  ],
  controllers: [AuthController, TenantsController, InvitationsController, UsersController],
  providers: [AuthService, TenantsService, InvitationsService, UsersService, LoginThrottlerGuard, PlatformAdminBootstrap],
  exports: [AuthService, InvitationsService],
})
export class TenancyModule {}
