// `npm run bench:financing`: full re-match of BENCH_PROJECTS (2,000) projects × BENCH_SCHEMES (500)
// schemes, and the latency of one project's match, through the product's MatchingService against a
// real PostgreSQL. Recreates the `filiere_bench_financing` database, migrates it (the 25 seeded
// schemes included), generates tenants, projects, profiles and the other schemes with a fixed seed,
// then measures:
//   1. full re-match, cold (empty financing_matches)
//   2. full re-match, warm (nothing changed: the upsert rewrites nothing)
//   3. full re-match after every scheme moved (every stored sentence changes)
//   4. single-project re-match (load + evaluate + write), BENCH_SINGLE (300) random projects: p50/p95/p99
// Prints a Markdown table (also written to bench/results/financing.md, not versioned) and drops the database.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MatchingService } from '@filiere/financing';
import { SCHEMA } from '@filiere/migrations';
import { NotificationsService } from '@filiere/notifications';
import { loadConfig } from '@filiere/platform/config';
import { buildDataSourceOptions } from '@filiere/platform/database';
import { JobsService } from '@filiere/platform/queue';
import { todayInParis } from '@filiere/programmes';
import { listDepartements, listRegions } from '@filiere/reference-data';
import { dropDatabase, freshDatabase, seededRandom } from '../lib';

const num = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
const PROJECTS = num('BENCH_PROJECTS', 2000);
const SCHEMES = num('BENCH_SCHEMES', 500);
const SINGLE = num('BENCH_SINGLE', 300);
const PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'filiere_bench_financing';
const URL_ = `${PG}/${DB}`;

const rnd = seededRandom(20261123);
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};
const some = <T>(items: readonly T[], p: number): T[] => items.filter(() => rnd() < p);

// One real commune per metropolitan région (chef-lieu or large city).
const COMMUNES: Record<string, string[]> = {
  '11': ['75056', '92050', '93066'], '24': ['45234', '37261'], '27': ['25056', '21231', '71076'], '28': ['76540', '14118'], '32': ['59350', '80021', '62041'],
  '44': ['67482', '57463', '51454'], '52': ['44109', '49007'], '53': ['35238', '29019', '56260'], '75': ['33063', '87085', '86194'], '76': ['31555', '34172'],
  '84': ['69123', '38185', '63113'], '93': ['13055', '06088'], '94': ['2A004'],
};
const NAF = ['25.62B', '25.11Z', '28.41Z', '22.29A', '10.71A', '20.14Z', '26.11Z', '27.12Z', '29.32Z', '46.69B', '62.01Z', '71.12B', '49.41A', '33.12Z', '24.51Z'];
const BANDS = ['NN', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', null];

async function recreate(): Promise<void> {
  await freshDatabase(PG, DB, 'bench-financing-migrate');
}

async function generate(ds: DataSource): Promise<string[]> {
  const regions = Object.keys(COMMUNES);
  const tenants: { id: string; region: string }[] = [];
  for (const region of regions) {
    const [t] = await ds.query<{ id: string }[]>(`INSERT INTO tenants (name, slug, region_code) VALUES ($1, $2, $3) RETURNING id`, [`CCI ${region}`, `cci-bench-${region}`, region]);
    tenants.push({ id: t?.id ?? '', region });
  }
  const cohorts = new Map<string, string>();
  for (const t of tenants) {
    const [c] = await ds.query<{ id: string }[]>(
      `INSERT INTO cohorts (tenant_id, programme_id, name, start_date, end_date, status) VALUES ($1, '00000000-0000-4000-8000-000000000001', 'Bench', '2026-09-01', '2027-03-31', 'running') RETURNING id`,
      [t.id],
    );
    cohorts.set(t.id, c?.id ?? '');
  }
  // Projects (the re-match trigger is off while loading: the benchmark measures the matching itself).
  await ds.query('ALTER TABLE projects DISABLE TRIGGER projects_financing_changed');
  const ids: string[] = [];
  for (let i = 0; i < PROJECTS; i += 500) {
    const rows = Array.from({ length: Math.min(500, PROJECTS - i) }, (_, k) => {
      const t = pick(tenants);
      const region = rnd() < 0.85 ? t.region : pick(regions);
      return [t.id, cohorts.get(t.id), `Projet ${i + k}`, `9${String(i + k).padStart(13, '0')}`, pick(NAF), pick(COMMUNES[region] ?? ['75056']), pick(BANDS), rnd() < 0.9 ? Math.round(rnd() * 5_000_000) * 100 : null, pick(['applied', 'selected', 'active', 'completed'])];
    });
    const res = await ds.query<{ id: string }[]>(
      `INSERT INTO projects (tenant_id, cohort_id, title, kind, company_siret, company_name, company_naf_code, company_commune_code, company_size_band, investment_cents, status)
       SELECT t, c, ti, 'activity', si, 'Entreprise', n, co, b, inv, st FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[]) AS x(t, c, ti, si, n, co, b, inv, st)
       RETURNING id`,
      rows[0] ? rows[0].map((_, col) => rows.map((r) => r[col])) : [],
    );
    ids.push(...res.map((r) => r.id));
  }
  await ds.query('ALTER TABLE projects ENABLE TRIGGER projects_financing_changed');
  await ds.query(
    `INSERT INTO project_financing_profiles (tenant_id, project_id, company_created_on, company_category, stage, expense_types)
     SELECT p.tenant_id, p.id, CASE WHEN random() < 0.8 THEN DATE '1980-01-01' + (random() * 16000)::int END,
            CASE WHEN random() < 0.3 THEN (ARRAY['PME','ETI','GE'])[1 + floor(random() * 3)::int] END,
            CASE WHEN random() < 0.7 THEN (ARRAY['reflexion','realisation','valorisation'])[1 + floor(random() * 3)::int] END,
            CASE WHEN random() < 0.7 THEN ARRAY['investissement'] ELSE ARRAY[]::text[] END
     FROM projects p WHERE random() < 0.75`,
  );
  // Schemes beyond the 25 seeded: ~15 % national, ~15 % départemental, the rest regional, owned by the platform or a tenant.
  const deps = listDepartements();
  const extra = SCHEMES - 25;
  for (let i = 0; i < extra; i++) {
    const r = rnd();
    const scope = r < 0.15 ? 'national' : r < 0.3 ? 'departements' : 'regions';
    const codes = scope === 'national' ? [] : scope === 'regions' ? [pick(regions)] : some(deps, 0.02).map((d) => d.code).concat(pick(deps).code);
    const owner = scope !== 'national' && rnd() < 0.5 ? (tenants.find((t) => t.region === codes[0]) ?? pick(tenants)).id : null;
    await ds.query(
      `INSERT INTO financing_schemes (tenant_id, name, funder, kind, perimeter_scope, perimeter_codes, sizes, naf_include, naf_exclude, min_company_age_years, stages, expense_types,
         amount_min_cents, amount_max_cents, max_rate_percent, opens_on, closes_on, status, source_url, description)
       VALUES ($1, $2, 'Bench', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'open', 'https://example.org/', 'Dispositif généré')`,
      [
        owner, `Dispositif ${i}`, pick(['subvention', 'pret', 'avance_remboursable', 'credit_impot']), scope, [...new Set(codes)],
        rnd() < 0.6 ? pick([['PME'], ['TPE', 'PME'], ['PME', 'ETI'], ['ETI', 'GE']]) : [], rnd() < 0.5 ? pick([['C'], ['25', '28'], ['C', '49', '50'], ['10', '11']]) : [], rnd() < 0.1 ? ['62'] : [],
        rnd() < 0.4 ? pick([1, 2, 3]) : null, rnd() < 0.6 ? pick([['realisation'], ['reflexion', 'realisation'], ['valorisation']]) : [], rnd() < 0.6 ? pick([['investissement'], ['fonctionnement'], ['investissement', 'fonctionnement']]) : [],
        rnd() < 0.5 ? Math.round(rnd() * 500) * 100_000 : null, rnd() < 0.5 ? Math.round(1 + rnd() * 5000) * 100_000 : null, rnd() < 0.5 ? pick([20, 30, 50, 60]) : null,
        rnd() < 0.2 ? '2027-01-01' : null, rnd() < 0.6 ? pick(['2025-12-31', '2027-06-30', '2028-12-31']) : null,
      ],
    );
  }
  return ids;
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  await recreate();
  const ds = new DataSource(buildDataSourceOptions(URL_, SCHEMA, { applicationName: 'bench-financing' }));
  await ds.initialize();
  try {
    const ids = await generate(ds);
    await ds.query('ANALYZE');
    const config = loadConfig({ ...process.env, DATABASE_URL: URL_, NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    const matching = new MatchingService(ds, new NotificationsService(ds, new JobsService(ds), config));
    const today = todayInParis();
    const rows: string[][] = [];

    let t = process.hrtime.bigint();
    const cold = await matching.rematchAll(today);
    rows.push(['full re-match, cold (empty table)', `${(ms(t) / 1000).toFixed(2)} s`, `${cold.projects} projects, ${cold.evaluated} pairs evaluated, ${cold.matches} stored (nothing unmet), ${cold.eligible} eligible`]);

    t = process.hrtime.bigint();
    const warm = await matching.rematchAll(today);
    rows.push(['full re-match, nothing changed', `${(ms(t) / 1000).toFixed(2)} s`, `${warm.evaluated} pairs evaluated, ${warm.written} rows rewritten`]);

    // Every scheme gets a minimum investment of 1 € more than before: every project with a known investment gets a new sentence, some change eligibility.
    await ds.query(`UPDATE financing_schemes SET amount_min_cents = coalesce(amount_min_cents, 0) + 10000000 * (random() < 0.5)::int, updated_at = now()`);
    t = process.hrtime.bigint();
    const moved = await matching.rematchAll(today);
    rows.push(['full re-match, half the schemes raised their minimum', `${(ms(t) / 1000).toFixed(2)} s`, `${moved.evaluated} pairs evaluated, ${moved.written} rows rewritten or deleted`]);

    const lat: number[] = [];
    for (let i = 0; i < SINGLE; i++) {
      const id = pick(ids);
      const s = process.hrtime.bigint();
      await matching.rematchProjects([id], today);
      lat.push(ms(s));
    }
    lat.sort((x, y) => x - y);
    rows.push(['single-project match (read, evaluate, write)', `p50 ${quantile(lat, 0.5).toFixed(1)} ms · p95 ${quantile(lat, 0.95).toFixed(1)} ms · p99 ${quantile(lat, 0.99).toFixed(1)} ms`, `${SINGLE} random projects`]);

    const [counts] = await ds.query<{ schemes: number; projects: number }[]>('SELECT (SELECT count(*)::int FROM financing_schemes) AS schemes, (SELECT count(*)::int FROM projects) AS projects');
    const md = [
      `Financing matching benchmark — ${new Date().toISOString()} — ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), ${counts?.projects} projects × ${counts?.schemes} schemes, ${listRegions().length} régions known`,
      '',
      '| measure | result | detail |',
      '|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      `Targets: full re-match < 5 s — ${rows.slice(0, 3).every((r) => parseFloat(r[1] ?? '') < 5) ? 'met' : 'not met'}; single-project p95 < 20 ms — ${quantile(lat, 0.95) < 20 ? 'met' : 'not met'}.`,
    ].join('\n');
    process.stdout.write(`${md}\n`);
    mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
    writeFileSync(join(__dirname, '..', 'results', 'financing.md'), `${md}\n`);
  } finally {
    await ds.destroy();
    await dropDatabase(PG, DB);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
