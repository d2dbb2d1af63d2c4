import { Module } from '@nestjs/common';
import { AccessModule } from '@filiere/access';
import { CohortsModule } from '@filiere/cohorts';
import { AuditModule } from '@filiere/platform/audit';
import { AuthPlatformModule } from '@filiere/platform/auth';
import { ConfigModule } from '@filiere/platform/config';
import { DatabaseModule } from '@filiere/platform/database';
import { HealthController } from '@filiere/platform/health';
import { LoggingModule } from '@filiere/platform/http';
import { RedisModule } from '@filiere/platform/redis';
import { ProgrammesModule } from '@filiere/programmes';
import { ProjectsModule } from '@filiere/projects';
import { TenancyModule } from '@filiere/tenancy';
import { SCHEMA } from '@filiere/migrations';

/** The HTTP API: platform modules first, then one module per bounded context. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot(SCHEMA, 'filiere-api'),
    RedisModule,
    AuthPlatformModule,
    AuditModule,
    AccessModule,
    TenancyModule,
    ProgrammesModule,
    CohortsModule,
    ProjectsModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
