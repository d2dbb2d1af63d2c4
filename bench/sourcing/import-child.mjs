// Runs one SIRENE import with the product's compiled SireneImporter (dist/, as the worker runs it)
// and prints one JSON line: seconds, rows, step timings and peak RSS. Used by bench/sourcing/import.ts,
// which builds first. Plain Node: no TypeScript loader in the process whose memory is measured.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const dist = join(import.meta.dirname, '..', '..', 'dist', 'libs');
// The worker's heap policy (apps/worker/src/heap-policy.ts), applied as the worker's main does.
if (process.env.BENCH_HEAP_POLICY !== 'off') require(join(import.meta.dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'heap-policy.js')).applyWorkerHeapPolicy();
const { Client } = require('pg');
const { SireneImporter } = require(join(dist, 'sourcing', 'src', 'index.js'));
const { communeTable, findCommune } = require(join(dist, 'reference-data', 'src', 'index.js'));

const [url, file] = process.argv.slice(2);
if (!url || !file) throw new Error('usage: import-child.mjs <databaseUrl> <file>');
// Reference data loaded before the baseline, as in a running worker.
findCommune('25056');
communeTable();
const baselineRssMb = Math.round(process.memoryUsage().rss / 1e6);
// As the worker does (supplier-import.runner.ts): a second connection for a first load's index builds.
const connect = async () => {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
};
const client = await connect();
// SIRENE_PARSE_THREADS: parse threads besides the import's own, as the worker's configuration sets them.
const threads = process.env.SIRENE_PARSE_THREADS;
const importer = new SireneImporter(client, randomUUID(), process.env.BENCH_IMPORT_ONE_CONNECTION === '1' ? undefined : connect, { parseThreads: threads ? Number(threads) : undefined });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const counters = await importer.run({ file }, () => Promise.resolve());
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU seconds of this process (parse, validate, COPY lines), apart from PostgreSQL's own work.
const nodeCpuSeconds = Math.round((cpu.user + cpu.system) / 1e4) / 100;
await client.end();
// maxRSS is in KiB; both figures in MB (10^6 bytes).
const maxRssMb = Math.round((process.resourceUsage().maxRSS * 1024) / 1e6);
process.stdout.write(`${JSON.stringify({ seconds, nodeCpuSeconds, rowsRead: counters.rowsRead, rowsKept: counters.rowsKept, changedRows: importer.changedRows, maxRssMb, baselineRssMb, timings: importer.timings })}\n`);
