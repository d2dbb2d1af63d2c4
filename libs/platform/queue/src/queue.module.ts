import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobsService } from './jobs.service';
import { JobWorkerHost } from './job-worker-host';
import { OutboxRelay } from './outbox-relay';
import { RunReconciler } from './run-reconciler';
import { QueueRegistry } from './queue-registry';

/** API side: enqueue (outbox) and read run records; Queue objects for the dashboard and metrics. */
@Global()
@Module({ providers: [JobsService, QueueRegistry], exports: [JobsService, QueueRegistry] })
export class QueueModule {}

/** Worker side: the relay, the BullMQ workers and the reconciler of their run records. */
@Module({ imports: [DiscoveryModule], providers: [OutboxRelay, JobWorkerHost, RunReconciler], exports: [OutboxRelay, RunReconciler] })
export class QueueWorkerModule {}
