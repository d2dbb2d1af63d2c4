import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobsService } from './jobs.service';
import { JobWorkerHost } from './job-worker-host';
import { OutboxRelay } from './outbox-relay';
import { QueueRegistry } from './queue-registry';

/** API side: enqueue (outbox) and read run records; Queue objects for the dashboard and metrics. */
@Global()
@Module({ providers: [JobsService, QueueRegistry], exports: [JobsService, QueueRegistry] })
export class QueueModule {}

/** Worker side: the relay and the BullMQ workers. */
@Module({ imports: [DiscoveryModule], providers: [OutboxRelay, JobWorkerHost], exports: [OutboxRelay] })
export class QueueWorkerModule {}
