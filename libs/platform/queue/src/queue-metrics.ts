import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@filiere/platform/health';
import { QueueRegistry } from './queue-registry';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** Queue depth by queue and state, read from Redis at scrape time (and the outbox backlog). */
@Injectable()
export class QueueMetrics {
  constructor(@Inject(METRICS_REGISTRY) registry: Registry, queues: QueueRegistry) {
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs in BullMQ by queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        for (const q of queues.all()) {
          try {
            const counts = await q.getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
          } catch {
            // Redis down: the health endpoint says so; keep the last values.
          }
        }
      },
    });
  }
}
