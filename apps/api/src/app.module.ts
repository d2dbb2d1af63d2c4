import { Module } from '@nestjs/common';
import { AccessModule } from '@filiere/access';
import { CoachingModule } from '@filiere/coaching';
import { CohortsModule } from '@filiere/cohorts';
import { FinancingModule } from '@filiere/financing';
import { ExpertsModule } from '@filiere/experts';
import { InvoicingModule } from '@filiere/invoicing';
import { AuditModule } from '@filiere/platform/audit';
import { AuthPlatformModule } from '@filiere/platform/auth';
import { ConfigModule } from '@filiere/platform/config';
import { DatabaseModule } from '@filiere/platform/database';
import { HealthController, MetricsModule } from '@filiere/platform/health';
import { LoggingModule } from '@filiere/platform/http';
import { QueueMetrics, QueueModule } from '@filiere/platform/queue';
import { NotificationsModule } from '@filiere/notifications';
import { RedisModule } from '@filiere/platform/redis';
import { ProgrammesModule } from '@filiere/programmes';
import { ProjectsModule } from '@filiere/projects';
import { ReportingModule } from '@filiere/reporting';
import { SourcingModule } from '@filiere/sourcing';
import { TenancyModule } from '@filiere/tenancy';
import { TimelineModule } from '@filiere/timeline';
import { WorkshopsModule } from '@filiere/workshops';
import { SCHEMA } from '@filiere/migrations';

/** The HTTP API: platform modules first, then one module per bounded context. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot(SCHEMA, 'filiere-api'),
    RedisModule,
    MetricsModule.forRoot('api'),
    QueueModule,
    AuthPlatformModule,
    AuditModule,
    AccessModule,
    NotificationsModule,
    TenancyModule,
    ProgrammesModule,
    CohortsModule,
    ProjectsModule,
    CoachingModule,
    WorkshopsModule,
    ExpertsModule,
    InvoicingModule,
    TimelineModule,
    SourcingModule,
    FinancingModule,
    ReportingModule,
  ],
  controllers: [HealthController],
  providers: [QueueMetrics],
})
export class AppModule {}
