// `npm run bench`: the cohort endpoints of the API under load, side by side with a minimal
// node:http + pg server running the same SQL (bench/raw-server.mjs). Plain Node ESM, no build.
//
// Builds the app, recreates the `filiere_bench` database, migrates it, creates one cohort of
// 20 projects × 20 milestones, starts the API (:3300) and the raw server (:3301), runs
// autocannon against both, stops everything, drops the database, and prints (and writes to
// bench/results/latest.md) a Markdown table and the two verdicts. See bench/README.md.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);
const pg = require('pg');
const argon2 = require('@node-rs/argon2');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');

const env = process.env;
const num = (name, fallback) => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
};

const DURATION = num('BENCH_DURATION', 20);
const CONNECTIONS = Math.round(num('BENCH_CONNECTIONS', 50));
const WARMUP = num('BENCH_WARMUP', 2);
// Rounds: API and raw server timed one after the other, the whole sequence repeated; verdicts on
// the medians (the machine's speed drifts by ±15 % over minutes, the same way for both servers).
const ROUNDS = Math.round(num('BENCH_ROUNDS', 3));
// The API runs with the V8 flags it runs with in production (apps/api/node-flags.json);
// BENCH_API_NODE_FLAGS replaces them ("none": without any).
const API_NODE_FLAGS = env.BENCH_API_NODE_FLAGS === undefined
  ? JSON.parse(readFileSync(join(ROOT, 'apps/api/node-flags.json'), 'utf8'))
  : env.BENCH_API_NODE_FLAGS.trim() === 'none' ? [] : env.BENCH_API_NODE_FLAGS.trim().split(/\s+/);
const API_PORT = Math.round(num('BENCH_API_PORT', 3300));
const RAW_PORT = Math.round(num('BENCH_RAW_PORT', 3301));
const QUIET_WAIT = env.BENCH_QUIET_WAIT === '0' ? 0 : num('BENCH_QUIET_WAIT', 120);
const QUIET_CPU = 0.25; // cores busy (out of all) under which the machine counts as quiet
const flag = (name) => ['1', 'true', 'yes'].includes((env[name] ?? '').toLowerCase());
const PROFILE = flag('BENCH_PROFILE');
const SKIP_BUILD = flag('BENCH_SKIP_BUILD');
const KEEP_DB = flag('BENCH_KEEP_DB');
const PG_HOST = env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DB_NAME = 'filiere_bench';
const DATABASE_URL = `${PG_HOST}/${DB_NAME}`;
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const PROJECTS = 20;
const MILESTONES = 20;
const POOL_SIZE = 10; // the API's TypeORM pool (libs/platform/database/src/data-source-options.ts)
const PASSWORD = 'bench-password-not-secret';
const JWT_SECRET = 'bench-only-secret-0123456789abcdefghijklmnop';

const TARGET_P99_MS = 50;
const TARGET_RATIO = 0.5;
const OTHER_CPU_WARNING = 0.2; // cores used by processes outside the benchmark before the run is flagged

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Processes and clean-up

const children = new Set();
let databaseCreated = false;
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

/** A long-running child whose stdout and stderr go to a log file (no overhead in this process). */
function startServer(name, args, extraEnv, logFile) {
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  child.benchName = name;
  return child;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([child.exited ?? new Promise((r) => child.on('exit', r)), sleep(10_000).then(() => 'timeout')]);
  if (done === 'timeout') {
    log(`${child.benchName ?? 'child'} (pid ${child.pid}) did not stop in 10 s: SIGKILL`);
    child.kill('SIGKILL');
    await (child.exited ?? sleep(1000));
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

async function dropDatabase() {
  await adminQuery(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
}

function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c).catch(() => undefined)));
    if (databaseCreated && KEEP_DB) log(`BENCH_KEEP_DB: database ${DB_NAME} kept`);
    else if (databaseCreated) {
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

// ---------------------------------------------------------------------------------------------
// HTTP helpers

async function http(method, url, { token, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

async function expectOk(method, url, opts, what) {
  const res = await http(method, url, opts);
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: ${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function portInUse(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch (err) {
    return err?.cause?.code !== 'ECONNREFUSED';
  }
}

async function waitFor(url, child, logFile, timeoutMs = 60_000) {
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
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last}); log ${relative(ROOT, logFile)}:\n${tail(logFile)}`);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// Data

const isoDate = (d) => d.toISOString().slice(0, 10);
const addDays = (date, days) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
};
const todayInParis = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

function luhn(value) {
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let n = Number(value[value.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** A Luhn-valid SIRET: 8 digits + SIREN key, then NIC 0001 + SIRET key (never La Poste's SIREN). */
function siret(i) {
  const withKey = (digits) => {
    for (let d = 0; d <= 9; d++) if (luhn(`${digits}${d}`)) return `${digits}${d}`;
    throw new Error(`no Luhn key for ${digits}`);
  };
  return withKey(withKey(`8${String(4_200_000 + i * 37).padStart(7, '0')}`) + '0001');
}

const NAF = ['25.62B', '28.11Z', '26.51B', '24.51Z', '22.29A'];
const COMMUNES = ['25056', '21231', '71270', '39300', '90010'];
const PHASES = ['Cadrage', 'Diagnostic', 'Sourcing', 'Industrialisation', 'Financement'];

async function createData(db, apiBase) {
  const passwordHash = await argon2.hash(PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const q = (sql, params) => db.query(sql, params).then((r) => r.rows);
  const [tenant] = await q(`INSERT INTO tenants (name, slug, region_code) VALUES ('CCI Bench', 'cci-bench', '27') RETURNING id`);
  const addUser = async (email, name, role) => {
    const [user] = await q(`INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES ($1, $2, $3, false) RETURNING id`, [email, name, passwordHash]);
    await q(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [tenant.id, user.id, role]);
    return user.id;
  };
  const advisorEmail = 'conseiller@bench.filiere.fr';
  await addUser(advisorEmail, 'Conseiller Bench', 'advisor');
  const coaches = [await addUser('coach.a@bench.filiere.fr', 'Coach A', 'coach'), await addUser('coach.b@bench.filiere.fr', 'Coach B', 'coach')];

  const session = await expectOk('POST', `${apiBase}/auth/login`, { body: { email: advisorEmail, password: PASSWORD } }, 'login');
  const token = session.accessToken;

  const milestoneTemplates = Array.from({ length: MILESTONES }, (_, i) => ({
    key: `jalon-${String(i + 1).padStart(2, '0')}`,
    title: `Jalon ${i + 1} — ${PHASES[Math.floor(i / 4)]}`,
    phase: PHASES[Math.floor(i / 4)],
    offsetDays: i * 7,
    durationDays: 7 + (i % 3) * 3,
  }));
  const programme = await expectOk('POST', `${apiBase}/programmes`, { token, body: { name: 'Programme bench (20 jalons)', milestoneTemplates } }, 'create programme');

  const startDate = addDays(todayInParis(), -60);
  const cohort = await expectOk('POST', `${apiBase}/cohorts`, { token, body: { programmeId: programme.id, name: 'Cohorte bench', startDate, endDate: addDays(startDate, 200) } }, 'create cohort');

  for (let i = 0; i < PROJECTS; i++) {
    const naf = NAF[i % NAF.length];
    await expectOk(
      'POST',
      `${apiBase}/cohorts/${cohort.id}/projects`,
      {
        token,
        body: {
          title: `Projet ${String(i + 1).padStart(2, '0')} — relocalisation de pièces ${naf}`,
          summary: 'Production aujourd’hui sous-traitée hors d’Europe, à relocaliser en Bourgogne-Franche-Comté.',
          kind: ['company', 'activity', 'value_chain'][i % 3],
          company: { siret: siret(i), name: `Industrie Bench ${i + 1}`, nafCode: naf, communeCode: COMMUNES[i % COMMUNES.length], sizeBand: '12' },
          products: [{ label: `Pièces ${i + 1}`, nafCode: naf }],
          investmentCents: 10_000_000 * (i + 1),
          jobsPlanned: 3 + (i % 10),
        },
      },
      `create project ${i + 1}`,
    );
  }

  // Variety: project status, milestone status (some done, one in progress, a few blocked),
  // due dates shifted by -2..+2 days, two coaches and one holder per project.
  await q(`UPDATE cohorts SET status = 'running' WHERE id = $1`, [cohort.id]);
  await q(
    `WITH p AS (SELECT id, (row_number() OVER (ORDER BY title, id) - 1)::int AS n FROM projects WHERE cohort_id = $1)
     UPDATE projects SET status = CASE p.n % 5 WHEN 0 THEN 'applied' WHEN 1 THEN 'selected' ELSE 'active' END FROM p WHERE projects.id = p.id`,
    [cohort.id],
  );
  await q(
    `WITH p AS (SELECT id, (row_number() OVER (ORDER BY title, id) - 1)::int AS n FROM projects WHERE cohort_id = $1)
     UPDATE milestones m SET
       status = CASE WHEN m.position < p.n % 9 THEN 'done'
                     WHEN m.position = p.n % 9 THEN 'in_progress'
                     WHEN (m.position + p.n) % 7 = 0 THEN 'blocked'
                     ELSE 'todo' END,
       completed_at = CASE WHEN m.position < p.n % 9 THEN now() ELSE NULL END,
       due_date = m.due_date + ((p.n + m.position) % 5 - 2)
     FROM p WHERE m.project_id = p.id`,
    [cohort.id],
  );
  const projects = await q(`SELECT id, (row_number() OVER (ORDER BY title, id) - 1)::int AS n FROM projects WHERE cohort_id = $1`, [cohort.id]);
  for (const p of projects) {
    await q(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'coach')`, [tenant.id, p.id, coaches[p.n % 2]]);
    const [holder] = await q(`INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES ($1, $2, $3, false) RETURNING id`, [`porteur${p.n + 1}@bench.filiere.fr`, `Porteur ${p.n + 1}`, passwordHash]);
    await q(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'holder')`, [tenant.id, holder.id]);
    await q(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [tenant.id, p.id, holder.id]);
  }
  await q('ANALYZE');
  const [counts] = await q(
    `SELECT count(DISTINCT p.id)::int AS projects, count(m.id)::int AS milestones,
            count(*) FILTER (WHERE m.status <> 'done' AND m.due_date < $2::date)::int AS late
     FROM projects p JOIN milestones m ON m.project_id = p.id WHERE p.cohort_id = $1`,
    [cohort.id, todayInParis()],
  );
  return { tenantId: tenant.id, cohortId: cohort.id, token, counts };
}

// ---------------------------------------------------------------------------------------------
// Load

async function cannon(url, headers, duration) {
  const errorMessages = new Map();
  const instance = autocannon({ url, connections: CONNECTIONS, duration, headers, timeout: 10 });
  instance.on('reqError', (err) => {
    const key = err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? err);
    errorMessages.set(key, (errorMessages.get(key) ?? 0) + 1);
  });
  const result = await instance;
  return { result, errorMessages };
}

/** What non-2xx answers look like: a few sequential probes plus the API log's warn/error lines. */
async function explainFailures(url, headers, logFile, logOffset) {
  const lines = [];
  for (let i = 0; i < 3; i++) {
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
      lines.push(`probe after the run: ${res.status} ${(await res.text()).slice(0, 300)}`);
    } catch (err) {
      lines.push(`probe after the run: ${err.cause?.code ?? err.message}`);
    }
  }
  if (logFile) {
    const text = readFileSync(logFile, 'utf8').slice(logOffset);
    const byKind = new Map();
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      let key;
      try {
        const e = JSON.parse(raw);
        if (e.level < 40) continue;
        key = `log level ${e.level}: ${e.msg ?? ''}${e.res?.statusCode ? ` (status ${e.res.statusCode})` : ''}${e.err?.message ? ` — ${e.err.message}` : ''}`;
      } catch {
        key = `log: ${raw.slice(0, 200)}`;
      }
      byKind.set(key, (byKind.get(key) ?? 0) + 1);
    }
    for (const [k, n] of [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`${n}× ${k}`);
  }
  return lines;
}

/** CPU seconds used so far by a process (Linux /proc; null elsewhere). */
function processCpu(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

/** Server CPU time per request of a run (cores × 1000 ÷ req/s), e.g. "0.78 ms". */
function cpuPerRequest(cpu, result) {
  return cpu.server === null ? 'n/a' : `${((cpu.server * 1000) / result.requests.average).toFixed(2)} ms`;
}

/** Peak resident memory of a process (VmHWM), in MB; null when /proc has no answer. */
function peakRssMb(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** Process ids of the PostgreSQL backends serving the bench database (the two pools). */
async function benchBackends() {
  try {
    const { rows } = await adminQuery(`SELECT pid FROM pg_stat_activity WHERE datname = '${DB_NAME}'`);
    return rows.map((r) => r.pid);
  } catch {
    return [];
  }
}

/** CPU seconds used so far by each of these processes (Linux /proc; empty elsewhere). */
function cpuByPid(pids) {
  const out = new Map();
  for (const pid of pids) {
    const cpu = processCpu(pid);
    if (cpu !== null) out.set(pid, cpu);
  }
  return out;
}

/** CPU seconds the bench database's backends used between two snapshots (new backends count in full). */
function postgresDelta(before, after) {
  if (!after.size) return null;
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

/** Busy and total CPU ticks of the whole machine (Linux /proc; null elsewhere). */
function machineCpu() {
  try {
    const [, ...t] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = t[3] + (t[4] ?? 0);
    const total = t.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
    return { busy: total - idle, irq: (t[5] ?? 0) + (t[6] ?? 0), total };
  } catch {
    return null;
  }
}

/**
 * The runs compete for the 2 cores with anything else: wait (up to BENCH_QUIET_WAIT seconds)
 * until the machine is nearly idle, so that a concurrent build or test run does not skew them.
 */
async function waitForQuiet() {
  const deadline = Date.now() + QUIET_WAIT * 1000;
  let busy = null;
  do {
    const a = machineCpu();
    await sleep(1000);
    const b = machineCpu();
    if (!a || !b) return;
    busy = ((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length;
    if (busy <= QUIET_CPU) return;
    log(`machine busy (${busy.toFixed(2)} cores in use by other processes): waiting for it to calm down`);
    await sleep(4000);
  } while (Date.now() < deadline);
  log(`still busy after ${QUIET_WAIT} s (${busy?.toFixed(2)} cores): running anyway, figures will be flagged`);
}

function logSize(file) {
  try {
    return readFileSync(file, 'utf8').length;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');

const fmtCores = (n) => (n === null || !Number.isFinite(n) ? 'n/a' : n.toFixed(2));

function errorCell(r) {
  const codes = Object.entries(r.result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, s]) => `${code}×${s.count}`)
    .join(', ');
  const errors = r.result.errors ? `${r.result.errors}${r.result.timeouts ? ` (${r.result.timeouts} timeouts)` : ''}` : '0';
  return `${errors} / ${r.result.non2xx}${codes ? ` (${codes})` : ''}`;
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : NaN;
};

function report(runs, meta) {
  const rows = runs.map(
    (r) => `| ${r.round} | ${r.endpoint} | ${r.server} | ${fmt(r.result.requests.average)} | ${fmt(r.result.latency.p50)} | ${fmt(r.result.latency.p99)} | ${errorCell(r)} |`,
  );
  const of = (endpoint, server) => runs.filter((r) => r.endpoint === endpoint && r.server === server);
  const clean = (rs) => rs.every((r) => r.result.errors === 0 && r.result.non2xx === 0);
  const apiDash = of(ENDPOINTS.dashboard, SERVERS.api);
  const p99 = median(apiDash.map((r) => r.result.latency.p99));
  const v1 = p99 < TARGET_P99_MS && clean(apiDash);
  // With BENCH_ENDPOINT, only the endpoint timed counts. The ratio of each round (API and raw
  // server timed back to back), then their median.
  const ratios = Object.values(ENDPOINTS).filter((e) => of(e, SERVERS.api).length && of(e, SERVERS.raw).length).map((e) => {
    const api = of(e, SERVERS.api);
    const raw = of(e, SERVERS.raw);
    const perRound = api.map((a) => a.result.requests.average / (raw.find((r) => r.round === a.round)?.result.requests.average ?? NaN));
    return { e, api, raw, perRound, ratio: median(perRound), apiRps: median(api.map((r) => r.result.requests.average)), rawRps: median(raw.map((r) => r.result.requests.average)) };
  });
  const v2 = ratios.every((x) => x.ratio >= TARGET_RATIO && clean(x.api));
  const verdict = (ok) => (ok ? '**PASS**' : '**FAIL**');
  const failures = runs.filter((r) => r.failures?.length);
  const summary = Object.values(ENDPOINTS).flatMap((e) =>
    [SERVERS.api, SERVERS.raw].filter((sv) => of(e, sv).length).map((sv) => {
      const rs = of(e, sv);
      return `| ${e} | ${sv} | ${fmt(median(rs.map((r) => r.result.requests.average)))} | ${fmt(median(rs.map((r) => r.result.latency.p50)))} | ${fmt(median(rs.map((r) => r.result.latency.p99)))} |`;
    }),
  );

  return [
    `## Cohort endpoints under load — ${meta.date}`,
    '',
    `Cohort of ${meta.counts.projects} projects × ${MILESTONES} milestones (${meta.counts.milestones} milestones, ${meta.counts.late} late on ${meta.today}), ` +
      `${CONNECTIONS} connections × ${DURATION} s per run after a ${WARMUP} s warm-up, runs one after the other, ${ROUNDS} round${ROUNDS > 1 ? 's' : ''}. ` +
      `${meta.cpus} × ${meta.cpuModel}, Node ${process.version}, ${meta.pgVersion}; autocannon, API, raw server and PostgreSQL share the machine. ` +
      `API started with ${API_NODE_FLAGS.length ? API_NODE_FLAGS.map((f) => `\`${f}\``).join(' ') : 'no V8 flags'}; peak RSS API ${meta.peakRss.api ?? 'n/a'} MB, raw server ${meta.peakRss.raw ?? 'n/a'} MB.`,
    '',
    `Medians over the rounds:`,
    '',
    '| endpoint | server | req/s | p50 (ms) | p99 (ms) |',
    '|---|---|---:|---:|---:|',
    ...summary,
    '',
    `- Dashboard p99 < ${TARGET_P99_MS} ms: ${verdict(v1)} — API p99 ${fmt(p99)} ms (median)${clean(apiDash) ? '' : ' (with errors, see below)'}.`,
    `- API ≥ ${TARGET_RATIO * 100} % of the raw server's req/s: ${verdict(v2)} — ${ratios
      .map((x) => `${x.e.split('/').pop()} ${fmt(x.ratio * 100)} % (median of ${x.perRound.map((r) => `${fmt(r * 100)} %`).join(', ')}; ${fmt(x.apiRps)} / ${fmt(x.rawRps)} req/s)`)
      .join(', ')}.`,
    '',
    'Every run:',
    '',
    '| round | endpoint | server | req/s | p50 (ms) | p99 (ms) | errors / non-2xx |',
    '|---:|---|---|---:|---:|---:|---|',
    ...rows,
    '',
    'The raw server (bench/raw-server.mjs: node:http + pg Pool of 10, the API\'s pool size) runs the same SQL, as named prepared statements like the API, ' +
      '(DASHBOARD_SQL and PROJECTS_PAGE_SQL read from the compiled API: one statement per request each, the cohort check and the members included) ' +
      'with no framework and on purpose no authentication: no JWT check, no validation, no helmet/CORS/request id/logging/metrics, ' +
      'and no mapping to the API view (the projects rows go out as PostgreSQL returns them).',
    '',
    `CPU used during each run, in cores out of ${meta.cpus} (server process / PostgreSQL backends of the bench database / autocannon / kernel interrupts, mostly loopback networking / anything else → whole machine):`,
    '',
    ...runs.map(
      (r) =>
        `- round ${r.round}, ${r.endpoint.split('/').pop()}, ${r.server}: ${fmtCores(r.cpu.server)} / ${fmtCores(r.cpu.postgres)} / ${fmtCores(r.cpu.autocannon)} / ${fmtCores(r.cpu.irq)} / ${fmtCores(r.cpu.other)} → ${fmtCores(r.cpu.machine)}; server CPU per request ${cpuPerRequest(r.cpu, r.result)}` +
        (r.cpu.other !== null && r.cpu.other > OTHER_CPU_WARNING ? ' — **other processes took CPU during this run: figures disturbed**' : ''),
    ),
    ...(failures.length
      ? ['', '### Errors and non-2xx answers', '', ...failures.flatMap((r) => [`- round ${r.round}, ${r.endpoint} — ${r.server}:`, ...r.failures.map((l) => `  - ${l}`)])]
      : []),
    '',
  ].join('\n');
}

const ENDPOINTS = { dashboard: 'GET /api/cohorts/:id/dashboard', projects: 'GET /api/cohorts/:id/projects' };
const SERVERS = { api: 'API (NestJS)', raw: 'raw (node:http + pg)' };

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  for (const port of [API_PORT, RAW_PORT]) {
    if (await portInUse(port)) throw new Error(`port ${port} is already in use: stop what listens there (or set BENCH_API_PORT / BENCH_RAW_PORT)`);
  }

  if (SKIP_BUILD) log('BENCH_SKIP_BUILD: using the existing dist/');
  else {
    log('npm run build');
    await runCommand('npm', ['run', 'build']);
  }

  log(`recreating database ${DB_NAME}`);
  await dropDatabase();
  await adminQuery(`CREATE DATABASE ${DB_NAME}`);
  databaseCreated = true;
  const serverEnv = { DATABASE_URL, REDIS_URL, NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_ACCESS_SECRET: JWT_SECRET, DEMO_SEED: 'false' };
  log('migrating');
  await runCommand(process.execPath, ['dist/apps/api/src/cli.js', 'migrate'], serverEnv);

  const apiLog = join(RESULTS, 'api.log');
  const rawLog = join(RESULTS, 'raw-server.log');
  log(`starting the API on :${API_PORT} (log ${relative(ROOT, apiLog)})`);
  const api = startServer(
    'API',
    [...API_NODE_FLAGS, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`] : []), 'dist/apps/api/src/main.js'],
    { ...serverEnv, PORT: String(API_PORT), JWT_ACCESS_TTL_SECONDS: '86400', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', PUBLIC_URL: `http://127.0.0.1:${API_PORT}` },
    apiLog,
  );
  const apiBase = `http://127.0.0.1:${API_PORT}/api`;
  await waitFor(`${apiBase}/health`, api, apiLog);

  log(`creating ${PROJECTS} projects × ${MILESTONES} milestones`);
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  let data;
  let pgVersion;
  try {
    data = await createData(db, apiBase);
    pgVersion = (await db.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await db.end();
  }

  log(`starting the raw server on :${RAW_PORT} (log ${relative(ROOT, rawLog)})`);
  const raw = startServer('raw server', ['bench/raw-server.mjs'], { DATABASE_URL, PORT: String(RAW_PORT), BENCH_TENANT_ID: data.tenantId, POOL_SIZE: String(POOL_SIZE) }, rawLog);
  const rawBase = `http://127.0.0.1:${RAW_PORT}/api`;
  await waitFor(`http://127.0.0.1:${RAW_PORT}/health`, raw, rawLog);

  const auth = { authorization: `Bearer ${data.token}` };
  const targets = [
    { endpoint: ENDPOINTS.dashboard, server: SERVERS.api, url: `${apiBase}/cohorts/${data.cohortId}/dashboard`, headers: auth, logFile: apiLog, child: api },
    { endpoint: ENDPOINTS.dashboard, server: SERVERS.raw, url: `${rawBase}/cohorts/${data.cohortId}/dashboard`, headers: {}, logFile: rawLog, child: raw },
    { endpoint: ENDPOINTS.projects, server: SERVERS.api, url: `${apiBase}/cohorts/${data.cohortId}/projects`, headers: auth, logFile: apiLog, child: api },
    { endpoint: ENDPOINTS.projects, server: SERVERS.raw, url: `${rawBase}/cohorts/${data.cohortId}/projects`, headers: {}, logFile: rawLog, child: raw },
  ];

  // Both servers must answer the same thing before we time them.
  const apiDash = await expectOk('GET', targets[0].url, { token: data.token }, 'API dashboard');
  const rawDash = await expectOk('GET', targets[1].url, {}, 'raw dashboard');
  const apiProjects = await expectOk('GET', targets[2].url, { token: data.token }, 'API projects');
  const rawProjects = await expectOk('GET', targets[3].url, {}, 'raw projects');
  const lateApi = apiDash.projects.reduce((s, p) => s + p.lateCount, 0);
  const lateRaw = rawDash.projects.reduce((s, p) => s + p.late, 0);
  if (apiDash.projects.length !== PROJECTS || rawDash.projects.length !== PROJECTS || lateApi !== lateRaw) {
    throw new Error(`API and raw dashboards disagree: ${apiDash.projects.length}/${rawDash.projects.length} projects, ${lateApi}/${lateRaw} late milestones`);
  }
  if (apiProjects.items.length !== PROJECTS || rawProjects.items.length !== PROJECTS) {
    throw new Error(`API and raw project lists disagree: ${apiProjects.items.length}/${rawProjects.items.length} items`);
  }
  log(`checked: both dashboards list ${PROJECTS} projects with ${lateApi} late milestones; both lists ${PROJECTS} projects`);

  const runs = [];
  const only = (env.BENCH_ENDPOINT ?? '').trim(); // 'dashboard' or 'projects': that endpoint only
  const sequence = [];
  for (let round = 1; round <= ROUNDS; round++) for (const t of targets.filter((x) => !only || x.endpoint.endsWith(`/${only}`))) sequence.push({ ...t, round });
  for (const t of sequence) {
    await waitForQuiet();
    log(`round ${t.round}/${ROUNDS}, ${t.endpoint} — ${t.server}: warm-up ${WARMUP} s`);
    await cannon(t.url, t.headers, WARMUP);
    const offset = logSize(t.logFile);
    log(`${t.endpoint} — ${t.server}: ${CONNECTIONS} connections × ${DURATION} s`);
    const pgBefore = cpuByPid(await benchBackends());
    const cpu0 = { server: processCpu(t.child.pid), self: process.cpuUsage(), machine: machineCpu(), at: process.hrtime.bigint() };
    const { result, errorMessages } = await cannon(t.url, t.headers, DURATION);
    const seconds = Number(process.hrtime.bigint() - cpu0.at) / 1e9;
    const server1 = processCpu(t.child.pid);
    const pgAfter = cpuByPid([...new Set([...pgBefore.keys(), ...(await benchBackends())])]);
    const self = process.cpuUsage(cpu0.self);
    const machine1 = machineCpu();
    const cpu = {
      server: server1 !== null && cpu0.server !== null ? (server1 - cpu0.server) / seconds : null,
      autocannon: (self.user + self.system) / 1e6 / seconds,
      postgres: postgresDelta(pgBefore, pgAfter) === null ? null : postgresDelta(pgBefore, pgAfter) / seconds,
      machine: machine1 && cpu0.machine ? ((machine1.busy - cpu0.machine.busy) / (machine1.total - cpu0.machine.total)) * os.cpus().length : null,
      irq: machine1 && cpu0.machine ? ((machine1.irq - cpu0.machine.irq) / (machine1.total - cpu0.machine.total)) * os.cpus().length : null,
    };
    cpu.other = [cpu.server, cpu.postgres, cpu.machine, cpu.irq].every((n) => n !== null) ? Math.max(0, cpu.machine - cpu.server - cpu.postgres - cpu.autocannon - cpu.irq) : null;
    const run = { ...t, result, cpu };
    log(`  ${fmt(result.requests.average)} req/s, p50 ${fmt(result.latency.p50)} ms, p99 ${fmt(result.latency.p99)} ms, errors ${result.errors}, non-2xx ${result.non2xx}; CPU server ${fmtCores(cpu.server)} (${cpuPerRequest(cpu, result)} per request), postgres ${fmtCores(cpu.postgres)}, other ${fmtCores(cpu.other)}`);
    if (result.errors || result.non2xx) {
      run.failures = [...[...errorMessages].map(([m, n]) => `${n}× client error ${m}`), ...(await explainFailures(t.url, t.headers, t.logFile, offset))];
    }
    runs.push(run);
  }
  const peakRss = { api: peakRssMb(api.pid), raw: peakRssMb(raw.pid) };

  await cleanup();

  const cpus = os.cpus();
  const markdown = report(runs, {
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    today: todayInParis(),
    counts: data.counts,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'CPU',
    pgVersion: `PostgreSQL ${pgVersion}`,
    peakRss,
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
