import { Module } from '@nestjs/common';
import { ConfigModule } from '@filiere/platform/config';
import { DatabaseModule } from '@filiere/platform/database';
import { MetricsModule } from '@filiere/platform/health';
import { LoggingModule } from '@filiere/platform/http';
import { QueueModule, QueueWorkerModule } from '@filiere/platform/queue';
import { RedisModule } from '@filiere/platform/redis';
import { SCHEMA } from '@filiere/migrations';
import { JobsModule } from './jobs.module';

/** The background worker: outbox relay, BullMQ processors, schedulers. No HTTP API. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule.forRoot(SCHEMA, 'filiere-worker'), RedisModule, MetricsModule.forRoot('worker'), QueueModule, QueueWorkerModule, JobsModule],
})
export class WorkerRootModule {}
