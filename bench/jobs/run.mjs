// `npm run bench:jobs`: no-op jobs per second through the product's whole job path — outbox row in
// PostgreSQL → OutboxRelay → BullMQ → worker → run record `succeeded` — side by side in the same
// run with plain BullMQ (Queue.addBulk + one Worker with a no-op processor) on the same Redis.
// Plain Node ESM, no build of its own.
//
// Builds the app, recreates the `filiere_bench_jobs` database, migrates it, starts the worker
// (dist/apps/worker/src/main.js), inserts the jobs in job_runs the way callers do (1,000 rows per
// INSERT), waits until every run record is `succeeded`; then does the same with plain BullMQ;
// stops everything, drops the database, obliterates the queues, and prints (and writes to
// bench/jobs/results/latest.md) a Markdown table and the two verdicts. See bench/jobs/README.md.
import { fork, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const require = createRequire(import.meta.url);
const pg = require('pg');

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const RESULTS = join(HERE, 'results');

const env = process.env;
const num = (name, fallback, { allowZero = false } = {}) => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
};
const flag = (name) => ['1', 'true', 'yes'].includes((env[name] ?? '').toLowerCase());

const JOBS = Math.round(num('BENCH_JOBS', 20_000));
const CONCURRENCY = Math.round(num('BENCH_CONCURRENCY', 20));
const WORKERS = Math.round(num('BENCH_WORKERS', 1));
const BATCH = Math.round(num('BENCH_BATCH', 1_000));
const WARMUP_JOBS = Math.round(num('BENCH_WARMUP_JOBS', 1_000, { allowZero: true }));
const TIMEOUT_S = num('BENCH_TIMEOUT', Math.max(120, JOBS / 50));
const QUIET_WAIT = env.BENCH_QUIET_WAIT === '0' ? 0 : num('BENCH_QUIET_WAIT', 120);
const SKIP_BUILD = flag('BENCH_SKIP_BUILD');
const PROFILE = flag('BENCH_PROFILE');
const TRACE = flag('BENCH_TRACE');
const ONLY = (env.BENCH_ONLY ?? '').trim(); // 'product' or 'bullmq': one side only (debugging)
const HEALTH_PORT = Math.round(num('BENCH_HEALTH_PORT', 3311));
const PG_HOST = env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DB_NAME = 'filiere_bench_jobs';
const DATABASE_URL = `${PG_HOST}/${DB_NAME}`;
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const PRODUCT_PREFIX = `bench-${process.pid}`;
const PLAIN_PREFIX = `bench-${process.pid}-plain`;
const PRODUCT_QUEUES = ['default', 'notifications']; // QUEUES in libs/platform/queue/src/jobs.ts
const QUEUE = 'default'; // JOBS['system.noop'].queue
const JWT_SECRET = 'bench-only-secret-0123456789abcdefghijklmnop';
const POLL_MS = Math.round(num('BENCH_POLL_MS', 100));

// Read from the compiled product (libs/platform/queue/src/jobs.ts) so both sides keep the same policy.
let KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
let KEEP_FAILED = { age: 7 * 24 * 3600, count: 50_000 };
let NOOP_ATTEMPTS = 3;
let RETRY_BACKOFF_MS = 2_000;

const TARGET_RATE = 1_000;
const TARGET_RATIO = 0.5;
const QUIET_CPU = 0.25; // cores busy under which the machine counts as quiet
const OTHER_CPU_WARNING = 0.2; // cores used by processes outside the benchmark before a run is flagged

const log = (line) => process.stderr.write(`[bench:jobs] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
const fmtCores = (n) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(2));

// ---------------------------------------------------------------------------------------------
// Processes and clean-up

const children = new Set();
let databaseCreated = false;
/** BullMQ prefix → queue names this run created (obliterated at the end). */
const queuesUsed = new Map();
let cleaning = null;

function runCommand(cmd, args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve(output);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.trim().split('\n').slice(-40).join('\n')}`));
    });
  });
}

function track(child, name) {
  children.add(child);
  child.benchName = name;
  child.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return child;
}

/** A long-running node child whose output goes to a log file (no overhead in this process). */
function startNode(name, args, extraEnv, logFile) {
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return track(child, name);
}

async function stopChild(child, graceMs = 35_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([child.exited, sleep(graceMs).then(() => 'timeout')]);
  if (done === 'timeout') {
    log(`${child.benchName ?? 'child'} (pid ${child.pid}) did not stop in ${graceMs / 1000} s: SIGKILL`);
    child.kill('SIGKILL');
    await child.exited;
  }
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: `${PG_HOST}/postgres` });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);

/** Obliterates the queues and deletes whatever is left under the prefix (job schedulers, meta keys…). */
async function removeQueues(prefix, names) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectionName: 'bench-jobs-cleanup' });
  try {
    for (const name of names) {
      const q = new Queue(name, { connection, prefix });
      await q.obliterate({ force: true }).catch((e) => log(`obliterate ${prefix}:${name}: ${e.message}`));
      await q.close();
    }
    let left = 0;
    let cursor = '0';
    do {
      const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) {
        left += keys.length;
        await connection.del(...keys);
      }
    } while (cursor !== '0');
    return left;
  } finally {
    await connection.quit().catch(() => connection.disconnect());
  }
}

function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => (c.benchStop ? c.benchStop() : stopChild(c)).catch(() => undefined)));
    for (const [prefix, names] of queuesUsed) {
      try {
        const left = await removeQueues(prefix, names);
        log(`obliterated the queues under ${prefix}:${left ? ` (${left} leftover keys deleted)` : ''}`);
      } catch (err) {
        log(`could not remove the queues under ${prefix}: ${err.message}`);
      }
    }
    if (databaseCreated) {
      try {
        await dropDatabase();
        log(`dropped database ${DB_NAME}`);
      } catch (err) {
        log(`could not drop database ${DB_NAME}: ${err.message}`);
      }
    }
  })();
  return cleaning;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

async function portInUse(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch (err) {
    return err?.cause?.code !== 'ECONNREFUSED';
  }
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitForHealth(port, child, logFile, timeoutMs = 60_000) {
  const url = `http://127.0.0.1:${port}/health`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.benchName} exited (${child.signalCode ?? child.exitCode}) before ${url} answered; log ${relative(ROOT, logFile)}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last}); log ${relative(ROOT, logFile)}:\n${tail(logFile)}`);
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; n/a elsewhere)

function processCpu(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

function machineCpu() {
  try {
    const [, ...t] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = t[3] + (t[4] ?? 0);
    const total = t.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, irq: (t[5] ?? 0) + (t[6] ?? 0), total };
  } catch {
    return null;
  }
}

async function benchBackends() {
  try {
    const { rows } = await adminQuery(`SELECT pid FROM pg_stat_activity WHERE datname = '${DB_NAME}'`);
    return rows.map((r) => r.pid);
  } catch {
    return [];
  }
}

const cpuByPid = (pids) => new Map(pids.map((p) => [p, processCpu(p)]).filter(([, c]) => c !== null));

/** Starts a CPU meter over some process groups; stop() returns cores used by each group and the machine. */
async function cpuMeter(groups, withPostgres) {
  const start = {
    at: process.hrtime.bigint(),
    self: process.cpuUsage(),
    machine: machineCpu(),
    groups: Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, cpuByPid(pids)])),
    pg: withPostgres ? cpuByPid(await benchBackends()) : null,
  };
  return {
    async stop() {
      const pgPids = withPostgres ? [...new Set([...start.pg.keys(), ...(await benchBackends())])] : [];
      const end = { self: process.cpuUsage(start.self), machine: machineCpu(), pg: withPostgres ? cpuByPid(pgPids) : null };
      const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
      const out = {};
      for (const [k, pids] of Object.entries(groups)) {
        const after = cpuByPid(pids);
        if (!after.size) out[k] = null;
        else out[k] = [...after].reduce((s, [pid, cpu]) => s + cpu - (start.groups[k].get(pid) ?? 0), 0) / seconds;
      }
      out.postgres = withPostgres && end.pg.size ? [...end.pg].reduce((s, [pid, cpu]) => s + cpu - (start.pg.get(pid) ?? 0), 0) / seconds : withPostgres ? null : 0;
      out.bench = (end.self.user + end.self.system) / 1e6 / seconds;
      if (start.machine && end.machine) {
        const total = end.machine.total - start.machine.total;
        out.machine = ((end.machine.busy - start.machine.busy) / total) * os.cpus().length;
        out.irq = ((end.machine.irq - start.machine.irq) / total) * os.cpus().length;
        const known = Object.keys(groups).reduce((s, k) => s + (out[k] ?? 0), 0) + (out.postgres ?? 0) + out.bench + out.irq;
        out.other = Math.max(0, out.machine - known);
      } else out.machine = out.irq = out.other = null;
      return out;
    },
  };
}

/** Waits (up to BENCH_QUIET_WAIT seconds) until the machine is nearly idle; returns the busy cores seen last. */
async function waitForQuiet() {
  const deadline = Date.now() + QUIET_WAIT * 1000;
  let busy = null;
  do {
    const a = machineCpu();
    await sleep(1000);
    const b = machineCpu();
    if (!a || !b) return null;
    busy = ((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length;
    if (busy <= QUIET_CPU || QUIET_WAIT === 0) return busy;
    log(`machine busy (${busy.toFixed(2)} cores in use by other processes): waiting for it to calm down`);
    await sleep(4000);
  } while (Date.now() < deadline);
  log(`still busy after ${QUIET_WAIT} s (${busy?.toFixed(2)} cores): running anyway, figures will be flagged`);
  return busy;
}

// ---------------------------------------------------------------------------------------------
// The product's path: job_runs rows → relay → BullMQ → worker → succeeded

const insertSql = new Map();
/** One INSERT of `count` rows, the columns JobsService.enqueue writes for a job without tenant, user or dedup key. */
async function insertJobs(client, markerPrefix, from, count) {
  let sql = insertSql.get(count);
  if (!sql) {
    const values = Array.from({ length: count }, (_, i) => `('system.noop', '${QUEUE}', $${i + 1}::jsonb, ${NOOP_ATTEMPTS})`);
    sql = `INSERT INTO job_runs (name, queue, payload, max_attempts) VALUES ${values.join(', ')}`;
    insertSql.set(count, sql);
  }
  const params = Array.from({ length: count }, (_, i) => JSON.stringify({ marker: `${markerPrefix}-${from + i}` }));
  await client.query(sql, params);
}

/** Polls every POLL_MS until `target` runs are finished (succeeded, or failed for good). */
async function waitForRuns(client, target, startedAt, deadline) {
  let polls = 0;
  let pollMs = 0;
  let lastLog = Date.now();
  for (let k = 1; ; k++) {
    const t0 = performance.now();
    const { rows } = await client.query(`SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM job_runs`);
    pollMs += performance.now() - t0;
    polls++;
    const { succeeded, failed } = rows[0];
    if (succeeded + failed >= target) return { succeeded, failed, at: performance.now(), polls, pollMs, timedOut: false };
    if (Date.now() > deadline) return { succeeded, failed, at: performance.now(), polls, pollMs, timedOut: true };
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(`  … ${fmt(succeeded)} succeeded, ${fmt(failed)} failed after ${fmt((performance.now() - startedAt) / 1000, 1)} s`);
    }
    const wait = startedAt + k * POLL_MS - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

/** PostgreSQL counters of the bench database and of job_runs (statistics: flushed by backends at most every second). */
async function pgStats(client) {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows: [r] } = await client.query(
    `SELECT pg_current_wal_lsn()::text AS lsn, d.xact_commit::float8 AS commits, d.blks_read::float8 AS blks_read, d.blks_hit::float8 AS blks_hit,
            t.n_tup_ins::float8 AS inserted, t.n_tup_upd::float8 AS updated, t.n_tup_hot_upd::float8 AS hot_updated,
            t.seq_scan::float8 AS seq_scans, t.seq_tup_read::float8 AS seq_rows_read, t.idx_scan::float8 AS idx_scans,
            t.n_live_tup::float8 AS live, t.n_dead_tup::float8 AS dead, pg_total_relation_size('job_runs')::float8 AS bytes
     FROM pg_stat_database d, pg_stat_user_tables t WHERE d.datname = current_database() AND t.relname = 'job_runs'`,
  );
  return r;
}

/**
 * The worker's backends flush their statistics at most once a second, and an idle one that flushed
 * less than a second ago only after 10 s: wait (up to 12 s) until job_runs shows the warm-up's
 * inserts and its three updates per run, so that the measured run's deltas do not include them.
 */
async function waitForStatsFlush(client, finishedRuns) {
  const deadline = Date.now() + 12_000;
  while (Date.now() < deadline) {
    const s = await pgStats(client);
    if (s.inserted >= finishedRuns && s.updated >= 3 * finishedRuns) return;
    await sleep(250);
  }
  log('PostgreSQL statistics of the warm-up not flushed after 12 s: the run\'s counters may include some of it');
}

async function diffPgStats(client, before, after) {
  const { rows: [w] } = await client.query('SELECT pg_wal_lsn_diff($1, $2)::float8 AS wal', [after.lsn, before.lsn]);
  const out = { wal: w.wal, live: after.live, dead: after.dead, bytes: after.bytes, bytesBefore: before.bytes };
  for (const k of ['commits', 'blks_read', 'blks_hit', 'inserted', 'updated', 'hot_updated', 'seq_scans', 'seq_rows_read', 'idx_scans']) out[k] = after[k] - before[k];
  return out;
}

function readTrace(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function diffTrace(before, after) {
  if (!after) return null;
  const out = { elu: null, stats: [] };
  const ea = after.elu;
  const eb = before?.elu ?? { idle: 0, active: 0 };
  const active = ea.active - eb.active;
  const idle = ea.idle - eb.idle;
  out.elu = active + idle > 0 ? active / (active + idle) : null;
  for (const [key, s] of Object.entries(after.stats)) {
    const b = before?.stats?.[key] ?? { n: 0, totalMs: 0, buckets: s.buckets.map(() => 0) };
    const n = s.n - b.n;
    if (!n) continue;
    const buckets = s.buckets.map((v, i) => v - b.buckets[i]);
    out.stats.push({ key, n, totalMs: s.totalMs - b.totalMs, maxMs: s.maxMs, buckets, bounds: after.bounds });
  }
  out.stats.sort((a, b) => b.totalMs - a.totalMs);
  return out;
}

/** Approximate quantile from the trace's histogram buckets (upper bound of the bucket). */
function bucketQuantile(s, q) {
  const target = s.n * q;
  let acc = 0;
  for (let i = 0; i < s.buckets.length; i++) {
    acc += s.buckets[i];
    if (acc >= target) return s.bounds[i] === 'Infinity' ? `>${s.bounds[i - 1]}` : `≤${s.bounds[i]}`;
  }
  return 'n/a';
}

async function runProduct() {
  queuesUsed.set(PRODUCT_PREFIX, PRODUCT_QUEUES);
  const logFiles = [];
  const traceFiles = [];
  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    const port = HEALTH_PORT + i;
    if (await portInUse(port)) throw new Error(`port ${port} is already in use: stop what listens there (or set BENCH_HEALTH_PORT)`);
    const logFile = join(RESULTS, `worker-${i + 1}.log`);
    const traceFile = join(RESULTS, `worker-${i + 1}.trace.json`);
    rmSync(traceFile, { force: true });
    const args = [
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`, `--cpu-prof-name=worker-${i + 1}.cpuprofile`] : []),
      ...(TRACE ? ['--import', pathToFileURL(join(HERE, 'trace.mjs')).href] : []),
      'dist/apps/worker/src/main.js',
    ];
    log(`starting worker ${i + 1}/${WORKERS} (health :${port}, concurrency ${CONCURRENCY}, log ${relative(ROOT, logFile)})`);
    const child = startNode(
      `worker ${i + 1}`,
      args,
      {
        DATABASE_URL,
        REDIS_URL,
        QUEUE_PREFIX: PRODUCT_PREFIX,
        JOB_CONCURRENCY: String(CONCURRENCY),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        JWT_ACCESS_SECRET: JWT_SECRET,
        WORKER_HEALTH_PORT: String(port),
        DEMO_SEED: 'false',
        ...(TRACE ? { BENCH_TRACE_FILE: traceFile } : {}),
      },
      logFile,
    );
    workers.push({ child, port, logFile });
    logFiles.push(logFile);
    traceFiles.push(traceFile);
  }
  for (const w of workers) await waitForHealth(w.port, w.child, w.logFile);
  log(`worker${WORKERS > 1 ? 's' : ''} ready`);

  // Clients are closed and reopened between phases: a backend flushes its statistics when it exits.
  const clients = new Set();
  const connectPg = async (name) => {
    const c = new pg.Client({ connectionString: DATABASE_URL, application_name: name });
    await c.connect();
    clients.add(c);
    return c;
  };
  const closePg = async (c) => {
    if (clients.delete(c)) await c.end().catch(() => undefined);
  };
  let producer = await connectPg('bench-jobs-producer');
  let poller = await connectPg('bench-jobs-poll');
  try {
    if (WARMUP_JOBS) {
      log(`warm-up: ${fmt(WARMUP_JOBS)} jobs`);
      const t0 = performance.now();
      for (let done = 0; done < WARMUP_JOBS; done += BATCH) await insertJobs(producer, 'warmup', done, Math.min(BATCH, WARMUP_JOBS - done));
      const w = await waitForRuns(poller, WARMUP_JOBS, t0, Date.now() + TIMEOUT_S * 1000);
      if (w.timedOut) throw new Error(`warm-up: only ${w.succeeded} of ${WARMUP_JOBS} runs succeeded within ${TIMEOUT_S} s; log ${relative(ROOT, logFiles[0])}:\n${tail(logFiles[0])}`);
      log(`  warm-up done in ${fmt((w.at - t0) / 1000, 2)} s`);
    }
    const { rows: [base] } = await poller.query(`SELECT count(*)::int AS n FROM job_runs WHERE finished_at IS NOT NULL`);
    await closePg(producer);
    producer = await connectPg('bench-jobs-producer');
    await waitForStatsFlush(poller, base.n);
    const quietBefore = await waitForQuiet();
    const statsBefore = await pgStats(poller);
    const traceBefore = traceFiles.map(readTrace);
    const meter = await cpuMeter({ worker: workers.map((w) => w.child.pid), redis: [await redisPid()] }, true);
    const load = os.loadavg();

    log(`product path: inserting ${fmt(JOBS)} jobs (${Math.ceil(JOBS / BATCH)} INSERTs of ≤ ${fmt(BATCH)} rows) and waiting for ${fmt(JOBS)} succeeded run records`);
    const wall0 = Date.now();
    const t0 = performance.now();
    for (let done = 0; done < JOBS; done += BATCH) await insertJobs(producer, `bench-${process.pid}`, done, Math.min(BATCH, JOBS - done));
    const insertedAt = performance.now();
    const w = await waitForRuns(poller, base.n + JOBS, t0, Date.now() + TIMEOUT_S * 1000);
    const cpu = await meter.stop();
    const seconds = (w.at - t0) / 1000;
    const measured = w.succeeded - base.n;
    await sleep(400); // one more trace snapshot
    const trace = traceFiles.map((f, i) => diffTrace(traceBefore[i], readTrace(f))).filter(Boolean);
    const bull = await queueCounts(PRODUCT_PREFIX, QUEUE);
    const metricsText = await fetch(`http://127.0.0.1:${workers[0].port}/metrics`, { signal: AbortSignal.timeout(5000) })
      .then((r) => r.text())
      .catch(() => '');
    // Stop the workers before reading PostgreSQL's statistics: exiting backends flush theirs.
    log('stopping the worker(s)');
    await Promise.all(workers.map((w) => stopChild(w.child)));
    await closePg(producer);
    await closePg(poller);
    await sleep(500);
    poller = await connectPg('bench-jobs-report');
    const statsAfter = await pgStats(poller);
    const pgDelta = await diffPgStats(poller, statsBefore, statsAfter);

    // Sanity checks and the timeline, from the run records themselves (timestamps: PostgreSQL now(), ms).
    const { rows: [check] } = await poller.query(
      `SELECT count(*)::int AS runs,
              count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status NOT IN ('succeeded', 'failed'))::int AS unfinished,
              count(*) FILTER (WHERE attempts <> 1)::int AS not_once,
              count(*) FILTER (WHERE dispatched_at IS NULL)::int AS undispatched,
              count(DISTINCT dispatched_at)::int AS relay_batches,
              extract(epoch FROM max(created_at)) * 1000 AS last_created,
              extract(epoch FROM min(dispatched_at)) * 1000 AS first_dispatched,
              extract(epoch FROM max(dispatched_at)) * 1000 AS last_dispatched,
              extract(epoch FROM min(started_at)) * 1000 AS first_started,
              extract(epoch FROM max(finished_at)) * 1000 AS last_finished,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at)) * 1000 AS p50_total,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at)) * 1000 AS p99_total,
              avg(extract(epoch FROM dispatched_at - created_at)) * 1000 AS avg_to_dispatch,
              avg(extract(epoch FROM started_at - dispatched_at)) * 1000 AS avg_dispatch_to_claim,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) * 1000 AS p50_claim_to_finish,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) * 1000 AS p99_claim_to_finish
       FROM job_runs WHERE payload->>'marker' LIKE $1`,
      [`bench-${process.pid}-%`],
    );
    const { rows: batches } = await poller.query(
      `SELECT extract(epoch FROM dispatched_at) * 1000 AS at, count(*)::int AS n,
              extract(epoch FROM min(started_at) - dispatched_at) * 1000 AS first_claim_after
       FROM job_runs WHERE payload->>'marker' LIKE $1 AND dispatched_at IS NOT NULL GROUP BY dispatched_at ORDER BY dispatched_at`,
      [`bench-${process.pid}-%`],
    );
    const { rows: perSecond } = await poller.query(
      `SELECT floor((extract(epoch FROM finished_at) * 1000 - $2) / 1000)::int AS s, count(*)::int AS n
       FROM job_runs WHERE payload->>'marker' LIKE $1 AND finished_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [`bench-${process.pid}-%`, wall0],
    );
    const errorsInLog = logFiles.map((f) => countLogLevels(f)).reduce((a, b) => ({ warn: a.warn + b.warn, error: a.error + b.error, messages: new Set([...a.messages, ...b.messages]) }), { warn: 0, error: 0, messages: new Set() });

    const rel = (ms) => (ms === null || ms === undefined ? null : (Number(ms) - wall0) / 1000);
    const relayGaps = batches.slice(1).map((b, i) => Number(b.at) - Number(batches[i].at));
    return {
      path: 'product',
      jobs: measured,
      requested: JOBS,
      seconds,
      rate: measured / seconds,
      insertSeconds: (insertedAt - t0) / 1000,
      timedOut: w.timedOut,
      polls: w.polls,
      pollMs: w.pollMs,
      check,
      timeline: {
        lastCreated: rel(check.last_created),
        firstDispatched: rel(check.first_dispatched),
        lastDispatched: rel(check.last_dispatched),
        firstStarted: rel(check.first_started),
        lastFinished: rel(check.last_finished),
      },
      latency: {
        p50Total: Number(check.p50_total),
        p99Total: Number(check.p99_total),
        avgToDispatch: Number(check.avg_to_dispatch),
        avgDispatchToClaim: Number(check.avg_dispatch_to_claim),
        p50ClaimToFinish: Number(check.p50_claim_to_finish),
        p99ClaimToFinish: Number(check.p99_claim_to_finish),
      },
      relay: {
        batches: batches.length,
        sizes: batches.map((b) => b.n),
        medianGapMs: median(relayGaps),
        medianFirstClaimAfterMs: median(batches.map((b) => Number(b.first_claim_after))),
      },
      perSecond,
      pgDelta,
      bull,
      handlerHistogram: parseHistogram(metricsText),
      logLevels: errorsInLog,
      trace,
      cpu,
      quietBefore,
      load,
    };
  } finally {
    await Promise.all([...clients].map(closePg));
    await Promise.all(workers.map((w) => stopChild(w.child)));
  }
}

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

function countLogLevels(file) {
  const out = { warn: 0, error: 0, messages: new Set() };
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line);
        if (e.level >= 50) out.error++;
        else if (e.level >= 40) out.warn++;
        if (e.level >= 40) out.messages.add(`${e.context ? `${e.context}: ` : ''}${e.msg ?? ''}`.slice(0, 160));
      } catch {
        out.error++;
        out.messages.add(line.slice(0, 160));
      }
    }
  } catch {
    // no log
  }
  return out;
}

/** job_duration_seconds from the worker's /metrics: count and sum of the handler's durations. */
function parseHistogram(text) {
  const count = /job_duration_seconds_count\{[^}]*job="system.noop"[^}]*outcome="succeeded"[^}]*\} (\d+)/.exec(text);
  const sum = /job_duration_seconds_sum\{[^}]*job="system.noop"[^}]*outcome="succeeded"[^}]*\} ([\d.e+-]+)/.exec(text);
  return count && sum ? { count: Number(count[1]), avgMs: (Number(sum[1]) / Number(count[1])) * 1000 } : null;
}

let redisPidCache;
async function redisPid() {
  if (redisPidCache !== undefined) return redisPidCache;
  const c = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectionName: 'bench-jobs-info' });
  try {
    const info = await c.info('server');
    redisPidCache = Number(/process_id:(\d+)/.exec(info)?.[1]) || null;
  } finally {
    await c.quit().catch(() => c.disconnect());
  }
  return redisPidCache;
}

async function queueCounts(prefix, name) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectionName: 'bench-jobs-counts' });
  const q = new Queue(name, { connection, prefix });
  try {
    return await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  } finally {
    await q.close();
    await connection.quit().catch(() => connection.disconnect());
  }
}

// ---------------------------------------------------------------------------------------------
// Plain BullMQ: Queue.addBulk in this process, Worker(s) in child processes

function startPlainWorker(i, counts) {
  const logFile = join(RESULTS, `bullmq-worker-${i + 1}.log`);
  const fd = openSync(logFile, 'w');
  const child = fork(join(HERE, 'bullmq-worker.mjs'), [], {
    cwd: ROOT,
    env: { ...env, BENCH_REDIS_URL: REDIS_URL, BENCH_PREFIX: PLAIN_PREFIX, BENCH_QUEUE: QUEUE, BENCH_CONCURRENCY: String(CONCURRENCY) },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  track(child, `plain BullMQ worker ${i + 1}`);
  counts[i] = { completed: 0, failed: 0, lastAt: 0 };
  const ready = new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'count') counts[i] = m;
      else if (m.type === 'error') log(`plain worker ${i + 1}: ${m.message}`);
    });
    child.once('exit', (code) => reject(new Error(`plain BullMQ worker ${i + 1} exited (${code}) before it was ready; log ${relative(ROOT, logFile)}:\n${tail(logFile)}`)));
  });
  child.benchStop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send({ type: 'stop' });
    const done = await Promise.race([child.exited, sleep(15_000).then(() => 'timeout')]);
    if (done === 'timeout') await stopChild(child, 5_000);
  };
  return { child, ready, logFile };
}

async function runPlain() {
  queuesUsed.set(PLAIN_PREFIX, [QUEUE]);
  const counts = [];
  const workers = Array.from({ length: WORKERS }, (_, i) => startPlainWorker(i, counts));
  log(`starting ${WORKERS} plain BullMQ worker process${WORKERS > 1 ? 'es' : ''} (concurrency ${CONCURRENCY})`);
  await Promise.all(workers.map((w) => w.ready));
  const connection = new Redis(REDIS_URL, { connectionName: 'bench-plain-producer', maxRetriesPerRequest: 1 });
  const queue = new Queue(QUEUE, { connection, prefix: PLAIN_PREFIX });
  const opts = { attempts: NOOP_ATTEMPTS, backoff: { type: 'exponential', delay: RETRY_BACKOFF_MS }, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED };
  const add = async (markerPrefix, from, count) => {
    await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: 'system.noop', data: { marker: `${markerPrefix}-${from + i}` }, opts })));
  };
  const total = () => counts.reduce((s, c) => ({ completed: s.completed + c.completed, failed: s.failed + c.failed, lastAt: Math.max(s.lastAt, c.lastAt) }), { completed: 0, failed: 0, lastAt: 0 });
  const waitFor = async (target, t0) => {
    const deadline = Date.now() + TIMEOUT_S * 1000;
    for (let k = 1; ; k++) {
      const c = total();
      if (c.completed + c.failed >= target) return { ...c, at: performance.now(), timedOut: false };
      if (Date.now() > deadline) return { ...c, at: performance.now(), timedOut: true };
      const wait = t0 + k * POLL_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
  };
  try {
    if (WARMUP_JOBS) {
      log(`warm-up: ${fmt(WARMUP_JOBS)} jobs`);
      const t0 = performance.now();
      for (let done = 0; done < WARMUP_JOBS; done += BATCH) await add('warmup', done, Math.min(BATCH, WARMUP_JOBS - done));
      const w = await waitFor(WARMUP_JOBS, t0);
      if (w.timedOut) throw new Error(`plain BullMQ warm-up: only ${w.completed} of ${WARMUP_JOBS} jobs completed within ${TIMEOUT_S} s`);
      log(`  warm-up done in ${fmt((w.at - t0) / 1000, 2)} s`);
    }
    const base = total();
    const quietBefore = await waitForQuiet();
    const meter = await cpuMeter({ worker: workers.map((w) => w.child.pid), redis: [await redisPid()] }, false);
    const load = os.loadavg();
    log(`plain BullMQ: adding ${fmt(JOBS)} jobs (${Math.ceil(JOBS / BATCH)} addBulk of ≤ ${fmt(BATCH)}) and waiting for ${fmt(JOBS)} completed`);
    const wall0 = Date.now();
    const t0 = performance.now();
    for (let done = 0; done < JOBS; done += BATCH) await add(`bench-${process.pid}`, done, Math.min(BATCH, JOBS - done));
    const insertedAt = performance.now();
    const w = await waitFor(base.completed + base.failed + JOBS, t0);
    const cpu = await meter.stop();
    const seconds = (w.at - t0) / 1000;
    const measured = w.completed - base.completed;
    const bull = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    return {
      path: 'bullmq',
      jobs: measured,
      requested: JOBS,
      failed: w.failed - base.failed,
      seconds,
      exactSeconds: w.lastAt ? (w.lastAt - wall0) / 1000 : null,
      rate: measured / seconds,
      insertSeconds: (insertedAt - t0) / 1000,
      timedOut: w.timedOut,
      bull,
      cpu,
      quietBefore,
      load,
    };
  } finally {
    await queue.close();
    await connection.quit().catch(() => connection.disconnect());
    log('stopping the plain BullMQ worker(s)');
    await Promise.all(workers.map((w) => w.child.benchStop()));
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function report(product, plain, meta) {
  const rows = [];
  const productOk = product && !product.timedOut && product.check.failed === 0 && product.check.not_once === 0 && product.check.runs === JOBS;
  const plainOk = plain && !plain.timedOut && plain.failed === 0;
  if (product) {
    const t = product.timeline;
    const notes = [
      `${WORKERS} worker process${WORKERS > 1 ? 'es' : ''} × concurrency ${CONCURRENCY}`,
      `INSERTs ${fmt(product.insertSeconds, 2)} s (${Math.ceil(JOBS / BATCH)} × ${fmt(Math.min(BATCH, JOBS))} rows)`,
      `all relayed at ${fmt(t.lastDispatched, 2)} s (${product.relay.batches} relay batches)`,
      `last run finished at ${fmt(t.lastFinished, 2)} s`,
      `runs: ${fmt(product.check.succeeded)} succeeded, ${product.check.failed} failed, ${product.check.not_once} with attempts ≠ 1${product.check.unfinished ? `, ${product.check.unfinished} unfinished` : ''}`,
      ...(product.timedOut ? [`**timed out after ${TIMEOUT_S} s**`] : []),
    ];
    rows.push(`| Filière jobs: job_runs INSERT → OutboxRelay → BullMQ → worker → \`succeeded\` | ${fmt(product.jobs)} | ${fmt(product.seconds, 2)} | ${fmt(product.rate)} | ${notes.join('; ')} |`);
  }
  if (plain) {
    const notes = [
      `${WORKERS} worker process${WORKERS > 1 ? 'es' : ''} × concurrency ${CONCURRENCY}`,
      `addBulk ${fmt(plain.insertSeconds, 2)} s (${Math.ceil(JOBS / BATCH)} × ${fmt(Math.min(BATCH, JOBS))} jobs)`,
      `last job completed at ${fmt(plain.exactSeconds, 2)} s`,
      `${plain.failed} failed`,
      ...(plain.timedOut ? [`**timed out after ${TIMEOUT_S} s**`] : []),
    ];
    rows.push(`| plain BullMQ: Queue.addBulk → Worker (no-op processor) | ${fmt(plain.jobs)} | ${fmt(plain.seconds, 2)} | ${fmt(plain.rate)} | ${notes.join('; ')} |`);
  }
  const verdict = (ok) => (ok ? '**PASS**' : '**FAIL**');
  const lines = [
    `## Jobs throughput, no-op jobs — ${meta.date}`,
    '',
    `${fmt(JOBS)} \`system.noop\` jobs per path, submitted in batches of ${fmt(BATCH)} as fast as possible, after a warm-up of ${fmt(WARMUP_JOBS)} jobs; ` +
      `the two paths run one after the other, each timed from its first INSERT / addBulk until the ${fmt(JOBS)}th finished job is seen (polled every ${POLL_MS} ms). ` +
      `Same Redis, same worker concurrency (${CONCURRENCY}) and number of worker processes (${WORKERS}), same removeOnComplete (${JSON.stringify(KEEP_COMPLETED)}), attempts (${NOOP_ATTEMPTS}) and backoff. ` +
      `${meta.cpus} × ${meta.cpuModel}, Node ${process.version}, ${meta.pgVersion}, Redis ${meta.redisVersion}; producer, workers, PostgreSQL and Redis share the machine. ` +
      `Load average at start: ${meta.load.map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    '| path | jobs | seconds | jobs/s | notes |',
    '|---|---:|---:|---:|---|',
    ...rows,
    '',
  ];
  if (product) {
    lines.push(`- ≥ ${fmt(TARGET_RATE)} jobs/s end to end: ${verdict(productOk && product.rate >= TARGET_RATE)} — ${fmt(product.rate)} jobs/s${productOk ? '' : ' (incomplete or failed runs)'}.`);
  }
  if (product && plain) {
    const ratio = product.rate / plain.rate;
    lines.push(`- ≥ ${TARGET_RATIO * 100} % of plain BullMQ: ${verdict(productOk && plainOk && ratio >= TARGET_RATIO)} — ${fmt(ratio * 100)} % (${fmt(product.rate)} / ${fmt(plain.rate)} jobs/s).`);
  }
  lines.push('');

  lines.push(`CPU used during each measured run, in cores out of ${meta.cpus} (worker process(es) / PostgreSQL backends of the bench database / redis-server / this benchmark process: producer and polling / kernel interrupts / anything else → whole machine):`, '');
  for (const r of [product, plain].filter(Boolean)) {
    const c = r.cpu;
    const disturbed = c.other !== null && c.other > OTHER_CPU_WARNING;
    lines.push(
      `- ${r.path === 'product' ? 'Filière jobs' : 'plain BullMQ'}: ${fmtCores(c.worker)} / ${r.path === 'product' ? fmtCores(c.postgres) : '—'} / ${fmtCores(c.redis)} / ${fmtCores(c.bench)} / ${fmtCores(c.irq)} / ${fmtCores(c.other)} → ${fmtCores(c.machine)}` +
        ` (machine busy ${fmtCores(r.quietBefore)} cores just before)` +
        (disturbed ? ' — **other processes took CPU during this run: figures disturbed**' : ''),
    );
  }
  lines.push('');

  if (product) {
    const l = product.latency;
    const t = product.timeline;
    lines.push(
      '### Where the time goes on the product path',
      '',
      `From the run records (PostgreSQL \`now()\` timestamps, seconds after the first INSERT): last INSERT committed ${fmt(product.insertSeconds, 2)} s; ` +
        `first relay batch ${fmt(t.firstDispatched, 2)} s, last ${fmt(t.lastDispatched, 2)} s (${product.relay.batches} batches of ${[...new Set(product.relay.sizes)].join('/')} rows, median ${fmt(product.relay.medianGapMs)} ms from one batch to the next while backlogged); ` +
        `first claim ${fmt(t.firstStarted, 2)} s; last run finished ${fmt(t.lastFinished, 2)} s.`,
      '',
      `Per run: created → finished p50 ${fmt(l.p50Total)} ms, p99 ${fmt(l.p99Total)} ms; created → relayed ${fmt(l.avgToDispatch)} ms on average; relayed → claimed ${fmt(l.avgDispatchToClaim)} ms on average ` +
        `(first claim of a relay batch ${fmt(product.relay.medianFirstClaimAfterMs)} ms after the batch started, median); claim → finish p50 ${fmt(l.p50ClaimToFinish)} ms, p99 ${fmt(l.p99ClaimToFinish)} ms` +
        `${product.handlerHistogram ? `; no-op handler + finish UPDATE ${fmt(product.handlerHistogram.avgMs, 1)} ms on average (the worker's job_duration_seconds)` : ''}.`,
      '',
      `Runs finished per second: ${product.perSecond.map((p) => `${p.s}s:${p.n}`).join(' ')}.`,
      '',
      `PostgreSQL during the measured run (statistics of the bench database; WAL is the whole cluster's): ${fmt(product.pgDelta.commits)} commits (${fmt(product.pgDelta.commits / product.jobs, 2)} per job), ` +
        `job_runs ${fmt(product.pgDelta.inserted)} rows inserted, ${fmt(product.pgDelta.updated)} updated (${fmt(product.pgDelta.updated / product.jobs, 2)} per job, ${fmt((product.pgDelta.hot_updated / Math.max(1, product.pgDelta.updated)) * 100)} % HOT), ` +
        `${fmt(product.pgDelta.seq_scans)} sequential scans reading ${fmt(product.pgDelta.seq_rows_read)} rows, ${fmt(product.pgDelta.idx_scans)} index scans; ` +
        `${fmt(product.pgDelta.wal / 1024 / 1024, 1)} MB of WAL (${fmt(product.pgDelta.wal / product.jobs)} bytes per job); ` +
        `job_runs now ${fmt(product.pgDelta.bytes / 1024 / 1024, 1)} MB with indexes (${fmt(product.pgDelta.live)} live, ${fmt(product.pgDelta.dead)} dead tuples).`,
      '',
      `BullMQ queue \`${QUEUE}\` after the run: ${JSON.stringify(product.bull)}. Worker log: ${product.logLevels.warn} warnings, ${product.logLevels.error} errors${product.logLevels.messages.size ? ` (${[...product.logLevels.messages].slice(0, 5).map((m) => `“${m}”`).join(', ')})` : ''}. ` +
        `Polling cost: ${product.polls} count queries, ${fmt(product.pollMs)} ms in total.`,
      '',
    );
    product.trace.forEach((tr, i) => {
      lines.push(
        `Worker ${i + 1} trace (BENCH_TRACE=1: pg queries timed from submit to result, pool waits; event-loop utilisation ${tr.elu === null ? 'n/a' : `${fmt(tr.elu * 100)} %`}):`,
        '',
        '| what | count | total ms | avg ms | p50 | p99 | max ms |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...tr.stats.slice(0, 14).map((s) => `| \`${s.key.replace(/\|/g, '\\|')}\` | ${fmt(s.n)} | ${fmt(s.totalMs)} | ${fmt(s.totalMs / s.n, 2)} | ${bucketQuantile(s, 0.5)} | ${bucketQuantile(s, 0.99)} | ${fmt(s.maxMs, 1)} |`),
        '',
      );
    });
  }
  if (plain) {
    lines.push(`Plain BullMQ queue after the run: ${JSON.stringify(plain.bull)}.`, '');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  const startLoad = os.loadavg();
  log(`load average ${startLoad.map((l) => l.toFixed(2)).join(' / ')} on ${os.cpus().length} cores`);
  if (SKIP_BUILD) log('BENCH_SKIP_BUILD: using the existing dist/');
  else {
    log('npm run build');
    await runCommand('npm', ['run', 'build']);
  }
  if (!existsSync(join(ROOT, 'dist/apps/worker/src/main.js'))) throw new Error('dist/apps/worker/src/main.js is missing: run npm run build (or drop BENCH_SKIP_BUILD)');
  const jobsModule = require(join(ROOT, 'dist/libs/platform/queue/src/jobs.js'));
  KEEP_COMPLETED = jobsModule.KEEP_COMPLETED ?? KEEP_COMPLETED;
  KEEP_FAILED = jobsModule.KEEP_FAILED ?? KEEP_FAILED;
  NOOP_ATTEMPTS = jobsModule.JOBS?.['system.noop']?.attempts ?? NOOP_ATTEMPTS;
  RETRY_BACKOFF_MS = jobsModule.RETRY_BACKOFF_MS ?? RETRY_BACKOFF_MS;
  if (jobsModule.JOBS?.['system.noop']?.queue && jobsModule.JOBS['system.noop'].queue !== QUEUE) throw new Error(`system.noop is on queue ${jobsModule.JOBS['system.noop'].queue}, the bench expects ${QUEUE}`);

  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectionName: 'bench-jobs-info' });
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  await redis.quit();

  let product = null;
  let plain = null;
  let pgVersion = '?';
  if (ONLY !== 'bullmq') {
    log(`recreating database ${DB_NAME}`);
    await dropDatabase();
    await adminQuery(`CREATE DATABASE ${DB_NAME}`);
    databaseCreated = true;
    pgVersion = (await adminQuery('SHOW server_version')).rows[0].server_version;
    log('migrating');
    await runCommand(process.execPath, ['dist/apps/api/src/cli.js', 'migrate'], { DATABASE_URL, REDIS_URL, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_ACCESS_SECRET: JWT_SECRET, DEMO_SEED: 'false' });
    product = await runProduct();
    log(`  product path: ${fmt(product.jobs)} jobs in ${fmt(product.seconds, 2)} s = ${fmt(product.rate)} jobs/s (inserts ${fmt(product.insertSeconds, 2)} s)`);
  }
  if (ONLY !== 'product') {
    plain = await runPlain();
    log(`  plain BullMQ: ${fmt(plain.jobs)} jobs in ${fmt(plain.seconds, 2)} s = ${fmt(plain.rate)} jobs/s (addBulk ${fmt(plain.insertSeconds, 2)} s)`);
  }

  await cleanup();

  const cpus = os.cpus();
  const markdown = report(product, plain, {
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'CPU',
    pgVersion: `PostgreSQL ${pgVersion}`,
    redisVersion,
    load: startLoad,
  });
  const out = join(RESULTS, 'latest.md');
  writeFileSync(out, markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`written to ${relative(ROOT, out)}`);
}

main().catch(async (err) => {
  log(`failed: ${err?.stack ?? err}`);
  await cleanup();
  process.exit(1);
});
