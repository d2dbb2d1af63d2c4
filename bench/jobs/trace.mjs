// Preloaded into the product's worker with BENCH_TRACE=1 (`node --import bench/jobs/trace.mjs`),
// without touching product code: times every PostgreSQL query (by statement, from submit to
// result: round trip + execution), every wait for a pool connection, the relay's Queue.addBulk and
// the worker's whole per-job processor, and tracks the event-loop utilisation. Cumulative
// counters are written every 250 ms to BENCH_TRACE_FILE as JSON; the benchmark diffs the
// snapshots taken before and after the measured run.
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

// The worker is CommonJS: patch the very modules its require() returns.
const require = createRequire(join(process.cwd(), 'package.json'));
const pg = require('pg');

const file = process.env.BENCH_TRACE_FILE;
const stats = new Map(); // key → { n, totalMs, maxMs, buckets }
const BOUNDS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, Infinity];

function record(key, t0) {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let s = stats.get(key);
  if (!s) stats.set(key, (s = { n: 0, totalMs: 0, maxMs: 0, buckets: BOUNDS.map(() => 0) }));
  s.n++;
  s.totalMs += ms;
  if (ms > s.maxMs) s.maxMs = ms;
  s.buckets[BOUNDS.findIndex((b) => ms <= b)]++;
}

/** One key per statement shape: whitespace collapsed, numbered parameters and long ANY lists kept as they are. */
const normalize = (text) => text.replace(/\s+/g, ' ').trim().slice(0, 120);

const origQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function tracedQuery(config, values, callback) {
  const text = typeof config === 'string' ? config : config && config.text;
  if (!text) return origQuery.apply(this, arguments);
  const key = `sql: ${normalize(text)}`;
  const t0 = process.hrtime.bigint();
  if (typeof values === 'function') {
    return origQuery.call(this, config, (err, res) => {
      record(key, t0);
      values(err, res);
    });
  }
  if (typeof callback === 'function') {
    return origQuery.call(this, config, values, (err, res) => {
      record(key, t0);
      callback(err, res);
    });
  }
  const result = origQuery.apply(this, arguments);
  if (result && typeof result.then === 'function') result.then(() => record(key, t0), () => record(key, t0));
  return result;
};

const origConnect = pg.Pool.prototype.connect;
pg.Pool.prototype.connect = function tracedConnect(callback) {
  const t0 = process.hrtime.bigint();
  const key = 'pool: wait for a connection';
  if (typeof callback === 'function') {
    return origConnect.call(this, (err, client, release) => {
      record(key, t0);
      callback(err, client, release);
    });
  }
  const result = origConnect.call(this);
  result.then(() => record(key, t0), () => record(key, t0));
  return result;
};

/** Times an async method on a prototype (by key). */
function wrapAsync(proto, method, key) {
  const orig = proto && proto[method];
  if (typeof orig !== 'function') return;
  proto[method] = function traced(...args) {
    const t0 = process.hrtime.bigint();
    const result = orig.apply(this, args);
    if (result && typeof result.then === 'function') result.then(() => record(key, t0), () => record(key, t0));
    return result;
  };
}

// The relay's addBulk, and the worker's whole per-job processor (claim + handler + finish).
try {
  wrapAsync(require('bullmq').Queue.prototype, 'addBulk', 'bullmq: Queue.addBulk (relay batch)');
} catch {
  // bullmq not resolvable from here
}
try {
  const host = require(join(process.cwd(), 'dist/libs/platform/queue/src/job-worker-host.js'));
  wrapAsync(host.JobWorkerHost && host.JobWorkerHost.prototype, 'process', 'worker: JobWorkerHost.process (claim + handler + finish)');
} catch {
  // not the worker, or not built
}

let lastElu = performance.eventLoopUtilization();
const elu = { idle: 0, active: 0 };
function snapshot() {
  const now = performance.eventLoopUtilization();
  const d = performance.eventLoopUtilization(now, lastElu);
  lastElu = now;
  elu.idle += d.idle;
  elu.active += d.active;
  const out = { pid: process.pid, at: Date.now(), elu, bounds: BOUNDS.map(String), stats: Object.fromEntries(stats) };
  try {
    writeFileSync(`${file}.tmp`, JSON.stringify(out));
    renameSync(`${file}.tmp`, file);
  } catch {
    // the results folder vanished: nothing to report to
  }
}

if (file) setInterval(snapshot, 250).unref();
