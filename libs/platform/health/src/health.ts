import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export interface HealthReport {
  status: 'ok' | 'error';
  db: 'up' | 'down';
  redis: 'up' | 'down';
}

const PROBE_TIMEOUT_MS = 1_500;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Pings PostgreSQL and Redis, each bounded in time, in parallel. */
export async function checkHealth(dataSource: DataSource, redis: Redis): Promise<HealthReport> {
  const [db, rd] = await Promise.allSettled([withTimeout(dataSource.query('SELECT 1')), withTimeout(redis.ping())]);
  const report: HealthReport = {
    status: 'ok',
    db: db.status === 'fulfilled' ? 'up' : 'down',
    redis: rd.status === 'fulfilled' ? 'up' : 'down',
  };
  if (report.db === 'down' || report.redis === 'down') report.status = 'error';
  return report;
}
