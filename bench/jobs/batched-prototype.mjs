// Profiling aid for bench:jobs (not part of the benchmark, not product code): a stand-alone
// model of the worker — the OutboxRelay's SQL and addBulk options, a BullMQ Worker with the
// JobWorkerHost's claim and finish UPDATEs, pg Pool of 10, relay and worker in one child process —
// run end to end like bench:jobs (1,000-row INSERTs, count(*) polled every 100 ms), in two modes:
//
//   per-job   what the product does today: one claim and one finish UPDATE per job (autocommit);
//   batched   the suggested fix: the claims (resp. finishes) reached in the same event-loop turn
//             are sent as one UPDATE … WHERE id = ANY($1) RETURNING … (resp. one UPDATE … FROM
//             unnest($1::uuid[], $2::jsonb[])), so a job still starts only after its run record
//             says running and BullMQ completes it only after the record says succeeded.
//
// Usage: node bench/jobs/batched-prototype.mjs [jobs=20000] [modes=per-job,batched] [concurrency=20] (after npm run build)
// Uses a scratch database filiere_bench_jobs_proto and the BullMQ prefix bench-proto-<pid>, both removed at the end.
import { fork, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const require = createRequire(import.meta.url);
const pg = require('pg');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PG_HOST = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const DB = 'filiere_bench_jobs_proto';
const DATABASE_URL = `${PG_HOST}/${DB}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CLAIM = `UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING tenant_id, payload, attempts, max_attempts`;
const FINISH = `UPDATE job_runs SET status = 'succeeded', progress = 100, result = $2::jsonb, error = NULL, finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`;
const CLAIM_MANY = `UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running') RETURNING id, tenant_id, payload, attempts, max_attempts`;
const FINISH_MANY = `UPDATE job_runs j SET status = 'succeeded', progress = 100, result = u.result, error = NULL, finished_at = now(), updated_at = now()
       FROM unnest($1::uuid[], $2::jsonb[]) AS u(id, result) WHERE j.id = u.id AND j.status = 'running'`;

// ---------------------------------------------------------------------------------------------
// Child: relay + worker

async function child(mode, prefix, concurrency) {
  const jobs = require(join(ROOT, 'dist/libs/platform/queue/src/jobs.js'));
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10, application_name: 'proto-worker' });
  const producerConn = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  await new Promise((r) => producerConn.once('ready', r));
  const queue = new Queue('default', { connection: producerConn, prefix });

  // Relay: the OutboxRelay's transaction, woken by NOTIFY and a 1 s sweep.
  let running = null;
  let again = false;
  const batch = async () => {
    const c = await pool.connect();
    try {
      await c.query('START TRANSACTION');
      const { rows } = await c.query(`SELECT id, name, queue, payload, max_attempts FROM job_runs WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`, [500]);
      if (rows.length) {
        await queue.addBulk(
          rows.map((r) => ({
            name: r.name,
            data: { runId: r.id, payload: r.payload },
            opts: { jobId: r.id, attempts: jobs.JOBS[r.name].attempts, backoff: { type: 'exponential', delay: jobs.RETRY_BACKOFF_MS }, removeOnComplete: jobs.KEEP_COMPLETED, removeOnFail: jobs.KEEP_FAILED },
          })),
        );
        await c.query(`UPDATE job_runs SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      }
      await c.query('COMMIT');
      return rows.length;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      while ((await batch()) === 500);
    })().finally(() => {
      running = null;
      if (again) {
        again = false;
        kick();
      }
    });
  };
  const listener = new pg.Client({ connectionString: DATABASE_URL });
  await listener.connect();
  listener.on('notification', kick);
  await listener.query('LISTEN job_outbox');
  const sweep = setInterval(kick, 1000);

  // Worker: claim, no-op handler (returns { marker } like SystemJobs.noop), finish.
  const coalesce = (run) => {
    let pending = [];
    return (item) =>
      new Promise((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (pending.length > 1) return;
        setImmediate(async () => {
          const list = pending;
          pending = [];
          try {
            const out = await run(list.map((p) => p.item));
            list.forEach((p, i) => p.resolve(out[i]));
          } catch (e) {
            list.forEach((p) => p.reject(e));
          }
        });
      });
  };
  const claimMany = coalesce(async (ids) => {
    const { rows } = await pool.query(CLAIM_MANY, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  });
  const finishMany = coalesce(async (items) => {
    await pool.query(FINISH_MANY, [items.map((i) => i.id), items.map((i) => i.result)]);
    return items.map(() => undefined);
  });
  const worker = new Worker(
    'default',
    async (job) => {
      const runId = job.data.runId;
      let row;
      if (mode === 'batched') row = await claimMany(runId);
      else row = (await pool.query(CLAIM, [runId])).rows[0];
      if (!row) return { skipped: 'already finished' };
      const result = row.payload.marker ? { marker: row.payload.marker } : undefined;
      const json = result === undefined ? null : JSON.stringify(result);
      if (mode === 'batched') await finishMany({ id: runId, result: json });
      else await pool.query(FINISH, [runId, json]);
      return result;
    },
    { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency, lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 3 },
  );
  await worker.waitUntilReady();
  process.send({ type: 'ready' });
  process.on('message', async (m) => {
    if (m?.type !== 'stop') return;
    clearInterval(sweep);
    await worker.close();
    await running;
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await listener.end();
    await pool.end();
    producerConn.disconnect();
    process.exit(0);
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: database, inserts, polling, CPU

const cpuOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
};

async function admin(sql) {
  const c = new pg.Client({ connectionString: `${PG_HOST}/postgres` });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

async function measure(mode, jobsCount, redisPid, concurrency) {
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query('TRUNCATE job_runs');
  const prefix = `bench-proto-${process.pid}`;
  const c = fork(fileURLToPath(import.meta.url), ['--child', mode, prefix, String(concurrency)], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve, reject) => {
    c.on('message', (m) => m.type === 'ready' && resolve());
    c.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  const insert = async (from, n) => {
    const values = Array.from({ length: n }, (_, i) => `('system.noop', 'default', $${i + 1}::jsonb, 3)`).join(', ');
    await db.query(`INSERT INTO job_runs (name, queue, payload, max_attempts) VALUES ${values}`, Array.from({ length: n }, (_, i) => JSON.stringify({ marker: `proto-${from + i}` })));
  };
  const waitDone = async (target) => {
    for (;;) {
      const { rows } = await db.query(`SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS n FROM job_runs`);
      if (rows[0].n >= target) return;
      await sleep(100);
    }
  };
  // warm-up
  await insert(0, 1000);
  await waitDone(1000);
  const backends = (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [DB])).rows.map((r) => r.pid);
  const pids = { worker: [c.pid], postgres: backends, redis: [redisPid] };
  const before = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, v.reduce((s, p) => s + cpuOf(p), 0)]));
  const t0 = performance.now();
  for (let done = 0; done < jobsCount; done += 1000) await insert(1000 + done, Math.min(1000, jobsCount - done));
  await waitDone(1000 + jobsCount);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, (v.reduce((s, p) => s + cpuOf(p), 0) - before[k]) / seconds]));
  const { rows: [check] } = await db.query(`SELECT count(*) FILTER (WHERE attempts <> 1)::int AS bad, count(*) FILTER (WHERE status <> 'succeeded')::int AS open FROM job_runs`);
  c.send({ type: 'stop' });
  await new Promise((r) => c.once('exit', r));
  await db.end();
  return { mode, rate: jobsCount / seconds, seconds, cpu, check };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  const jobsCount = Number(process.argv[2] ?? 20_000);
  const modes = (process.argv[3] ?? 'per-job,batched').split(',');
  const concurrency = Number(process.argv[4] ?? 20);
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  try {
    const mig = spawnSync(process.execPath, ['dist/apps/api/src/cli.js', 'migrate'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_ACCESS_SECRET: 'bench-only-secret-0123456789abcdefghijklmnop', DEMO_SEED: 'false' },
      encoding: 'utf8',
    });
    if (mig.status !== 0) throw new Error(`migrate failed: ${mig.stderr || mig.stdout}`);
    const r = new Redis(REDIS_URL);
    const redisPid = Number(/process_id:(\d+)/.exec(await r.info('server'))[1]);
    r.disconnect();
    console.log(`${jobsCount} jobs, concurrency ${concurrency}, relay + worker in one process; load ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
    for (const mode of modes) {
      const res = await measure(mode, jobsCount, redisPid, concurrency);
      console.log(
        `${res.mode.padEnd(8)} ${Math.round(res.rate).toString().padStart(6)} jobs/s (${res.seconds.toFixed(2)} s; CPU cores: worker ${res.cpu.worker.toFixed(2)}, PostgreSQL ${res.cpu.postgres.toFixed(2)}, Redis ${res.cpu.redis.toFixed(2)}; ` +
          `${res.check.bad} attempts ≠ 1, ${res.check.open} not succeeded)`,
      );
    }
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}
