import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { communeTable, withLuhnKey } from '@filiere/reference-data';
import { createTestDatabase } from '@filiere/platform/testing';
import { BULK_MIN_ROWS, searchFolding, searchTextSql, SireneFileError, SireneImporter } from './sirene-import';
import { STOCK_ETABLISSEMENT_HEADER, stockEtablissementLine } from './sirene-format';
import { nafTile, planar, TILE_KM } from './geo-index';

/**
 * The first load of an empty directory takes a path of its own (keys and indexes dropped, a plain
 * INSERT, everything built again in the same transaction). It must give exactly what the general
 * upsert gives, and leave the table with every key and index the migrations define.
 */

const NAMES = ['Usinage Comtois', 'Fonderie de l’Est', 'Mécanique générale', 'Décolletage à Cluses', 'Forges, Aciers & Cie', 'Outillage du Jura', 'Œuvres métalliques'];
const NAF = ['25.62B', '25.62A', '25.11Z', '24.51Z', '28.41Z', '10.71C', '46.69B'];

function siretOf(n: number): string {
  return withLuhnKey(withLuhnKey(`7${String(n).padStart(7, '0')}`) + '0001');
}

/** Changes to `stockFile`'s establishments, as a later edition of the register brings them. */
interface Edits {
  renamed?: (i: number) => boolean;
  closed?: (i: number) => boolean;
}

/** A StockEtablissement file of `rows` establishments: accents, quoted names, closed rows, one SIRET twice, rejects. */
function stockFile(rows: number, edits: Edits = {}): string {
  const communes = communeTable().filter((c) => c.code === c.communeCode && !c.departementCode.startsWith('97')).slice(0, 500);
  const lines = [STOCK_ETABLISSEMENT_HEADER.join(',')];
  for (let i = 0; i < rows; i += 1) {
    const siret = siretOf(i);
    const commune = communes[i % communes.length]?.code ?? '25056';
    lines.push(
      stockEtablissementLine({
        siren: siret.slice(0, 9),
        nic: siret.slice(9),
        siret,
        statutDiffusionEtablissement: i % 50 === 0 ? 'P' : 'O',
        // Some dates that are no day of the calendar (kept empty), and a leap day.
        dateCreationEtablissement: i % 17 === 7 ? '2021-02-29' : i % 19 === 8 ? '2020-13-01' : i % 23 === 12 ? '2024-02-29' : '2004-03-15',
        trancheEffectifsEtablissement: i % 3 === 0 ? 'NN' : '12',
        etablissementSiege: i % 2 === 0 ? 'true' : 'false',
        codePostalEtablissement: '25000',
        codeCommuneEtablissement: i % 50 === 0 ? '[ND]' : commune,
        // Lambert 93 coordinates for some (the point is then the establishment's own).
        coordonneeLambertAbscisseEtablissement: i % 5 === 1 ? String(650_000 + ((i * 37) % 300_000) + 0.5) : '',
        coordonneeLambertOrdonneeEtablissement: i % 5 === 1 ? String(6_600_000 + ((i * 53) % 400_000)) : '',
        etatAdministratifEtablissement: i % 10 === 9 || edits.closed?.(i) ? 'F' : 'A',
        // Some establishments have no name of their own: the legal unit's name, when given, or the sign.
        // A NUL byte in a name, for some (dropped: PostgreSQL's text cannot hold it).
        // And, for some, what COPY must escape (backslash, tab, line break) and a character beyond the BMP.
        denominationUsuelleEtablissement: edits.renamed?.(i) ? `Renommé ${i}` : i % 11 === 3 ? '' : i % 29 === 10 ? `Zéro\u0000 ${i}` : i % 31 === 11 ? `Atelier \\ du\tJura\n𝄞 ${i}` : `${NAMES[i % NAMES.length]} ${i}`,
        // A sign that folds to the name, for some: the search text does not repeat it.
        enseigne1Etablissement: i % 4 === 0 ? 'Voilà' : i % 13 === 5 ? `${NAMES[i % NAMES.length]} ${i}`.toUpperCase() : '',
        activitePrincipaleEtablissement: NAF[i % NAF.length],
        nomenclatureActivitePrincipaleEtablissement: 'NAFv2',
        caractereEmployeurEtablissement: 'O',
      }),
    );
  }
  lines.push('12345678901234,bad');
  // The first establishment again, renamed: the last line wins.
  const again = siretOf(0);
  lines.push(stockEtablissementLine({ siren: again.slice(0, 9), nic: again.slice(9), siret: again, statutDiffusionEtablissement: 'O', codeCommuneEtablissement: '25056', etatAdministratifEtablissement: 'A', denominationUsuelleEtablissement: 'Nom mis à jour', activitePrincipaleEtablissement: '25.62B' }));
  return `${lines.join('\n')}\n`;
}

/** A StockUniteLegale file naming some of the legal units of `stockFile` (one a sole trader, whose name is not used). */
function unitesLegalesFile(rows: number): string {
  const lines = ['siren,statutDiffusionUniteLegale,denominationUniteLegale,categorieEntreprise,categorieJuridiqueUniteLegale'];
  for (let i = 3; i < rows; i += 11) {
    lines.push(`${siretOf(i).slice(0, 9)},O,"Société ${i}, SAS",${i % 2 ? 'PME' : 'ETI'},${i === 14 ? '1000' : '5710'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a first load left its table behind. */
async function loadTableLeft(client: Client): Promise<boolean> {
  return (await client.query<{ t: string | null }>(`SELECT to_regclass('suppliers_load') AS t`)).rows[0]?.t != null;
}

/** The directory's indexes, by identity (a rebuilt index is a new one). */
async function indexIds(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; id: string }>(`SELECT indexrelid::regclass::text AS name, indexrelid::text AS id FROM pg_index WHERE indrelid = 'suppliers'::regclass ORDER BY 1`);
  return rows.map((r) => `${r.name} ${r.id}`);
}

interface Snapshot {
  rows: Record<string, unknown>[];
  schema: string[];
}

async function snapshot(client: Client, skipSiret?: string): Promise<Snapshot> {
  const rows = await client.query<Record<string, unknown>>(
    `SELECT siret, siren, name, enseigne, naf_nomenclature, naf_code, commune_code, departement_code, region_code, epci_code, postal_code, size_band,
       company_category, head_office, employer, created_on::text, active, partial, lat, lon, geo_precision, pos::text, naf_pos::text, search_text
     FROM suppliers WHERE siret IS DISTINCT FROM $1 ORDER BY siret`,
    [skipSiret ?? null],
  );
  const schema = await client.query<{ def: string }>(
    `SELECT conname || ' ' || pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'suppliers'::regclass OR confrelid = 'suppliers'::regclass
     UNION ALL SELECT indexdef FROM pg_indexes WHERE tablename = 'suppliers'
     UNION ALL SELECT format('column %s %s %s default %s', a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, pg_get_expr(d.adbin, d.adrelid))
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = 'suppliers'::regclass AND a.attnum > 0 AND NOT a.attisdropped
     UNION ALL SELECT 'options ' || coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'suppliers'::regclass
     ORDER BY 1`,
  );
  return { rows: rows.rows, schema: schema.rows.map((r) => r.def) };
}

// Three imports of 12,000 rows and two databases: more than the default 30 s on a busy machine.
jest.setTimeout(120_000);

describe('SIRENE import: first load of an empty directory', () => {
  const rows = BULK_MIN_ROWS + 2_000;
  let dir: string;
  let file: string;
  let ulFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'filiere-sirene-'));
    file = join(dir, 'StockEtablissement.csv');
    writeFileSync(file, stockFile(rows));
    ulFile = join(dir, 'StockUniteLegale.csv');
    writeFileSync(ulFile, unitesLegalesFile(rows));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function withDatabase<T>(fn: (client: Client, connect: () => Promise<Client>) => Promise<T>): Promise<T> {
    const db = await createTestDatabase();
    const connect = async (): Promise<Client> => {
      const connection = new Client({ connectionString: db.url });
      await connection.connect();
      return connection;
    };
    const client = await connect();
    try {
      return await fn(client, connect);
    } finally {
      await client.end();
      await db.drop();
    }
  }

  it('gives the same directory as the upsert, with every key and index back, and re-imports in place', async () => {
    const seeded = siretOf(999_999);
    // The general path: a directory that already holds one establishment (not in the file).
    const upserted = await withDatabase(async (client) => {
      await client.query(`INSERT INTO suppliers (siret, siren, name, search_text) VALUES ($1, $2, 'Déjà là', 'deja la')`, [seeded, seeded.slice(0, 9)]);
      const importer = new SireneImporter(client, randomUUID());
      const counters = await importer.run({ file }, () => Promise.resolve());
      expect(importer.timings['upsert']).toBeDefined();
      expect(importer.timings['insert']).toBeUndefined();
      return { counters, snap: await snapshot(client, seeded) };
    });

    await withDatabase(async (client) => {
      const before = await snapshot(client);
      const importer = new SireneImporter(client, randomUUID());
      const counters = await importer.run({ file }, () => Promise.resolve());
      expect(importer.timings['insert']).toBeDefined();
      expect(importer.timings['upsert']).toBeUndefined();
      expect(counters).toEqual(upserted.counters);

      const after = await snapshot(client);
      expect(after.schema).toEqual(before.schema);
      expect(after.schema.some((d) => d.startsWith('fk_supplier_annotations_supplier FOREIGN KEY'))).toBe(true);
      expect(after.rows).toEqual(upserted.snap.rows);
      // Text arrives decoded (accents, apostrophes, a word ending in « à »), quoted commas kept.
      const names = new Set(after.rows.map((r) => r['name']));
      expect(names.has('Nom mis à jour')).toBe(true);
      expect(names.has('Forges, Aciers & Cie 4')).toBe(true);
      expect(names.has('Œuvres métalliques 6')).toBe(true);
      expect(after.rows.find((r) => r['enseigne'] !== null)?.['enseigne']).toBe('Voilà');
      expect(after.rows.filter((r) => r['active'] === true).length).toBe(counters.rowsKept - 1);

      // The keys hold again: a second row with the same SIRET is refused.
      await expect(client.query(`INSERT INTO suppliers (siret, siren, search_text) VALUES ($1, $2, '')`, [siretOf(1), siretOf(1).slice(0, 9)])).rejects.toThrow(/duplicate key/);

      // Not empty any more: the same file again goes through the upsert and changes nothing; the indexes are kept.
      const indexes = await indexIds(client);
      const again = new SireneImporter(client, randomUUID());
      await again.run({ file }, () => Promise.resolve());
      expect(again.timings['upsert']).toBeDefined();
      expect(again.changedRows).toBe(0);
      expect(again.timings['idx_suppliers_search_trgm']).toBeUndefined();
      expect(await indexIds(client)).toEqual(indexes);
      expect((await snapshot(client)).rows).toEqual(after.rows);
    });
  });

  it('re-imports write only what changed: a monthly update keeps the search indexes, a file that changes most rows builds them again', async () => {
    const monthly = join(dir, 'monthly.csv');
    const renamedAll = join(dir, 'renamed.csv');
    // Some establishments renamed, some closed, some new.
    const edits: Edits = { renamed: (i) => i % 300 === 1, closed: (i) => i % 400 === 2 };
    writeFileSync(monthly, stockFile(rows + 25, edits));
    writeFileSync(renamedAll, stockFile(rows, { renamed: (i) => i > 0 }));
    let added = 0;
    let expected = 0;
    for (let i = 1; i < rows + 25; i += 1) {
      const isNew = i >= rows && i % 10 !== 9 && !edits.closed?.(i);
      if (isNew) added += 1;
      if (isNew || (i < rows && (edits.renamed?.(i) || edits.closed?.(i)))) expected += 1;
    }
    // What a first load of each file gives (its establishments, all active).
    const fresh = async (f: string): Promise<Record<string, unknown>[]> => withDatabase(async (client) => {
      await new SireneImporter(client, randomUUID()).run({ file: f }, () => Promise.resolve());
      return (await snapshot(client)).rows;
    });
    const freshMonthly = await fresh(monthly);
    const freshRenamed = await fresh(renamedAll);

    await withDatabase(async (client) => {
      await new SireneImporter(client, randomUUID()).run({ file }, () => Promise.resolve());
      const loaded = await snapshot(client);
      const indexes = await indexIds(client);

      const id = randomUUID();
      const update = new SireneImporter(client, id);
      await update.run({ file: monthly }, () => Promise.resolve());
      expect(update.changedRows).toBe(expected);
      const touched = await client.query<{ active: boolean; n: number }>(`SELECT active, count(*)::int AS n FROM suppliers WHERE last_import_id = $1 GROUP BY active ORDER BY active`, [id]);
      expect(touched.rows.reduce((n, r) => n + r.n, 0)).toBe(expected);
      expect(touched.rows.find((r) => !r.active)?.n).toBeGreaterThan(20);
      // Updated in place: same indexes, and the directory's establishments are the file's.
      expect(update.timings['idx_suppliers_search_trgm']).toBeUndefined();
      expect(await indexIds(client)).toEqual(indexes);
      const updated = await snapshot(client);
      expect(updated.rows.filter((r) => r['active'] === true)).toEqual(freshMonthly);
      expect(updated.rows.filter((r) => r['active'] === false).length).toBe(touched.rows.find((r) => !r.active)?.n);

      // Nearly every row renamed: the search indexes are dropped and built again, as they were.
      const renamed = new SireneImporter(client, randomUUID());
      await renamed.run({ file: renamedAll }, () => Promise.resolve());
      expect(renamed.changedRows).toBeGreaterThan(BULK_MIN_ROWS);
      expect(renamed.timings['idx_suppliers_search_trgm']).toBeDefined();
      expect(await indexIds(client)).not.toEqual(indexes);
      const after = await snapshot(client);
      expect(after.schema).toEqual(loaded.schema);
      // The file's establishments as a first load of it gives them (those it closed earlier reopened);
      // the new ones of the monthly update, not in this file, left as they were.
      const inFile = new Set(freshRenamed.map((r) => r['siret']));
      expect(after.rows.filter((r) => inFile.has(r['siret']))).toEqual(freshRenamed);
      expect(after.rows.filter((r) => !inFile.has(r['siret']) && r['active'] === true).map((r) => r['name'])).toEqual(
        updated.rows.filter((r) => !inFile.has(r['siret']) && r['active'] === true).map((r) => r['name']),
      );
      expect(after.rows.filter((r) => !inFile.has(r['siret']) && r['active'] === true).length).toBe(added);
      // The renamed establishments are found by their new name through the rebuilt trigram index.
      await client.query('SET enable_seqscan = off');
      const found = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM suppliers WHERE active AND search_text LIKE '%renomme 12%'`);
      await client.query('RESET enable_seqscan');
      expect(found.rows[0]?.n).toBe(after.rows.filter((r) => r['active'] === true && String(r['search_text']).includes('renomme 12')).length);
      expect(found.rows[0]?.n).toBeGreaterThan(100);
    });
  });

  // Without companion file, the rows are computed in the import and copied into the new table
  // (the file's SIRET given twice: unique builds fail, earlier lines deleted, built again); with one,
  // they go through the staging tables and the INSERT … SELECT that joins them.
  // With a parse thread and small blocks too: the same rows (the last line of a SIRET still wins).
  it.each([
    { path: 'direct', withUl: false, step: 'dedupe', notStep: 'insert', options: {} },
    { path: 'staged', withUl: true, step: 'insert', notStep: 'dedupe', options: {} },
    { path: 'direct, parse thread', withUl: false, step: 'dedupe', notStep: 'insert', options: { parseThreads: 1, blockBytes: 16_384 } },
    { path: 'staged, parse thread', withUl: true, step: 'insert', notStep: 'dedupe', options: { parseThreads: 1, blockBytes: 16_384 } },
  ])('with a second connection ($path): indexes built on a new table from both, swapped in; same rows and table as the upsert', async ({ withUl, step, notStep, options }) => {
    const seeded = siretOf(999_999);
    const files = withUl ? { file, unitesLegalesFile: ulFile } : { file };
    const upserted = await withDatabase(async (client, connect) => {
      await client.query(`INSERT INTO suppliers (siret, siren, name, search_text) VALUES ($1, $2, 'Déjà là', 'deja la')`, [seeded, seeded.slice(0, 9)]);
      const importer = new SireneImporter(client, randomUUID(), connect);
      const counters = await importer.run(files, () => Promise.resolve());
      expect(importer.timings['upsert']).toBeDefined();
      return { counters, snap: await snapshot(client, seeded) };
    });

    await withDatabase(async (client, connect) => {
      const before = await snapshot(client);
      // What an import that died midway leaves behind.
      await client.query(`CREATE TABLE suppliers_load (junk int)`);
      const importer = new SireneImporter(client, randomUUID(), connect, options);
      const counters = await importer.run(files, () => Promise.resolve());
      expect(counters).toEqual(upserted.counters);
      expect(importer.parsedBlocks.threads > 0).toBe(options.parseThreads === 1);
      // Most records are read from their bytes.
      expect(importer.recordsReadAsBytes).toBeGreaterThan(counters.rowsRead / 2);
      expect(importer.timings['swap']).toBeDefined();
      expect(importer.timings[step]).toBeDefined();
      expect(importer.timings[notStep]).toBeUndefined();
      expect(importer.timings['upsert']).toBeUndefined();
      // Both build the trigram index once the rows are in.
      expect(importer.timings['idx_suppliers_search_trgm']).toBeDefined();
      const after = await snapshot(client);
      expect(after.schema).toEqual(before.schema);
      expect(after.rows).toEqual(upserted.snap.rows);
      // The search index finds what it should.
      await client.query('SET enable_seqscan = off');
      const search = `SELECT count(*)::int AS n FROM suppliers WHERE active AND search_text LIKE '%forges, aciers%'`;
      expect(JSON.stringify((await client.query(`EXPLAIN ${search}`)).rows)).toContain('idx_suppliers_search_trgm');
      const { rows: found } = await client.query<{ n: number }>(search);
      await client.query('RESET enable_seqscan');
      expect(found[0]?.n).toBe(after.rows.filter((r) => String(r['search_text']).includes('forges, aciers')).length);
      expect(found[0]?.n).toBeGreaterThan(1_000);
      const names = new Map(after.rows.map((r) => [r['siret'], r['name']]));
      expect(names.get(siretOf(0))).toBe('Nom mis à jour');
      expect(names.get(siretOf(3))).toBe(withUl ? 'Société 3, SAS' : null);
      expect(names.get(siretOf(14))).toBe(null);
      // The sign comes before the legal unit's name.
      expect(names.get(siretOf(36))).toBe('Voilà');
      expect(await loadTableLeft(client)).toBe(false);
      // The keys hold (the annotations' foreign key is in the schema compared above).
      await expect(client.query(`INSERT INTO suppliers (siret, siren, search_text) VALUES ($1, $2, '')`, [siretOf(1), siretOf(1).slice(0, 9)])).rejects.toThrow(/duplicate key/);
      // The search text is PostgreSQL's own folding of name and sign.
      expect((await client.query(`SELECT count(*)::int AS n FROM suppliers WHERE geo_precision = 'exact' AND naf_pos IS NOT NULL`)).rows[0].n).toBeGreaterThan(2_000);
      // PostgreSQL's pos and naf_pos (POS_SQL, NAF_POS_SQL) are the planar point of lat/lon, and that
      // point shifted into the NAF code's tile, to the last bit.
      const points = await client.query<{ naf_code: string | null; lat: number | null; lon: number | null; x: number | null; y: number | null; nx: number | null; ny: number | null }>(
        `SELECT naf_code, lat, lon, pos[0] AS x, pos[1] AS y, naf_pos[0] AS nx, naf_pos[1] AS ny FROM suppliers`,
      );
      const planarPoints = points.rows.map((r) => (r.lat === null || r.lon === null ? [null, null] : [planar(r.lat, r.lon).x, planar(r.lat, r.lon).y]));
      expect(points.rows.map((r) => [r.x, r.y])).toEqual(planarPoints);
      const shifted = points.rows.map((r, i) => {
        const tile = r.naf_code === null ? null : nafTile(r.naf_code);
        const [x, y] = planarPoints[i] ?? [null, null];
        return x === null || y === null || tile === null ? [null, null] : [x + tile * TILE_KM, y];
      });
      expect(points.rows.map((r) => [r.nx, r.ny])).toEqual(shifted);
      expect(shifted.filter(([x]) => x !== null).length).toBeGreaterThan(2_000);
      expect(new Set(points.rows.map((r) => r.naf_code)).size).toBeGreaterThan(3);
      const folded = await client.query(`SELECT count(*)::int AS n FROM suppliers WHERE search_text IS DISTINCT FROM ${searchTextSql('name', 'enseigne')}`);
      expect(folded.rows[0]).toEqual({ n: 0 });
      // Named after its sign, or a sign that folds to the name: said once; a sign of its own: both.
      const texts = new Map(after.rows.map((r) => [r['siret'], r['search_text']]));
      expect(texts.get(siretOf(36))).toBe('voila');
      expect(texts.get(siretOf(5))).toBe('outillage du jura 5');
      expect(texts.get(siretOf(31))).toBe('decolletage a cluses 31');
      expect(texts.get(siretOf(83))).toBe('oeuvres metalliques 83');
      expect(texts.get(siretOf(4))).toBe('forges, aciers & cie 4 voila');
      // Values PostgreSQL would refuse: the NUL dropped, dates that are no day of the calendar kept empty.
      expect([names.get(siretOf(10)), texts.get(siretOf(10))]).toEqual(['Zéro 10', 'zero 10']);
      expect([names.get(siretOf(11)), texts.get(siretOf(11))]).toEqual(['Atelier \\ du\tJura\n𝄞 11', 'atelier \\ du\tjura\n𝄞 11']);
      const created = new Map(after.rows.map((r) => [r['siret'], r['created_on']]));
      expect([siretOf(7), siretOf(8), siretOf(12), siretOf(13)].map((s) => created.get(s))).toEqual([null, null, '2024-02-29', '2004-03-15']);
    });
  });

  /** A connection factory that fills the directory (as something else than an import would) when the index builds start. */
  function fillingConnection(connect: () => Promise<Client>, siret: string): () => Promise<Client> {
    return async () => {
      const other = await connect();
      await other.query(`INSERT INTO suppliers (siret, siren, name, search_text) VALUES ($1, $2, 'Arrivé entre-temps', 'arrive entre-temps')`, [siret, siret.slice(0, 9)]);
      return other;
    };
  }

  it('with a second connection (staged): when the directory gets rows before the swap, the import takes the general path', async () => {
    await withDatabase(async (client, connect) => {
      const early = siretOf(888_888);
      const importer = new SireneImporter(client, randomUUID(), fillingConnection(connect, early));
      const counters = await importer.run({ file, unitesLegalesFile: ulFile }, () => Promise.resolve());
      expect(importer.timings['swap']).toBeUndefined();
      expect(importer.timings['upsert']).toBeDefined();
      const rows = (await client.query<{ siret: string; name: string }>(`SELECT siret, name FROM suppliers WHERE active ORDER BY siret`)).rows;
      expect(rows.find((r) => r.siret === early)?.name).toBe('Arrivé entre-temps');
      // One row per SIRET kept (the file has one twice), and the one that came in between.
      expect(rows.length).toBe(counters.rowsKept);
      expect(await loadTableLeft(client)).toBe(false);
    });
  });

  it('with a second connection (direct): when the directory gets rows before the swap, nothing changes and the retry updates in place', async () => {
    await withDatabase(async (client, connect) => {
      const early = siretOf(888_888);
      const importer = new SireneImporter(client, randomUUID(), fillingConnection(connect, early));
      await expect(importer.run({ file }, () => Promise.resolve())).rejects.toThrow(/received rows during a first load.*retried/);
      expect((await client.query(`SELECT siret FROM suppliers`)).rows).toEqual([{ siret: early }]);
      expect(await loadTableLeft(client)).toBe(false);

      const retry = new SireneImporter(client, randomUUID(), connect);
      const counters = await retry.run({ file }, () => Promise.resolve());
      expect(retry.timings['upsert']).toBeDefined();
      const { rows: [count] } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM suppliers WHERE active`);
      expect(count?.n).toBe(counters.rowsKept);
    });
  });

  it.each([
    { kind: 'CSV cut in the middle of a line', gzip: false, error: /^StockEtablissement: the file is truncated \(line \d+ has \d+ of 54 columns\)$/ },
    { kind: 'gzip archive cut short', gzip: true, error: /^StockEtablissement: the gzip archive is truncated/ },
  ])('with a second connection (direct): a $kind fails with a clear error and leaves no table behind', async ({ gzip, error }) => {
    const whole = readFileSync(file);
    const cut = join(dir, gzip ? 'cut.csv.gz' : 'cut.csv');
    writeFileSync(cut, gzip ? gzipSync(whole).subarray(0, -20) : whole.subarray(0, whole.length - 300));
    await withDatabase(async (client, connect) => {
      const failed = new SireneImporter(client, randomUUID(), connect).run({ file: cut }, () => Promise.resolve());
      await expect(failed).rejects.toBeInstanceOf(SireneFileError);
      await expect(failed).rejects.toThrow(error);
      expect((await client.query(`SELECT count(*)::int AS n FROM suppliers`)).rows[0]).toEqual({ n: 0 });
      expect(await loadTableLeft(client)).toBe(false);
      // The directory is still empty: the next import is a first load again.
      const again = new SireneImporter(client, randomUUID(), connect);
      await again.run({ file }, () => Promise.resolve());
      expect(again.timings['swap']).toBeDefined();
    });
  });

  it('folds search text as PostgreSQL does (lower(unaccent(…)))', async () => {
    await withDatabase(async (client) => {
      const fold = await searchFolding(client);
      const samples = ['USINAGE COMTOIS', 'Œuvres métalliques', 'Straße', 'ÆON Ångström', 'ﬁne ﬂeur', 'ＡＢＣ ｄｅｆ', 'Ελλάδα', 'Ébénisterie d’Art', 'Çà et là', 'Ørsted', 'İzmir', 'Łódź', 'usine 🏭 n°3', ''];
      const { rows } = await client.query<{ s: string; f: string }>(`SELECT s, lower(unaccent(s)) AS f FROM unnest($1::text[]) s`, [samples]);
      expect(samples.map((x) => fold(x))).toEqual(rows.map((r) => r.f));
      expect(fold('Œuvres métalliques')).toBe('oeuvres metalliques');
    });
  });
});
