import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { dbUrl, TEMPLATE_DB, TEST_PG_URL, TEST_REDIS_URL } from './test-env';

/**
 * Once per test run: a template database with every migration applied. Each test file then
 * clones it (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  const client = new Client({ connectionString: TEST_PG_URL });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`Tests need PostgreSQL at ${TEST_PG_URL} (${(e as Error).message}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, or docker compose up -d postgres`, { cause: e });
  }
  await checkRedis();
  try {
    // Leftovers of interrupted runs.
    const stale = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'filiere_test_%'`);
    for (const { datname } of stale.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await client.end();
  }
  const root = join(__dirname, '..', '..', '..', '..');
  execFileSync(join(root, 'tools', 'ts-run.sh'), ['apps/api/src/cli.ts', 'migrate'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl(TEMPLATE_DB), LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function checkRedis(): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL} (${(e as Error).message}). Start it: redis-server --daemonize yes, or docker compose up -d redis`, { cause: e });
  } finally {
    redis.disconnect();
  }
}
