// `npm run bench:reporting`: the observatory (per tenant and year) and the network roll-up on
// 100 tenants × 5 years × 100 projects = 50,000 projects with observatory records, generated in
// SQL (generate_series) in a scratch database `filiere_bench_reporting` (created, migrated and
// filled when missing or incomplete). Measures the service methods (the routes' SQL and
// suppression, without HTTP), p50 / p95 over BENCH_RUNS calls; then the reference SQL (the
// roll-up computed from the projects, as before the per-cohort roll-ups) and a check that both agree.
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AccessService } from '@filiere/access';
import { normalizeTopicKey } from '@filiere/coaching';
import { AuditService } from '@filiere/platform/audit';
import type { TenantActor } from '@filiere/platform/auth';
import { buildDataSourceOptions, ensureDatabase, runMigrations } from '@filiere/platform/database';
import { NETWORK_REFERENCE_SQL, NETWORK_SQL, ObservatoryService, OBSERVATORY_TAG_DEFAULTS, ReportsService, TAG_CATEGORIES } from '@filiere/reporting';
import { SCHEMA } from '@filiere/migrations';

const TENANTS = 100;
const YEARS = [2022, 2023, 2024, 2025, 2026];
const PER_COHORT = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const URL_ = `${process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'}/filiere_bench_reporting`;
const REGIONS = ['11', '24', '27', '28', '32', '44', '52', '53', '75', '76', '84', '93', '94'];
const out = (s: string) => process.stdout.write(`${s}\n`);

async function generate(ds: DataSource): Promise<void> {
  const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug LIKE 'bench-obs-%'`);
  if (n === TENANTS * YEARS.length * PER_COHORT) return;
  const t0 = performance.now();
  await ds.query(`DELETE FROM tenants WHERE slug LIKE 'bench-obs-%'`);
  await ds.query(
    `INSERT INTO tenants (name, slug, region_code) SELECT 'CCI bench ' || i, 'bench-obs-' || i, ($1::text[])[1 + i % array_length($1::text[], 1)] FROM generate_series(1, $2::int) i`,
    [REGIONS, TENANTS],
  );
  const tags = TAG_CATEGORIES.flatMap((category) => OBSERVATORY_TAG_DEFAULTS[category].map((label) => ({ category, key: normalizeTopicKey(label), label })));
  await ds.query(
    `INSERT INTO observatory_tags (tenant_id, category, key, label)
     SELECT t.id, x.category, x.key, x.label FROM tenants t CROSS JOIN jsonb_to_recordset($1::jsonb) AS x(category text, key text, label text) WHERE t.slug LIKE 'bench-obs-%'`,
    [JSON.stringify(tags)],
  );
  await ds.query(
    `INSERT INTO cohorts (tenant_id, programme_id, name, start_date, end_date, status, closed_at)
     SELECT t.id, '00000000-0000-4000-8000-000000000001', 'Cohorte ' || y, make_date(y, 1, 15), make_date(y, 7, 15),
            CASE WHEN y < 2026 THEN 'closed' ELSE 'running' END, CASE WHEN y < 2026 THEN make_date(y, 7, 20)::timestamptz END
     FROM tenants t CROSS JOIN unnest($1::int[]) y WHERE t.slug LIKE 'bench-obs-%'`,
    [YEARS],
  );
  await ds.query(
    `INSERT INTO projects (tenant_id, cohort_id, title, kind, company_siret, company_name, company_naf_code, company_commune_code, investment_cents, jobs_planned, status)
     SELECT c.tenant_id, c.id, 'Projet ' || i, (ARRAY['company', 'activity', 'value_chain'])[1 + (i * 7) % 3], lpad((i + 100000)::text, 14, '9'), 'Entreprise ' || i,
            '25.62B', '25056', (50 + (i * 37) % 500) * 1000000::bigint, 1 + (i * 13) % 40,
            (ARRAY['applied', 'selected', 'active', 'completed', 'completed', 'withdrawn'])[1 + (i * 5) % 6]
     FROM cohorts c JOIN tenants t ON t.id = c.tenant_id CROSS JOIN generate_series(1, $1::int) i WHERE t.slug LIKE 'bench-obs-%'`,
    [PER_COHORT],
  );
  const keys = (cat: string) => tags.filter((t) => t.category === cat).map((t) => t.key);
  await ds.query(
    `INSERT INTO project_observatory (tenant_id, project_id, motivations, success_factors, obstacles, planned_jobs, planned_investment_cents, planned_import_substitution_cents, achieved_jobs, achieved_investment_cents, achieved_import_substitution_cents, production_started_on)
     SELECT p.tenant_id, p.id,
            ARRAY[($1::text[])[1 + h % array_length($1::text[], 1)], ($1::text[])[1 + (h / 7) % array_length($1::text[], 1)]],
            ARRAY[($2::text[])[1 + (h / 3) % array_length($2::text[], 1)]],
            ARRAY[($3::text[])[1 + (h / 5) % array_length($3::text[], 1)]],
            p.jobs_planned, p.investment_cents, (h % 300) * 100000::bigint,
            CASE WHEN h % 3 = 0 THEN h % 25 END, CASE WHEN h % 3 = 0 THEN (h % 400) * 1000000::bigint END, CASE WHEN h % 4 = 0 THEN (h % 200) * 100000::bigint END,
            CASE WHEN h % 5 = 0 THEN DATE '2027-01-01' END
     FROM (SELECT p.*, abs(hashtext(p.id::text)) AS h FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug LIKE 'bench-obs-%' AND p.status <> 'applied') p
     ON CONFLICT DO NOTHING`,
    [keys('motivation'), keys('success_factor'), keys('obstacle')],
  );
  await ds.query('ANALYZE');
  out(`generated ${TENANTS * YEARS.length * PER_COHORT} projects in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function percentiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

async function measure(label: string, call: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await call(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = performance.now();
    await call(i);
    samples.push(performance.now() - a);
  }
  const { p50, p95 } = percentiles(samples);
  out(`| ${label} | ${RUNS} | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms |`);
}

async function main(): Promise<void> {
  await ensureDatabase(URL_);
  const options = buildDataSourceOptions(URL_, SCHEMA, { poolSize: 4, applicationName: 'bench-reporting' });
  await runMigrations({ ...options, url: URL_ });
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    await generate(ds);
    const access = new AccessService(ds);
    const observatory = new ObservatoryService(ds, access, new AuditService(ds));
    const reports = new ReportsService(ds, access, observatory);
    const tenants = await ds.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug LIKE 'bench-obs-%' ORDER BY slug`);
    const actors: TenantActor[] = tenants.map((t) => ({ userId: '00000000-0000-4000-8000-00000000beef', tenantId: t.id, role: 'advisor', membershipId: '00000000-0000-4000-8000-00000000beef' }));
    out(`| what (50,000 projects, 100 tenants × 5 years) | calls | p50 | p95 |`);
    out('|---|---:|---:|---:|');
    await measure('tenant observatory, one tenant and year', (i) => reports.observatoryReport(actors[i % actors.length], YEARS[i % YEARS.length], null));
    await measure('tenant observatory, one tenant, all years', (i) => reports.observatoryReport(actors[i % actors.length], null, null));
    await measure('network roll-up, one year (10,000 projects)', (i) => reports.networkReport(YEARS[i % YEARS.length]));
    await measure('network roll-up, all years (50,000 projects)', () => reports.networkReport(null));
    // The roll-up reads the per-cohort rows kept by triggers; the reference computes from the projects.
    await measure('reference SQL from the projects, all years (before the roll-ups)', () => ds.query(NETWORK_REFERENCE_SQL, [null, null, null]));
    for (const year of [null, ...YEARS]) {
      const [[fast], [reference]] = await Promise.all([ds.query(NETWORK_SQL, [null, year, null]), ds.query(NETWORK_REFERENCE_SQL, [null, year, null])]);
      if (JSON.stringify(fast) !== JSON.stringify(reference)) throw new Error(`roll-up of ${year ?? 'every year'} differs from the reference computation`);
    }
    out('roll-up = reference computation for every year and all years');
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
