// Runs one SIRENE import (the product's SireneImporter) and prints one JSON line: seconds, rows,
// step timings and peak RSS. Used by bench/sourcing/import.ts.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SireneImporter } from '@filiere/sourcing';
import { communeTable, findCommune } from '@filiere/reference-data';

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

async function main(): Promise<void> {
  const [url, file] = process.argv.slice(2);
  if (!url || !file) throw new Error('usage: import-child.ts <databaseUrl> <file>');
  // Reference data loaded before the baseline, as in a running worker.
  findCommune('25056');
  communeTable();
  const baselineRssMb = Math.round(process.memoryUsage().rss / 1e6);
  const client = new Client({ connectionString: url });
  await client.connect();
  const importer = new SireneImporter(client, randomUUID());
  const t0 = performance.now();
  const counters = await importer.run({ file }, () => Promise.resolve());
  const seconds = (performance.now() - t0) / 1000;
  await client.end();
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  out(JSON.stringify({ seconds, rowsRead: counters.rowsRead, rowsKept: counters.rowsKept, maxRssMb, baselineRssMb, timings: importer.timings }));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
