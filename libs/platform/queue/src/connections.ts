import { Redis, RedisOptions } from 'ioredis';

/** BullMQ workers block on Redis: they need `maxRetriesPerRequest: null` (no per-command give-up). */
export function workerConnection(url: string, name: string): Redis {
  return new Redis(url, { connectionName: name, maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: (n) => Math.min(n * 250, 3_000) });
}

/** Producers fail fast while Redis is down, so the outbox keeps the job for later instead of hanging. */
export function producerConnection(url: string, name: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { connectionName: name, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, retryStrategy: (n) => Math.min(n * 250, 3_000), ...extra });
}
