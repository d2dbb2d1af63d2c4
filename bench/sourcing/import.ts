// `npm run bench:sourcing-import`: the SIRENE import of BENCH_ROWS (1,000,000) rows in the exact
// StockEtablissement format (real communes and NAF codes, bench/sourcing/generate-sirene.mjs),
// side by side in the same run with a bare `COPY … (FORMAT csv)` of the same file into an
// unindexed table of 54 text columns. The product import runs in a child process of its own
// (bench/sourcing/import-child.mjs, the compiled code from `npm run build`, as the worker runs it)
// so that its peak RSS is its own. Recreates the
// `filiere_bench_sourcing` database; prints a Markdown table (also bench/results/sourcing-import.md).
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { STOCK_ETABLISSEMENT_HEADER } from '@filiere/sourcing';
import { dropDatabase, freshDatabase } from '../lib';

const ROOT = join(__dirname, '..', '..');
const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const PG = process.env['BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'filiere_bench_sourcing';
const URL_ = `${PG}/${DB}`;

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

interface ChildResult {
  seconds: number;
  nodeCpuSeconds: number;
  rowsRead: number;
  rowsKept: number;
  changedRows: number | null;
  maxRssMb: number;
  baselineRssMb: number;
  timings: Record<string, number>;
}

/** One import of `file` by the compiled product, in a process of its own. */
function importOnce(file: string): ChildResult {
  const childOut = execFileSync(process.execPath, [join(ROOT, 'bench', 'sourcing', 'import-child.mjs'), URL_, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(childOut.trim().split('\n').pop() ?? '{}') as ChildResult;
}

async function main(): Promise<void> {
  const dir = join(ROOT, 'tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `sirene-${ROWS}.csv`);
  if (!existsSync(file)) {
    out(`Generating ${ROWS.toLocaleString('en')} rows → ${file}`);
    execFileSync(process.execPath, [join(ROOT, 'bench', 'sourcing', 'generate-sirene.mjs'), String(ROWS), file], { stdio: 'inherit' });
  }
  const size = statSync(file).size;
  await freshDatabase(PG, DB, 'bench-sourcing-migrate');

  // 1. Bare COPY of the same file into an unindexed table.
  const db = new Client({ connectionString: URL_ });
  await db.connect();
  await db.query(`CREATE TABLE bare_copy (${STOCK_ETABLISSEMENT_HEADER.map((c) => `"${c}" text`).join(', ')})`);
  await db.query('CHECKPOINT');
  const t0 = performance.now();
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), db.query(copyFrom(`COPY bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  const bareS = (performance.now() - t0) / 1000;
  await db.query('DROP TABLE bare_copy');
  await db.query('CHECKPOINT');
  await db.end();

  // 2. The product's import, compiled, in a child process.
  if (process.env['BENCH_SKIP_BUILD'] !== '1') execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const child = importOnce(file);
  // 3. BENCH_REIMPORT=1: the same file again, into the directory just loaded (the general path:
  // staging table, the rows that change set apart, upsert) — a monthly update of the register,
  // minus the few percent of rows it changes.
  let again: ChildResult | null = null;
  if (process.env['BENCH_REIMPORT'] === '1') {
    const checkpoint = new Client({ connectionString: URL_ });
    await checkpoint.connect();
    await checkpoint.query('CHECKPOINT');
    await checkpoint.end();
    again = importOnce(file);
  }
  await dropDatabase(PG, DB);

  const rate = (s: number): string => Math.round(ROWS / s).toLocaleString('en');
  const lines = [
    `SIRENE import, ${ROWS.toLocaleString('en')} rows (${(size / 1e6).toFixed(0)} MB), ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| path | seconds | rows/s | peak RSS |',
    '|---|---:|---:|---:|',
    `| bare \`COPY (FORMAT csv)\` into an unindexed 54-column table | ${bareS.toFixed(1)} | ${rate(bareS)} | (server side) |`,
    `| Filière import (${process.env['BENCH_IMPORT_ONE_CONNECTION'] === '1' ? 'first load on one connection: parse, validate, COPY staging, insert, keys and indexes' : 'first load: parse, validate, COPY into the new table, indexes on two connections, swap'}) | ${child.seconds.toFixed(1)} | ${rate(child.seconds)} | ${child.maxRssMb} MB (process baseline ${child.baselineRssMb} MB) |`,
    ...(again ? [`| Filière import again, same file into the loaded directory (staging, changes set apart, upsert) | ${again.seconds.toFixed(1)} | ${rate(again.seconds)} | ${again.maxRssMb} MB |`] : []),
    '',
    `Import / bare COPY: ${Math.round((bareS / child.seconds) * 100)} %. Rows kept: ${child.rowsKept.toLocaleString('en')} of ${child.rowsRead.toLocaleString('en')}. Import process CPU: ${child.nodeCpuSeconds.toFixed(1)} s.`,
    `Steps (ms): ${Object.entries(child.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...(again ? [`Import again: ${(again.changedRows ?? 0).toLocaleString('en')} directory rows changed; process CPU ${again.nodeCpuSeconds.toFixed(1)} s; steps (ms): ${Object.entries(again.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`] : []),
  ];
  out(lines.join('\n'));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', `sourcing-import-${ROWS}.md`), `${lines.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
