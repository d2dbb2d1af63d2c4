import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { producerConnection } from './connections';
import { QUEUES, QueueName } from './jobs';

/** BullMQ Queue objects (producer side), one per queue name, sharing one fail-fast connection. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = producerConnection(config.redisUrl, 'filiere-queues');
    this.connection.on('error', () => undefined); // reported by health checks and the relay
    for (const name of QUEUES) {
      const queue = new Queue(name, { connection: this.connection, prefix: config.queuePrefix });
      queue.on('error', () => undefined); // Redis down: /api/health reports it, the outbox keeps the jobs
      this.queues.set(name, queue);
    }
  }

  get(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`Unknown queue ${name}`);
    return q;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.all().map((q) => q.close()));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
