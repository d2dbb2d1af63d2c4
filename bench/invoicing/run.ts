// `npm run bench:invoicing`: the two costs of invoicing that grow with use.
// 1. Legal numbering under contention: N transactions on one tenant, C at a time, each taking the
//    next number with the product's `nextNumber` (upsert on the counter row, held until commit),
//    the serialised part of `POST /api/invoices/:id/issue`. Checks 1..N, no gap, no duplicate.
// 2. Document generation: pdfkit PDF + Factur-X (PDF/A-3 + CII XML) for a one-line fee invoice and a
//    four-line invoice, sequentially, milliseconds per document.
// Uses a scratch database `filiere_bench_invoicing` (created and migrated when missing; each run adds a fresh tenant).
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, ensureDatabase, runMigrations } from '@filiere/platform/database';
import { computeLine, facturXPdf, nextNumber, renderPdf, totalsOf, type BillingDocument } from '@filiere/invoicing';
import { SCHEMA } from '@filiere/migrations';

const N = Number(process.env.BENCH_ISSUES ?? 2000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 20);
const DOCS = Number(process.env.BENCH_DOCS ?? 50);
const URL_ = `${process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'}/filiere_bench_invoicing`;
const out = (s: string) => process.stdout.write(`${s}\n`);

async function numbering(ds: DataSource): Promise<void> {
  const [tenant] = await ds.query<{ id: string }[]>(`INSERT INTO tenants (name, slug, region_code) VALUES ('Bench', 'bench-${Date.now()}', '27') RETURNING id`);
  const tenantId = tenant?.id ?? '';
  let next = 0;
  const numbers: string[] = [];
  const t0 = performance.now();
  const worker = async () => {
    while (next < N) {
      next += 1;
      await ds.transaction(async (m) => {
        const number = await nextNumber(m, tenantId, 'invoice', 2026);
        numbers.push(number);
      });
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
  const ms = performance.now() - t0;
  const sorted = [...numbers].sort();
  const ok = sorted.length === N && sorted.every((n, i) => n === `FA-2026-${String(i + 1).padStart(5, '0')}`);
  out(`| numbering: ${N} issues, ${C} concurrent | ${Math.round((N / ms) * 1000)} numbers/s | ${(ms / N).toFixed(2)} ms each | gap-free: ${ok ? 'yes' : 'NO'} |`);
}

async function documents(): Promise<void> {
  const seller = { name: 'CCI Bench', siret: '35600000000048', siren: '356000000', vatNumber: 'FR39356000000', addressLine: '1 place de la Bourse', postalCode: '25000', city: 'Besançon', countryCode: 'FR', iban: 'FR7630006000011234567890189', bic: null, paymentTermsDays: 30, latePenaltyRate: 'taux BCE + 10 points' };
  const customer = { name: 'Usinage', siret: '73282932000074', siren: '732829320', vatNumber: 'FR44732829320', addressLine: '3 rue des Forges', postalCode: '25000', city: 'Besançon', countryCode: 'FR' };
  for (const count of [1, 4]) {
    const lines = Array.from({ length: count }, (_, i) => computeLine({ label: `Ligne ${i + 1}`, quantity: 1 + i, unitPriceCents: 249_000 - i * 1_000, vatRate: i % 2 ? 10 : 20 }));
    const doc: BillingDocument = { kind: 'invoice', number: 'FA-2026-00001', issueDate: '2026-11-23', dueDate: '2026-12-23', servicePeriodStart: '2026-09-01', servicePeriodEnd: '2027-02-28', seller, customer, lines, ...totalsOf(lines), invoiceReference: null, reason: null, buyerReference: 'Bench' };
    await facturXPdf(doc, await renderPdf(doc)); // warm-up
    const t0 = performance.now();
    let pdfMs = 0;
    let bytes = 0;
    for (let i = 0; i < DOCS; i += 1) {
      const a = performance.now();
      const pdf = await renderPdf(doc);
      pdfMs += performance.now() - a;
      bytes = (await facturXPdf(doc, pdf)).length;
    }
    const total = (performance.now() - t0) / DOCS;
    out(`| Factur-X PDF, ${count} line(s), ${DOCS} documents | ${total.toFixed(1)} ms each | of which pdfkit ${(pdfMs / DOCS).toFixed(1)} ms | ${Math.round(bytes / 1024)} KiB |`);
  }
}

async function main(): Promise<void> {
  await ensureDatabase(URL_);
  const options = buildDataSourceOptions(URL_, SCHEMA, { poolSize: C + 2, applicationName: 'bench-invoicing' });
  await runMigrations({ ...options, url: URL_ });
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    out('| what | throughput / time | detail | |');
    out('|---|---:|---:|---|');
    await numbering(ds);
    await documents();
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
