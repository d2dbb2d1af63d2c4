import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { dbUrl, RUN_PREFIX_PATTERN, runPrefix, templateDb, TEST_PG_URL, TEST_REDIS_URL } from './test-env';

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
  // Test workers inherit this: every database of the run carries the same prefix.
  process.env['FILIERE_TEST_RUN_PREFIX'] = runPrefix();
  try {
    // Leftovers of runs whose process is gone (interrupted runs); live runs are left alone.
    const stale = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'filiere\\_test\\_%'`);
    for (const { datname } of stale.rows) {
      const pid = RUN_PREFIX_PATTERN.exec(datname)?.[1];
      if (pid && !isAlive(Number(pid))) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE "${templateDb()}"`);
  } finally {
    await client.end();
  }
  const root = join(__dirname, '..', '..', '..', '..');
  execFileSync(join(root, 'tools', 'ts-run.sh'), ['apps/api/src/cli.ts', 'migrate'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl(templateDb()), LOG_LEVEL: 'warn', NODE_ENV: 'test' },
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
