import { Module } from '@nestjs/common';
import { ConfigModule } from '@filiere/platform/config';
import { DatabaseModule } from '@filiere/platform/database';
import { LoggingModule } from '@filiere/platform/http';
import { RedisModule } from '@filiere/platform/redis';
import { SCHEMA } from '@filiere/migrations';

/** The background worker: no HTTP API; its job processors come with the worker-platform issue. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule.forRoot(SCHEMA, 'filiere-worker'), RedisModule],
})
export class WorkerModule {}
