// The baseline for `npm run bench`: the same SQL as the API, behind node:http + a pg Pool,
// with no framework, no authentication, no validation, no logging. Started by bench/run.mjs.
//
//   GET /api/cohorts/:id/dashboard   DASHBOARD_SQL (read from the compiled API), one round trip
//   GET /api/cohorts/:id/projects    PROJECTS_PAGE_SQL (first page, LIMIT 51, with the members and the
//                                    cohort check), read from the compiled API (dist/libs/projects/src/projects.sql.js)
//   GET /health                      200 once the pool answers
//
// Env: DATABASE_URL, PORT (default 3301), BENCH_TENANT_ID (no auth: the tenant is fixed),
//      POOL_SIZE (default 10, the API's TypeORM pool size).
import http from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pg = require('pg');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const port = Number(process.env.PORT ?? 3301);
const tenantId = process.env.BENCH_TENANT_ID;
if (!tenantId) throw new Error('BENCH_TENANT_ID is required');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), application_name: 'filiere-bench-raw' });

/** The exact SQL the API runs: from the compiled module, else from the TypeScript source. */
function loadDashboardSql() {
  try {
    const sql = require(join(root, 'dist/libs/projects/src/dashboard.service.js')).DASHBOARD_SQL;
    if (typeof sql === 'string' && sql.includes('FROM projects p')) return { sql, from: 'dist/libs/projects/src/dashboard.service.js' };
  } catch {
    // fall through to the source text
  }
  const src = readFileSync(join(root, 'libs/projects/src/dashboard.service.ts'), 'utf8');
  const m = /export const DASHBOARD_SQL = `([^`]*)`/.exec(src);
  if (!m) throw new Error('DASHBOARD_SQL not found in dist/ nor in libs/projects/src/dashboard.service.ts');
  return { sql: m[1], from: 'libs/projects/src/dashboard.service.ts' };
}
const { sql: DASHBOARD_SQL, from: dashboardSqlFrom } = loadDashboardSql();

/** The project list's SQL, the API's own (compiled module, no imports of its own). */
function loadProjectsSql() {
  const from = 'dist/libs/projects/src/projects.sql.js';
  try {
    const sql = require(join(root, from)).PROJECTS_PAGE_SQL;
    if (typeof sql === 'string') return sql;
  } catch {
    // reported below
  }
  throw new Error(`PROJECTS_PAGE_SQL not found in ${from}: run npm run build`);
}
const PROJECTS_SQL = loadProjectsSql();

const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function dashboard(cohortId) {
  const today = parisDate.format(new Date());
  // Named prepared statements, as the API runs them: the comparison is the framework, not planning.
  const { rows } = await pool.query({ name: 'dashboard', text: DASHBOARD_SQL, values: [tenantId, cohortId, today, null] });
  return { cohortId, today, projects: rows };
}

async function projects(cohortId) {
  const { rows } = await pool.query({ name: 'projects', text: PROJECTS_SQL, values: [tenantId, cohortId, 51] });
  const found = rows.filter((p) => p.id !== null);
  const items = found.slice(0, 50);
  const last = items[items.length - 1];
  const nextCursor = found.length > 50 && last ? Buffer.from(JSON.stringify({ t: last.created_at.toISOString(), i: last.id })).toString('base64url') : null;
  return { items, nextCursor };
}

const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  const m = /^\/api\/cohorts\/([^/]+)\/(dashboard|projects)$/.exec(path);
  if (req.method === 'GET' && m) {
    if (!UUID.test(m[1])) return send(res, 400, { message: 'cohort id must be a UUID' });
    (m[2] === 'dashboard' ? dashboard(m[1]) : projects(m[1])).then(
      (body) => send(res, 200, body),
      (err) => send(res, 500, { message: err.message }),
    );
    return;
  }
  if (req.method === 'GET' && path === '/health') {
    pool.query('SELECT 1').then(
      () => send(res, 200, { status: 'ok', dashboardSqlFrom }),
      (err) => send(res, 503, { status: 'down', message: err.message }),
    );
    return;
  }
  send(res, 404, { message: 'not found' });
});
server.keepAliveTimeout = 65_000;

server.listen(port, '127.0.0.1', () => process.stdout.write(`raw server listening on http://127.0.0.1:${port} (DASHBOARD_SQL from ${dashboardSqlFrom})\n`));

function stop() {
  server.close();
  server.closeAllConnections?.();
  pool.end().finally(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
