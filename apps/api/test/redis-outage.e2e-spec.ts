import { ChildProcess, spawn } from 'node:child_process';
import type { INestApplicationContext } from '@nestjs/common';
import { bearer, createTenant, createTestApp, startSmtpSink, SmtpSink, TenantFixture, TestApp, waitUntil } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';
import { startWorker } from './worker';

// A Redis of this test only (the machine's Redis is left alone), on a port of its own.
const PORT = 16_000 + (process.pid % 1_000);

function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  return waitUntil(async () => {
    const { Redis } = await import('ioredis');
    const probe = new Redis({ port: PORT, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG' ? child : undefined;
    } catch {
      return undefined;
    } finally {
      probe.disconnect();
    }
  }, 10_000, 'the test Redis to start');
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('Redis outage', () => {
  let redis: ChildProcess;
  let smtp: SmtpSink;
  let t: TestApp;
  let tenant: TenantFixture;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    redis = await startRedis();
    smtp = await startSmtpSink();
    t = await createTestApp(AppModule, { env: { REDIS_URL: `redis://127.0.0.1:${PORT}/0`, SMTP_URL: smtp.url, OUTBOX_RELAY_INTERVAL_MS: '200' } });
    tenant = await createTenant(t);
    worker = await startWorker();
  });
  afterAll(async () => {
    if (redis.exitCode !== null) redis = await startRedis(); // let clients close cleanly
    await worker.close();
    await t.close();
    await smtp.close();
    await stop(redis);
  });

  it('requests that enqueue jobs succeed while Redis is down; the jobs run once when it is back', async () => {
    await stop(redis);
    const health = await t.http.get('/api/health').expect(503);
    expect(health.body).toEqual({ status: 'error', db: 'up', redis: 'down' });

    const emails = Array.from({ length: 5 }, (_, i) => `outage-${i}-${Date.now()}@exemple.fr`);
    for (const email of emails) {
      await t.http.post('/api/invitations').set(...bearer(tenant.advisor)).send({ email, role: 'partner' }).expect(201);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const waiting = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM job_runs WHERE name = 'notification.email' AND dispatched_at IS NULL AND status = 'queued'`);
    expect(waiting[0]?.n).toBe(5);
    expect(smtp.messages).toHaveLength(0);

    redis = await startRedis();
    await waitUntil(async () => (await t.http.get('/api/health')).status === 200, 15_000, 'the API to see Redis again');
    await smtp.waitFor(5, 30_000);
    const runs = await waitUntil(async () => {
      const rows = await t.dataSource.query<{ status: string; attempts: number }[]>(`SELECT status, attempts FROM job_runs WHERE name = 'notification.email'`);
      return rows.every((r) => r.status === 'succeeded') ? rows : undefined;
    }, 30_000);
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.attempts === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.messages).toHaveLength(5);
    const recipients = smtp.messages.map((m) => JSON.stringify(m.to)).sort();
    for (const email of emails) expect(recipients.filter((r) => r.includes(email))).toHaveLength(1);
  }, 90_000);
});
