import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Worker as BullWorker } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_NAMES, JobsService, OutboxRelay, QueueRegistry, resolveHandlers, RunReconciler } from '@filiere/platform/queue';
import { frDate } from '@filiere/notifications';
import { addDays, todayInParis } from '@filiere/programmes';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, startSmtpSink, SmtpSink, TenantFixture, TestApp, waitUntil } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';
import { startWorker } from './worker';

const ROOT = join(__dirname, '..', '..', '..');

async function runStatuses(t: TestApp, name: string): Promise<{ status: string; attempts: number }[]> {
  return t.dataSource.query(`SELECT status, attempts FROM job_runs WHERE name = $1 ORDER BY created_at`, [name]);
}

describe('Worker platform', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let tenant: TenantFixture;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp(AppModule, { env: { SMTP_URL: smtp.url, JOB_LOCK_MS: '2000', OUTBOX_RELAY_INTERVAL_MS: '200' } });
    tenant = await createTenant(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  describe('handler registry', () => {
    const h = () => Promise.resolve(undefined);
    it('refuses a job without a handler, one with two, and an undeclared one', () => {
      expect(() => resolveHandlers([{ name: 'system.noop', owner: 'A.x', handler: h }])).toThrow(/job "notification.email" has no handler/);
      const all = JOB_NAMES.map((name) => ({ name, owner: 'A.x', handler: h }));
      expect(resolveHandlers(all).size).toBe(JOB_NAMES.length);
      expect(() => resolveHandlers([...all, { name: 'system.noop', owner: 'B.y', handler: h }])).toThrow(/job "system.noop" has two handlers \(one in B.y\)/);
      expect(() => resolveHandlers([...all, { name: 'nope', owner: 'C.z', handler: h }])).toThrow(/C.z handles "nope", which is not a declared job/);
    });
  });

  describe('through the outbox', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startWorker();
    });
    afterAll(() => worker.close());

    it('an invitation sends its French email once, and the run record tells the story', async () => {
      const email = `coach-${Date.now()}@exemple.fr`;
      const res = await t.http.post('/api/invitations').set(...bearer(tenant.advisor)).send({ email, role: 'coach' }).expect(201);
      const [mail] = (await smtp.waitFor(1)).filter((m) => m.to && JSON.stringify(m.to).includes(email));
      expect(mail?.subject).toMatch(/^Invitation : CCI .* vous invite sur Filière$/);
      expect(mail?.text).toContain(res.body.acceptUrl);
      expect(mail?.text).toContain('en tant que coach');
      expect(mail?.html).toContain('<html lang="fr">');
      const run = await waitUntil(async () => {
        const rows = await t.dataSource.query<{ id: string; status: string; attempts: number; progress: number; started_at: Date; finished_at: Date; dispatched_at: Date }[]>(
          `SELECT * FROM job_runs WHERE name = 'notification.email' AND status = 'succeeded'`,
        );
        return rows[0];
      });
      expect(run).toMatchObject({ attempts: 1, progress: 100 });
      expect(run.dispatched_at).toBeInstanceOf(Date);
      expect(run.finished_at.getTime()).toBeGreaterThanOrEqual(run.started_at.getTime());
      const n = await t.dataSource.query<{ email_status: string }[]>(`SELECT email_status FROM notifications WHERE email = $1`, [email]);
      expect(n).toEqual([{ email_status: 'sent' }]);
      const view = await t.http.get(`/api/jobs/${run.id}`).set(...bearer(tenant.advisor)).expect(200);
      expect(view.body).toMatchObject({ id: run.id, name: 'notification.email', status: 'succeeded', progress: 100, attempts: 1 });
      const other = await createTenant(t);
      await t.http.get(`/api/jobs/${run.id}`).set(...bearer(other.advisor)).expect(404);
    });

    it('a transaction that rolls back enqueues nothing', async () => {
      const jobs = t.app.get(JobsService);
      const before = (await runStatuses(t, 'system.noop')).length;
      await t.dataSource
        .transaction(async (m) => {
          await jobs.enqueue(m, 'system.noop', { marker: 'rolled-back' });
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
      expect((await runStatuses(t, 'system.noop')).length).toBe(before);
    });

    it('collapses identical open requests with a dedup key', async () => {
      const jobs = t.app.get(JobsService);
      await worker.close();
      const a = await jobs.enqueueNow('system.noop', { marker: 'dedup' }, { dedupKey: 'noop:dedup' });
      const b = await jobs.enqueueNow('system.noop', { marker: 'dedup' }, { dedupKey: 'noop:dedup' });
      expect(b.id).toBe(a.id);
      worker = await startWorker();
      await waitUntil(async () => (await t.http.get(`/api/jobs/${a.id}`).set(...bearer(await createUser(t, { role: 'platform_admin' })))).body.status === 'succeeded');
      const c = await jobs.enqueueNow('system.noop', { marker: 'dedup' }, { dedupKey: 'noop:dedup' });
      expect(c.id).not.toBe(a.id);
    });

    it('milestone reminders notify once a day, in-app and by email, and respect email preferences', async () => {
      // No cohort API here on purpose: rows inserted directly for a focused job test.
      const [cohort] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO cohorts (tenant_id, programme_id, name, start_date, end_date, status) VALUES ($1, '00000000-0000-4000-8000-000000000001', 'C rappel', '2027-01-04', '2027-06-30', 'running') RETURNING id`,
        [tenant.id],
      );
      const [project] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO projects (tenant_id, cohort_id, title, kind, company_siret, company_name, company_naf_code, company_commune_code, status) VALUES ($1, $2, 'Projet rappel', 'activity', '73282932000074', 'Dupont', '25.62B', '25056', 'active') RETURNING id`,
        [tenant.id, cohort.id],
      );
      await t.dataSource.query(
        `INSERT INTO milestones (tenant_id, project_id, key, title, phase, position, start_date, due_date) VALUES ($1, $2, 'a', 'Diagnostic', 'Cadrage', 0, '2027-03-01', '2027-03-18'), ($1, $2, 'b', 'Pitch', 'Ateliers', 1, '2027-03-01', '2027-03-10')`,
        [tenant.id, project.id],
      );
      await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder'), ($1, $2, $4, 'coach')`, [tenant.id, project.id, tenant.holder.id, tenant.coach.id]);
      await t.http.put('/api/notifications/preferences').set(...bearer(tenant.coach)).send({ preferences: [{ type: 'milestone_due_soon', email: false }] }).expect(200);
      const jobs = t.app.get(JobsService);
      const before = smtp.messages.length;
      // 2027-03-11: "Diagnostic" is due in 7 days, "Pitch" became late yesterday. Run twice: same day, no repeat.
      for (let i = 0; i < 2; i++) {
        const run = await jobs.enqueueNow('milestones.reminders', { date: '2027-03-11' });
        await waitUntil(async () => (await t.dataSource.query<{ status: string }[]>('SELECT status FROM job_runs WHERE id = $1', [run.id]))[0]?.status === 'succeeded');
      }
      const holderList = await t.http.get('/api/notifications').set(...bearer(tenant.holder)).expect(200);
      expect((holderList.body.items as { title: string }[]).map((n) => n.title).sort()).toEqual(['Jalon en retard : Pitch', 'Jalon à échéance le 18/03/2027 : Diagnostic']);
      expect(holderList.body.unreadCount).toBe(2);
      // holder: 2 emails; coach: 1 (due-soon emails turned off) → 3 new emails.
      await smtp.waitFor(before + 3);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.messages.length).toBe(before + 3);
      const coachStatuses = await t.dataSource.query<{ type: string; email_status: string }[]>(`SELECT type, email_status FROM notifications WHERE user_id = $1 ORDER BY type`, [tenant.coach.id]);
      expect(coachStatuses).toEqual([
        { type: 'milestone_due_soon', email_status: 'skipped' },
        { type: 'milestone_late', email_status: 'sent' },
      ]);
      const first = holderList.body.items[0] as { id: string };
      await t.http.post(`/api/notifications/${first.id}/read`).set(...bearer(tenant.holder)).expect(204);
      const after = await t.http.get('/api/notifications').set(...bearer(tenant.holder)).expect(200);
      expect(after.body.unreadCount).toBe(1);
      expect(after.body.items[1]).toMatchObject({ id: first.id, read: true });
      await t.http.post(`/api/notifications/${first.id}/read`).set(...bearer(tenant.coach)).expect(404);
    });
  });

  it('a logged session and a crossed coaching budget notify the holder, the coach and the advisors', async () => {
    const cohort = await t.http.post('/api/cohorts').set(...bearer(tenant.advisor)).send(cohortBody({ coachingHoursPerProject: 1 })).expect(201);
    const project = await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(tenant.advisor)).send(projectBody({ title: 'Projet séance' })).expect(201);
    await t.http.post(`/api/projects/${project.body.id}/coaches`).set(...bearer(tenant.advisor)).send({ userId: tenant.coach.id }).expect(201);
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [tenant.id, project.body.id, tenant.holder.id]);
    await t.http
      .post(`/api/projects/${project.body.id}/sessions`)
      .set(...bearer(tenant.coach))
      .send({ date: addDays(todayInParis(), -1), durationMinutes: 50, mode: 'onsite', topics: ['Sourcing amont'], notes: 'Revue fournisseurs', nextSteps: [{ title: 'Appeler la fonderie' }] })
      .expect(201);
    const holder = await t.http.get('/api/notifications?unreadOnly=true').set(...bearer(tenant.holder)).expect(200);
    const session = (holder.body.items as { type: string; title: string; body: string }[]).find((n) => n.type === 'session_logged');
    expect(session?.title).toBe(`Nouvelle séance d’accompagnement du ${frDate(addDays(todayInParis(), -1))}`);
    expect(session?.body).toContain('Appeler la fonderie');
    const budget = await t.http.get('/api/notifications').set(...bearer(tenant.advisor)).expect(200);
    const crossed = (budget.body.items as { type: string; title: string }[]).filter((n) => n.type === 'coaching_budget');
    expect(crossed.map((n) => n.title)).toEqual(['Budget d’accompagnement à 80 % : Projet séance']);
  });

  it('two workers on one queue handle each job once', async () => {
    const [w1, w2] = await Promise.all([startWorker(), startWorker()]);
    try {
      const jobs = t.app.get(JobsService);
      const ids: string[] = [];
      await t.dataSource.transaction(async (m) => {
        for (let i = 0; i < 200; i++) ids.push((await jobs.enqueue(m, 'system.noop', { marker: `pair-${i}` })).id);
      });
      await Promise.all([w1.get(OutboxRelay).drain(), w2.get(OutboxRelay).drain()]);
      const rows = await waitUntil(
        async () => {
          const r = await t.dataSource.query<{ status: string; attempts: number }[]>('SELECT status, attempts FROM job_runs WHERE id = ANY($1::uuid[])', [ids]);
          return r.every((x) => x.status === 'succeeded') ? r : undefined;
        },
        20_000,
        '200 jobs done',
      );
      expect(rows).toHaveLength(200);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await Promise.all([w1.close(), w2.close()]);
    }
  });

  it('the relay sends only queued runs: one already finished (its relay rolled back) is marked, not run again', async () => {
    const [done] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO job_runs (name, queue, payload, max_attempts, status, attempts, progress, started_at, finished_at) VALUES ('system.noop', 'default', '{}', 3, 'succeeded', 1, 100, now(), now()) RETURNING id`,
    );
    const [queued] = await t.dataSource.query<{ id: string }[]>(`INSERT INTO job_runs (name, queue, payload, max_attempts) VALUES ('system.noop', 'default', '{"marker":"relay-queued"}', 3) RETURNING id`);
    const w = await startWorker();
    try {
      await w.get(OutboxRelay).drain();
      const run = await waitUntil(async () => {
        const rows = await t.dataSource.query<{ status: string; attempts: number; result: unknown }[]>('SELECT status, attempts, result FROM job_runs WHERE id = $1', [queued.id]);
        return rows[0]?.status === 'succeeded' ? rows[0] : undefined;
      });
      expect(run).toEqual({ status: 'succeeded', attempts: 1, result: { marker: 'relay-queued' } });
      // Marked by the relay pass that sent the queued run, or, when that pass rolled back after
      // BullMQ took the job (the run then succeeds all the same), by the next one.
      const finished = await waitUntil(async () => {
        const rows = await t.dataSource.query<{ status: string; attempts: number; dispatched_at: Date | null }[]>('SELECT status, attempts, dispatched_at FROM job_runs WHERE id = $1', [done.id]);
        return rows[0]?.dispatched_at ? rows[0] : undefined;
      });
      expect(finished).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(finished.dispatched_at).toBeInstanceOf(Date);
      expect(await t.app.get(QueueRegistry).get('default').getJob(done.id)).toBeUndefined();
    } finally {
      await w.close();
    }
  });

  describe('reconciliation of run records with BullMQ', () => {
    type Row = { status: string; attempts: number; result: unknown; error: string | null; finished_at: Date | null; dispatched_at: Date | null };
    const row = async (id: string): Promise<Row> =>
      (await t.dataSource.query<Row[]>('SELECT status, attempts, result, error, finished_at, dispatched_at FROM job_runs WHERE id = $1', [id]))[0];
    /** A relayed run nobody touched for 10 minutes, as a lost success, a lost failure or a Redis data loss leaves it. */
    const staleRun = async (marker: string, extra = ''): Promise<string> =>
      (
        await t.dataSource.query<{ id: string }[]>(
          `INSERT INTO job_runs (name, queue, payload, max_attempts, dispatched_at, created_at, updated_at${extra ? ', dedup_key' : ''})
           VALUES ('system.noop', 'default', $1::jsonb, 3, now() - interval '10 minutes', now() - interval '10 minutes', now() - interval '10 minutes'${extra ? ', $2' : ''}) RETURNING id`,
          extra ? [JSON.stringify({ marker }), extra] : [JSON.stringify({ marker })],
        )
      )[0].id;
    const reconciler = (): RunReconciler => new RunReconciler(t.dataSource, t.app.get(QueueRegistry), t.config);

    /** Takes the next job of the default queue by hand (no product worker runs here) and completes or fails it. */
    async function finishByHand(outcome: { result: unknown } | { error: string }): Promise<void> {
      const connection = new Redis(t.config.redisUrl, { maxRetriesPerRequest: null });
      const bull = new BullWorker('default', null, { connection, prefix: t.config.queuePrefix, autorun: false });
      try {
        const job = await bull.getNextJob('by-hand', { block: false });
        if (!job) throw new Error('no job to finish');
        if ('result' in outcome) await job.moveToCompleted(outcome.result, 'by-hand', false);
        else await job.moveToFailed(new Error(outcome.error), 'by-hand', false);
      } finally {
        await bull.close();
        await connection.quit();
      }
    }

    it('a success lost behind its completed BullMQ job is recorded from the job; a lost failure too', async () => {
      const queue = t.app.get(QueueRegistry).get('default');
      const lostSuccess = await staleRun('lost-success');
      await queue.add('system.noop', { runId: lostSuccess, payload: { marker: 'lost-success' } }, { jobId: lostSuccess });
      await finishByHand({ result: { marker: 'lost-success' } });
      const lostFailure = await staleRun('lost-failure');
      await queue.add('system.noop', { runId: lostFailure, payload: {} }, { jobId: lostFailure, attempts: 1 });
      await finishByHand({ error: 'SMTP refused the message' });
      const waiting = await staleRun('still-delayed');
      await queue.add('system.noop', { runId: waiting, payload: {} }, { jobId: waiting, delay: 600_000 });
      try {
        const report = await reconciler().reconcile();
        expect(report.succeeded).toBeGreaterThanOrEqual(1);
        expect(report.failed).toBeGreaterThanOrEqual(1);
        expect(await row(lostSuccess)).toMatchObject({ status: 'succeeded', attempts: 1, result: { marker: 'lost-success' }, error: null });
        expect((await row(lostSuccess)).finished_at).toBeInstanceOf(Date);
        expect(await row(lostFailure)).toMatchObject({ status: 'failed', attempts: 1, error: 'SMTP refused the message' });
        // A job BullMQ still holds (delayed, waiting, active) is BullMQ's business: untouched.
        expect(await row(waiting)).toMatchObject({ status: 'queued', attempts: 0, finished_at: null });
        // A second pass finds nothing more to do for them.
        await reconciler().reconcile();
        expect(await row(lostSuccess)).toMatchObject({ status: 'succeeded', attempts: 1 });
      } finally {
        await queue.remove(waiting);
      }
    });

    it('a job Redis lost goes back to the outbox and runs once; recent and scheduled runs are left alone', async () => {
      const lost = await staleRun('lost-in-redis');
      const scheduled = await staleRun('scheduled', `scheduled:lost-${Date.now()}`);
      const [recent] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO job_runs (name, queue, payload, max_attempts, dispatched_at) VALUES ('system.noop', 'default', '{}', 3, now()) RETURNING id`,
      );
      const report = await reconciler().reconcile();
      expect(report.requeued).toBeGreaterThanOrEqual(1);
      expect(await row(lost)).toMatchObject({ status: 'queued', dispatched_at: null });
      expect((await row(scheduled)).dispatched_at).toBeInstanceOf(Date);
      expect((await row(recent.id)).dispatched_at).toBeInstanceOf(Date);
      const w = await startWorker();
      try {
        await w.get(OutboxRelay).drain();
        const run = await waitUntil(async () => ((await row(lost)).status === 'succeeded' ? row(lost) : undefined), 20_000, 'the lost job to run again');
        expect(run).toMatchObject({ attempts: 1, result: { marker: 'lost-in-redis' } });
      } finally {
        await w.close();
      }
      await t.dataSource.query(`DELETE FROM job_runs WHERE id = ANY($1::uuid[])`, [[scheduled, recent.id]]);
    });

    it('a worker that stops writes every success it still held before it lets go', async () => {
      const w = await startWorker();
      const jobs = t.app.get(JobsService);
      const ids: string[] = [];
      await t.dataSource.transaction(async (m) => {
        for (let i = 0; i < 300; i++) ids.push((await jobs.enqueue(m, 'system.noop', { marker: `stop-${i}` })).id);
      });
      const queue = t.app.get(QueueRegistry).get('default');
      await w.get(OutboxRelay).drain();
      // Stop as soon as BullMQ has completed them all, while the last successes may still be in flight.
      await waitUntil(async () => (await Promise.all(ids.map((id) => queue.getJobState(id)))).every((s) => s === 'completed'), 20_000, '300 jobs completed in BullMQ');
      await w.close();
      const rows = await t.dataSource.query<{ status: string; attempts: number }[]>('SELECT status, attempts FROM job_runs WHERE id = ANY($1::uuid[])', [ids]);
      expect(rows.filter((r) => r.status === 'succeeded' && r.attempts === 1)).toHaveLength(300);
    });
  });

  it('a worker killed with SIGKILL mid-job: the job completes once after a new worker starts', async () => {
    const held = await startSmtpSink({ holdFirst: true });
    const spawnWorker = (): ChildProcess =>
      spawn(join(ROOT, 'tools/ts-run.sh'), ['apps/worker/src/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, SMTP_URL: held.url, WORKER_HEALTH_PORT: '0', LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
    const first = spawnWorker();
    let second: ChildProcess | undefined;
    try {
      const email = `kill-${Date.now()}@exemple.fr`;
      await t.http.post('/api/invitations').set(...bearer(tenant.advisor)).send({ email, role: 'partner' }).expect(201);
      // A worker started through ts-node takes long to boot on a busy machine: generous waits.
      await waitUntil(() => held.started() >= 1, 120_000, 'the first worker to start sending');
      first.kill('SIGKILL');
      second = spawnWorker();
      await held.waitFor(1, 120_000);
      const run = await waitUntil(async () => {
        const rows = await t.dataSource.query<{ status: string; attempts: number }[]>(
          `SELECT r.status, r.attempts FROM job_runs r JOIN notifications n ON n.id = (r.payload->>'notificationId')::uuid WHERE n.email = $1`,
          [email],
        );
        return rows[0]?.status === 'succeeded' ? rows[0] : undefined;
      }, 60_000);
      expect(run.attempts).toBe(2);
      expect(held.messages).toHaveLength(1);
      expect(JSON.stringify(held.messages[0]?.to)).toContain(email);
      const [n] = await t.dataSource.query<{ email_status: string }[]>(`SELECT email_status FROM notifications WHERE email = $1`, [email]);
      expect(n?.email_status).toBe('sent');
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGTERM');
      await held.close();
    }
  }, 330_000);
});
