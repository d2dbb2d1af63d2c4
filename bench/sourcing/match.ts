// `npm run bench:sourcing-match`: top-50 ranking latency of sourcing needs against a directory of
// BENCH_SUPPLIERS (2,000,000) establishments: real communes weighted by population (points from
// reference-data), uniform NAF sous-classes, built in SQL, indexes as after an import. Then
// BENCH_NEEDS (200) random needs (a site commune weighted by population, one NAF sous-classe,
// radius 100 km, no keyword), each through the product's searchCandidates (one SQL round trip +
// the pure ranking), one at a time after 20 warm-up needs: p50 / p95 / p99 / max.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { communeTable, findCommune, listNaf } from '@filiere/reference-data';
import { searchCandidates, SUPPLIER_SEARCH_INDEXES } from '@filiere/sourcing';
import { dropDatabase, freshDatabase, seededRandom } from '../lib';

const ROOT = join(__dirname, '..', '..');
const SUPPLIERS = Number(process.env['BENCH_SUPPLIERS'] ?? 2_000_000);
const NEEDS = Number(process.env['BENCH_NEEDS'] ?? 200);
const PG = process.env['BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'filiere_bench_sourcing_match';
const URL_ = `${PG}/${DB}`;

const rnd = seededRandom(20261123);

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

async function main(): Promise<void> {
  await freshDatabase(PG, DB, 'bench-sourcing-migrate');
  const db = new Client({ connectionString: URL_ });
  await db.connect();

  // Communes with a point, weighted by population (cumulative), and the NAF sous-classes.
  const communes = communeTable().filter((c) => c.lat !== null && c.code === c.communeCode);
  let cumulative = 0;
  const weighted = communes.map((c) => {
    cumulative += Math.max(1, findCommune(c.code)?.population ?? 1);
    return { ...c, cum: cumulative };
  });
  const total = cumulative;
  const naf = listNaf('sous-classe').map((n) => n.code);
  out(`Building a directory of ${SUPPLIERS.toLocaleString('en')} establishments…`);
  const t0 = performance.now();
  await db.query(`CREATE TEMP TABLE c (cum double precision PRIMARY KEY, code text, dep text, reg text, epci text, lat double precision, lon double precision)`);
  for (let i = 0; i < weighted.length; i += 5000) {
    const part = weighted.slice(i, i + 5000);
    await db.query(
      `INSERT INTO c SELECT * FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])`,
      [part.map((c) => c.cum), part.map((c) => c.code), part.map((c) => c.departementCode), part.map((c) => c.regionCode), part.map((c) => c.epciCode), part.map((c) => c.lat), part.map((c) => c.lon)],
    );
  }
  await db.query(`CREATE TEMP TABLE n (i int PRIMARY KEY, code text)`);
  await db.query(`INSERT INTO n SELECT i - 1, code FROM unnest($1::text[]) WITH ORDINALITY AS t(code, i)`, [naf]);
  for (const name of ['idx_suppliers_naf_tile', 'idx_suppliers_pos', 'idx_suppliers_search_trgm', 'idx_suppliers_naf']) await db.query(`DROP INDEX IF EXISTS ${name}`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(
    `INSERT INTO suppliers (siret, siren, name, naf_nomenclature, naf_code, commune_code, departement_code, region_code, epci_code, size_band, active, lat, lon, geo_precision, search_text)
     SELECT lpad(g::text, 14, '0'), lpad((g / 100000)::text, 9, '0'), 'Établissement ' || g, 'NAFv2', n.code, c.code, c.dep, c.reg, c.epci,
            (ARRAY['NN','00','01','02','03','11','12','21','22','31','32'])[1 + (g % 11)], true, c.lat, c.lon, 'commune',
            'etablissement ' || g
     FROM (SELECT g, random() * $1::float8 AS r, floor(random() * $2::int)::int AS k FROM generate_series(1, $3::int) g) s
     JOIN LATERAL (SELECT * FROM c WHERE c.cum >= s.r ORDER BY c.cum LIMIT 1) c ON TRUE
     JOIN n ON n.i = s.k`,
    [total, naf.length, SUPPLIERS],
  );
  for (const ddl of Object.values(SUPPLIER_SEARCH_INDEXES)) await db.query(ddl);
  await db.query('ANALYZE suppliers');
  out(`Directory built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await db.end();

  const pool = new Pool({ connectionString: URL_, max: 1 });
  const queryable = { query: async <T>(sql: string, params?: unknown[]): Promise<T> => (await pool.query(sql, params)).rows as T };
  const tenantId = '00000000-0000-4000-8000-0000000000aa';
  const need = () => {
    const r = rnd() * total;
    const site = weighted.find((c) => c.cum >= r) ?? weighted[0];
    return { tenantId, direction: 'upstream' as const, nafCodes: [naf[Math.floor(rnd() * naf.length)]], keywords: [], sizeBands: [], radiusKm: 100, siteSiret: null, siteCommuneCode: site?.code ?? '25056', projectNafCodes: [] };
  };
  for (let i = 0; i < 20; i += 1) await searchCandidates(queryable, need());
  const times: number[] = [];
  let candidates = 0;
  for (let i = 0; i < NEEDS; i += 1) {
    const input = need();
    const t = performance.now();
    const ranked = await searchCandidates(queryable, input);
    times.push(performance.now() - t);
    candidates += ranked.length;
  }
  await pool.end();
  times.sort((a, b) => a - b);
  const pct = (p: number): string => (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0).toFixed(1);
  const lines = [
    `Sourcing match, directory of ${SUPPLIERS.toLocaleString('en')} establishments, ${NEEDS} needs (radius 100 km), ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| measure | p50 | p95 | p99 | max |',
    '|---|---:|---:|---:|---:|',
    `| top-50 ranking per need (ms) | ${pct(50)} | ${pct(95)} | ${pct(99)} | ${(times[times.length - 1] ?? 0).toFixed(1)} |`,
    '',
    `Average candidates returned: ${(candidates / NEEDS).toFixed(1)}.`,
  ];
  out(lines.join('\n'));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'sourcing-match.md'), `${lines.join('\n')}\n`);
  await dropDatabase(PG, DB);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
