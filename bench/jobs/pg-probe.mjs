// Profiling aid for bench:jobs (not part of the benchmark): how many run records per second
// PostgreSQL alone can move queued → running → succeeded on this machine with the worker's SQL,
// without BullMQ, the relay or Nest. Rows are pre-inserted as already relayed; N "jobs" run with
// the worker's concurrency over a pg Pool of the worker's size (10).
//
//   per-job   the worker's pattern: one claim UPDATE … RETURNING, then one finish UPDATE per job,
//             each its own autocommit transaction (2 round trips + 2 commits per job);
//   batched   the same two UPDATEs, but the claims (and the finishes) of the jobs that reach that
//             point in the same event-loop turn go out as one statement on id = ANY($1)
//             (what a write-batching worker would do);
//   prepared  per-job with named (prepared) statements: no parse/plan per statement;
//   async     per-job with synchronous_commit = off on the pool's sessions: no WAL flush wait.
//
// Usage: [PROBE_POOL=10] [PROBE_FILLFACTOR=100] node bench/jobs/pg-probe.mjs [jobs=20000] [concurrency=20] [modes=per-job,batched,per-job,batched]
// (after npm run build; uses a scratch database filiere_bench_jobs_probe, dropped at the end)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pg = require('pg');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PG_HOST = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'filiere_bench_jobs_probe';
const JOBS = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = Number(process.argv[3] ?? 20);
const POOL = Number(process.env.PROBE_POOL ?? 10); // the worker's TypeORM pool (data-source-options.ts)
const FILLFACTOR = Number(process.env.PROBE_FILLFACTOR ?? 100); // job_runs' (default 100): < 100 leaves room for HOT updates

const CLAIM = `UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING tenant_id, payload, attempts, max_attempts`;
const FINISH = `UPDATE job_runs SET status = 'succeeded', progress = 100, result = $2::jsonb, error = NULL, finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`;
const CLAIM_MANY = `UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running') RETURNING id, tenant_id, payload, attempts, max_attempts`;
const FINISH_MANY = `UPDATE job_runs SET status = 'succeeded', progress = 100, result = NULL, error = NULL, finished_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'running'`;

async function admin(sql) {
  const c = new pg.Client({ connectionString: `${PG_HOST}/postgres` });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
};
const machine = () => {
  const [, ...t] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return { busy: t.slice(0, 8).reduce((a, b) => a + b, 0) - t[3] - t[4], total: t.slice(0, 8).reduce((a, b) => a + b, 0) };
};

async function updates(db) {
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query(`SELECT n_tup_upd::float8 AS upd, n_tup_hot_upd::float8 AS hot FROM pg_stat_user_tables WHERE relname = 'job_runs'`);
  return rows[0];
}

/** Coalesces calls made in the same event-loop turn into one query. */
function batcher(pool, sql, pick) {
  let pending = [];
  return (id) =>
    new Promise((resolve, reject) => {
      pending.push({ id, resolve, reject });
      if (pending.length > 1) return;
      setImmediate(async () => {
        const batch = pending;
        pending = [];
        try {
          const { rows } = await pool.query(sql, [batch.map((b) => b.id)]);
          const byId = pick ? new Map(rows.map((r) => [r.id, r])) : null;
          for (const b of batch) b.resolve(byId ? byId.get(b.id) : undefined);
        } catch (e) {
          for (const b of batch) b.reject(e);
        }
      });
    });
}

async function run(mode) {
  const db = new pg.Client({ connectionString: `${PG_HOST}/${DB}` });
  await db.connect();
  await db.query('TRUNCATE job_runs');
  await db.query(`ALTER TABLE job_runs SET (fillfactor = ${FILLFACTOR})`);
  await db.query(
    `INSERT INTO job_runs (name, queue, payload, max_attempts, dispatched_at) SELECT 'system.noop', 'default', jsonb_build_object('marker', 'probe-' || g), 3, now() FROM generate_series(1, $1) g`,
    [JOBS],
  );
  await db.query('CHECKPOINT');
  const ids = (await db.query('SELECT id FROM job_runs ORDER BY created_at, id')).rows.map((r) => r.id);
  const pool = new pg.Pool({ connectionString: `${PG_HOST}/${DB}`, max: POOL, application_name: 'probe-worker', ...(mode === 'async' ? { options: '-c synchronous_commit=off' } : {}) });
  const warm = await Promise.all(Array.from({ length: POOL }, () => pool.connect()));
  warm.forEach((c) => c.release());
  const backends = (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'probe-worker'`, [DB])).rows.map((r) => r.pid);
  const claimMany = batcher(pool, CLAIM_MANY, true);
  const finishMany = batcher(pool, FINISH_MANY, false);
  await sleep(1100);
  const upd0 = await updates(db);
  const pgBefore = backends.map(cpuOf);
  const self0 = process.cpuUsage();
  const m0 = machine();
  const t0 = performance.now();
  let next = 0;
  let statements = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        if (mode !== 'batched') {
          const prepared = mode === 'prepared';
          const { rows } = await pool.query(prepared ? { name: 'claim', text: CLAIM, values: [id] } : CLAIM, prepared ? undefined : [id]);
          if (!rows[0]) throw new Error('not claimed');
          await pool.query(prepared ? { name: 'finish', text: FINISH, values: [id, null] } : FINISH, prepared ? undefined : [id, null]);
          statements += 2;
        } else {
          const row = await claimMany(id);
          if (!row) throw new Error('not claimed');
          await finishMany(id);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(self0);
  const m1 = machine();
  const pgCores = backends.reduce((s, pid, i) => s + cpuOf(pid) - pgBefore[i], 0) / seconds;
  await pool.end(); // exiting backends flush their statistics
  await sleep(500);
  const { rows: [check] } = await db.query(`SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS ok, count(*) FILTER (WHERE attempts <> 1)::int AS bad FROM job_runs`);
  const upd1 = await updates(db);
  check.hot = (upd1.hot - upd0.hot) / Math.max(1, upd1.upd - upd0.upd);
  await db.end();
  return {
    mode,
    rate: JOBS / seconds,
    seconds,
    pgCores,
    nodeCores: (self.user + self.system) / 1e6 / seconds,
    machineCores: ((m1.busy - m0.busy) / (m1.total - m0.total)) * os.cpus().length,
    check,
    statements,
  };
}

await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DB}`);
try {
  const mig = spawnSync(process.execPath, ['dist/apps/api/src/cli.js', 'migrate'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `${PG_HOST}/${DB}`, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_ACCESS_SECRET: 'bench-only-secret-0123456789abcdefghijklmnop', DEMO_SEED: 'false' },
    encoding: 'utf8',
  });
  if (mig.status !== 0) throw new Error(`migrate failed: ${mig.stderr || mig.stdout}`);
  console.log(`${JOBS} run records, ${CONCURRENCY} concurrent jobs, pg Pool of ${POOL}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  const modes = (process.argv[4] ?? 'per-job,batched,per-job,batched').split(',');
  for (const mode of modes) {
    if (!['per-job', 'batched', 'prepared', 'async'].includes(mode)) throw new Error(`unknown mode ${mode}`);
    const r = await run(mode);
    console.log(
      `${r.mode.padEnd(9)} ${Math.round(r.rate).toString().padStart(6)} jobs/s  (${r.seconds.toFixed(2)} s; PostgreSQL ${r.pgCores.toFixed(2)} cores = ${((r.pgCores / r.rate) * 1000).toFixed(3)} ms/job, ` +
        `node ${r.nodeCores.toFixed(2)} cores = ${((r.nodeCores / r.rate) * 1000).toFixed(3)} ms/job, machine ${r.machineCores.toFixed(2)}; ${r.check.ok} succeeded, ${r.check.bad} attempts ≠ 1; ${Math.round((r.check.hot ?? 0) * 100)} % HOT updates)`,
    );
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
}
