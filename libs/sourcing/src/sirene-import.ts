import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { communeTable } from '@filiere/reference-data';
import { CopyLines } from './copy-lines';
import { csvPickedTransform, PickedRecord } from './csv-records';
import { defaultParseThreads, EtabLines } from './etab-lines';
import { columnPositions, CommuneWire, communeWire, copyLine, DIRECT_COLUMNS, ETAB_COLUMNS, EtabParseSetup, EtabParseState, folder, FoldTable, ImportCounters, textVal, val } from './etab-rows';

export type { ImportCounters } from './etab-rows';
export { MAX_REJECTED_SAMPLES } from './etab-rows';

/**
 * Streams the INSEE SIRENE files into the supplier directory:
 *   file → (gunzip) → csv-parse → validated rows → COPY into a temporary table → one merge.
 * Memory stays flat whatever the size (streams with back-pressure, nothing accumulated). The
 * directory only changes in the final transaction, so a failed import (truncated file, missing
 * column, lost connection) leaves the previous directory as it was.
 */

export interface SireneFiles {
  /** StockEtablissement (comma-separated, plain or gzip). */
  file: string;
  /** Geolocated companion file (semicolon-separated, WGS84 columns y_latitude / x_longitude). */
  geoFile?: string;
  /** StockUniteLegale: name and company category of the legal unit. */
  unitesLegalesFile?: string;
}

/** A file that can never be imported (missing column, truncated, not CSV): not worth a retry. */
export class SireneFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SireneFileError';
  }
}

/**
 * Imports that change at least this many rows of the directory (new, changed or closed), and at
 * least a quarter of it, rebuild the directory's search indexes after the merge instead of updating
 * them row by row (several times faster; searches wait for the commit meanwhile). A monthly update
 * of the full register changes a few percent of it: its indexes are kept and updated.
 */
export const BULK_MIN_ROWS = 10_000;

/** The directory's search indexes (as created by the Sourcing migration). */
export const SUPPLIER_SEARCH_INDEXES: Record<string, string> = {
  idx_suppliers_naf_tile: `CREATE INDEX idx_suppliers_naf_tile ON suppliers USING gist (naf_pos) WHERE active AND naf_pos IS NOT NULL`,
  idx_suppliers_pos: `CREATE INDEX idx_suppliers_pos ON suppliers USING gist (pos) WHERE active AND pos IS NOT NULL`,
  idx_suppliers_search_trgm: `CREATE INDEX idx_suppliers_search_trgm ON suppliers USING gin (search_text gin_trgm_ops) WHERE active`,
  idx_suppliers_naf: `CREATE INDEX idx_suppliers_naf ON suppliers (naf_code, siret) WHERE active`,
};
/** Writing the directory: the sort of DISTINCT ON and the joins stay in memory; plans of one statement need no JIT. */
const INSERT_SETTINGS = `SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`;
/** The table a first load fills and indexes before it becomes the directory. */
const LOAD_TABLE = 'suppliers_load';
const UNIQUE_VIOLATION = '23505';

/**
 * Bytes per chunk through the pipeline. 64 KB keeps every string made from a chunk (the decoded
 * text, the lines and fields cut from it) in V8's young generation, collected at once by scavenges; 1 MB
 * chunks made each of them a large object that only full collections free, and the heap grew
 * by ~130 MB over a 1 M-row file (peak RSS 370 MB → 294 MB, and half the CPU time).
 */
const CHUNK_BYTES = 1 << 16;

const GEO_COLUMNS = { siret: true, y_latitude: true, x_longitude: true } as const;
const UL_COLUMNS = { siren: true, denominationUniteLegale: false, categorieEntreprise: false, categorieJuridiqueUniteLegale: false } as const;

export type ProgressListener = (counters: ImportCounters, percent: number) => Promise<void>;

/** Opens a file as a byte stream (counting bytes read), gunzipping when it starts with the gzip magic bytes. */
async function openMaybeGzip(path: string, onBytes: (n: number) => void): Promise<Readable[]> {
  const first = await new Promise<Buffer>((resolve, reject) => {
    const probe = createReadStream(path, { start: 0, end: 1 });
    const parts: Buffer[] = [];
    probe.on('data', (c: Buffer | string) => parts.push(Buffer.from(c)));
    probe.on('end', () => resolve(Buffer.concat(parts)));
    probe.on('error', reject);
  });
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  return first[0] === 0x1f && first[1] === 0x8b ? [raw, counter, createGunzip()] : [raw, counter];
}

/** The positions in `header` of the columns `wanted` (in its order; -1 for an optional one missing): throws when a required one is missing. */
function headerIndex<K extends string>(header: string[], wanted: Record<K, boolean>, fileLabel: string): number[] {
  const positions = new Map(header.map((h, i) => [h.trim().replace(/^\uFEFF/, ''), i]));
  const missing: string[] = [];
  const out = (Object.entries(wanted) as [K, boolean][]).map(([name, required]) => {
    const i = positions.get(name);
    if (i === undefined && required) missing.push(name);
    return i ?? -1;
  });
  if (missing.length) throw new SireneFileError(`${fileLabel}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header row`);
  return out;
}

/**
 * One file → COPY lines: its header must hold the required columns (`onHeader` gets its width),
 * each record (carrying the wanted columns in the order of `wanted`, see columnPositions) goes to
 * `onRecord`, which writes its line(s) into the batch of COPY lines it is given; `onEnd` checks the
 * file once read. One stream stage: bytes in, one chunk of COPY lines out per chunk read.
 */
function copyLinesOf<K extends string>(
  label: string,
  delimiter: string,
  wanted: Record<K, boolean>,
  onHeader: (width: number) => void,
  onRecord: (record: PickedRecord, out: CopyLines) => void,
  onEnd: () => Error | undefined,
): Transform {
  const out = new CopyLines();
  return csvPickedTransform(delimiter, (header) => {
    const columns = headerIndex(header, wanted, label);
    onHeader(header.length);
    return columns;
  }, { record: (r) => onRecord(r, out), take: () => out.take(), end: onEnd }, 2 * CHUNK_BYTES);
}

/** Turns parse errors into a clear, non-retryable file error. */
function fileError(label: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException & { code?: string };
  if (err instanceof SireneFileError) return err;
  if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) return new SireneFileError(`${label}: the gzip archive is truncated (unexpected end of file)`);
  if (err.code === 'Z_DATA_ERROR') return new SireneFileError(`${label}: not a valid gzip archive (${err.message})`);
  if (typeof err.code === 'string' && err.code.startsWith('CSV_')) return new SireneFileError(`${label}: the CSV is malformed or truncated (${err.message})`);
  return err;
}

/**
 * The directory's `search_text` (what name and text searches match with `LIKE '%…%'`, through the
 * trigram index): the name and the sign folded by `lower(unaccent())`, the sign left out when it
 * folds to the name. Most establishments without a name of their own are named after their sign,
 * and a sign repeated would only make the index longer to build (its trigrams are those of the name).
 */
export function searchTextSql(name: string, enseigne: string): string {
  return `concat_ws(' ', lower(unaccent(${name})), CASE WHEN lower(unaccent(${enseigne})) IS DISTINCT FROM lower(unaccent(${name})) THEN lower(unaccent(${enseigne})) END)`;
}

/** Characters whose folding is read from PostgreSQL: up to CJK, and the ligature and full-width blocks. */
const FOLDED_RANGES: [number, number][] = [[1, 0x2fff], [0xfb00, 0xfb4f], [0xfe30, 0xffef]];

/**
 * PostgreSQL's `lower(unaccent(text))` (how `insertSql` makes `search_text`, and searches fold their
 * text), character by character: each character's folding is asked of the server once, so that the
 * `unaccent` rules installed there and the database's own `lower` are the ones applied (`folder`
 * folds a text with it). Characters outside FOLDED_RANGES are kept as they are.
 */
export async function searchFoldTable(client: Client): Promise<FoldTable> {
  const ranges = FOLDED_RANGES.map(([from, to]) => `SELECT generate_series(${from}, ${to}) AS i`).join(' UNION ALL ');
  const { rows } = await client.query<{ i: number; f: string }>(
    `SELECT i, f FROM (SELECT i, lower(unaccent(chr(i))) AS f FROM (${ranges}) r) x WHERE f IS DISTINCT FROM chr(i)`,
  );
  return { chars: rows.map((r): [number, string] => [r.i, r.f]) };
}

/** PostgreSQL's `lower(unaccent(text))` as a function (`searchFoldTable`). */
export async function searchFolding(client: Client): Promise<(text: string) => string> {
  return folder(await searchFoldTable(client));
}
let communesForParse: CommuneWire[] | null = null;

/**
 * StockEtablissement → its COPY lines (`EtabLines`, parsed in blocks by this thread and
 * `threads` others): the header must hold the required columns; the file is checked once read.
 */
function etabLines(state: EtabParseState, setup: Omit<EtabParseSetup, 'communes'>, threads: number, blockBytes?: number): EtabLines {
  communesForParse ??= communeWire(communeTable());
  return new EtabLines({
    setup: { ...setup, communes: communesForParse },
    state,
    threads,
    blockBytes,
    pick: (header) => headerIndex(header, ETAB_COLUMNS, 'StockEtablissement'),
    end: () => {
      if (state.width === 0) return new SireneFileError('StockEtablissement: the file is empty (no header row)');
      if (state.pendingMalformed) return new SireneFileError(`StockEtablissement: the file is truncated (line ${state.pendingMalformed.line} has ${state.pendingMalformed.width} of ${state.width} columns)`);
      return undefined;
    },
  });
}

/** A companion file (geolocation, legal units): header → column positions → COPY lines. */
function companionStages<K extends string>(label: string, delimiter: string, wanted: Record<K, boolean>, toRow: (get: (k: K) => string | null, text: (k: K) => string | null) => (string | number | null)[] | null): Transform {
  const at = columnPositions(wanted);
  let header = false;
  return copyLinesOf(
    label,
    delimiter,
    wanted,
    () => {
      header = true;
    },
    ({ fields }, out) => {
      const row = toRow((k) => val(fields[at[k]]), (k) => textVal(fields[at[k]]));
      if (row !== null) out.raw(copyLine(row));
    },
    () => (header ? undefined : new SireneFileError(`${label}: the file is empty (no header row)`)),
  );
}

/** The directory's columns an import writes, as `rowsSql` computes them (besides `last_import_id` and `updated_at`). */
const ROW_COLUMNS = [
  'siret', 'siren', 'name', 'enseigne', 'naf_nomenclature', 'naf_code', 'commune_code', 'departement_code', 'region_code', 'epci_code', 'postal_code',
  'size_band', 'company_category', 'head_office', 'employer', 'created_on', 'active', 'partial', 'lat', 'lon', 'geo_precision', 'search_text',
] as const;

/** What makes an establishment of the file a change to its row `s` of the directory (`r`: the file's; the others follow from them). */
function changedSql(r: string): string {
  const compared = ['siren', 'name', 'enseigne', 'naf_code', 'commune_code', 'postal_code', 'size_band', 'head_office', 'employer', 'created_on', 'active', 'partial', 'lat', 'lon', 'epci_code'];
  return `(${compared.map((c) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `${r}.${c}`).join(', ')})
           OR (${r}.company_category IS NOT NULL AND s.company_category IS DISTINCT FROM ${r}.company_category)`;
}

/** A re-import updates in place, and only the rows that changed (the company category is kept when the file has none). */
const UPSERT_CONFLICT = `
         ON CONFLICT (siret) DO UPDATE SET
           ${ROW_COLUMNS.filter((c) => c !== 'siret').map((c) => `${c} = ${c === 'company_category' ? 'coalesce(EXCLUDED.company_category, s.company_category)' : `EXCLUDED.${c}`}`).join(', ')},
           last_import_id = EXCLUDED.last_import_id, updated_at = now()
         WHERE ${changedSql('EXCLUDED')}`;

export interface SireneImportOptions {
  /** Threads that parse StockEtablissement besides the import's own (default: `defaultParseThreads()` for files of 8 MB or more, else none). */
  parseThreads?: number;
  /** Bytes per block of records handed to a parse (default 64 KB; tests make them small). */
  blockBytes?: number;
}

/** Files from this size are parsed by several threads (see SireneImportOptions). */
const PARALLEL_MIN_BYTES = 8_000_000;

export class SireneImporter {
  /** Milliseconds per step (read, merge, index rebuild…), for logs and the benchmark. */
  readonly timings: Record<string, number> = {};

  /**
   * @param openConnection another connection to the same database, for the first load of an empty
   * directory: its indexes are then built from two connections at once, on a table swapped in at
   * the end (`firstLoad`). Without it, a first load builds them one after the other in its
   * transaction.
   */
  constructor(
    private readonly client: Client,
    private readonly importId: string,
    private readonly openConnection?: () => Promise<Client>,
    private readonly options: SireneImportOptions = {},
  ) {}

  private lines: EtabLines | null = null;

  /** Rows of the directory the import changed (new, changed, reopened and closed establishments); null for a first load, which writes them all. */
  changedRows: number | null = null;

  /** Blocks of StockEtablissement parsed by the import's thread and by parse threads (logs, benchmark, tests). */
  get parsedBlocks(): { here: number; threads: number } {
    return { here: this.lines?.parsedHere ?? 0, threads: this.lines?.parsedByThreads ?? 0 };
  }

  /** Records of StockEtablissement read on the byte path (the others, as text). */
  get recordsReadAsBytes(): number {
    return this.lines?.readAsBytes ?? 0;
  }

  private etabLines(state: EtabParseState, setup: Omit<EtabParseSetup, 'communes'>, threads: number): EtabLines {
    this.lines = etabLines(state, setup, threads, this.options.blockBytes);
    return this.lines;
  }

  /** Parse threads for a StockEtablissement file of `bytes`: none for a small one (a thread takes some 100 ms to start). */
  private parseThreads(bytes: number): number {
    return this.options.parseThreads ?? (bytes >= PARALLEL_MIN_BYTES ? defaultParseThreads() : 0);
  }

  /** `fn` in a transaction of the import's connection, rolled back if it throws. */
  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      const result = await fn();
      await this.timed('commit', () => this.client.query('COMMIT'));
      return result;
    } catch (e) {
      await this.client.query('ROLLBACK');
      throw e;
    }
  }

  private async timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.timings[step] = Math.round((this.timings[step] ?? 0) + performance.now() - start);
    }
  }

  async run(files: SireneFiles, onProgress: ProgressListener): Promise<ImportCounters> {
    const counters: ImportCounters = { rowsRead: 0, rowsKept: 0, rowsClosed: 0, rowsRejected: 0, rejectedSamples: [] };
    const sizes = await Promise.all([files.file, files.geoFile, files.unitesLegalesFile].map(async (f) => (f ? (await stat(f)).size : 0)));
    const totalBytes = Math.max(1, sizes.reduce((a, b) => a + b, 0));
    let bytes = 0;
    let lastReport = 0;
    let reporting: Promise<void> = Promise.resolve();
    const onBytes = (n: number): void => {
      bytes += n;
      const now = Date.now();
      if (now - lastReport > 1000) {
        lastReport = now;
        // Reading is ~90 % of the work; the merge is the rest.
        const pct = Math.min(89, Math.floor((bytes / totalBytes) * 90));
        reporting = reporting.then(() => onProgress({ ...counters, rejectedSamples: [...counters.rejectedSamples] }, pct)).catch(() => undefined);
      }
    };

    const state: EtabParseState = { counters, width: 0, line: 1, pendingMalformed: null };
    const threads = this.parseThreads(sizes[0] ?? 0);
    if (this.openConnection && !files.geoFile && !files.unitesLegalesFile && (await this.directoryEmpty())) {
      await this.directFirstLoad(this.openConnection, files.file, threads, state, onBytes, async () => {
        await reporting;
        await onProgress({ ...counters, rejectedSamples: [...counters.rejectedSamples] }, 90);
      });
      return counters;
    }
    await this.timed('staging', () => this.createStagingTables());
    await this.timed('read', () => this.copyInto('imp_etab', files.file, 'StockEtablissement', this.etabLines(state, { mode: 'staging' }, threads), onBytes));
    if (files.geoFile) {
      await this.copyInto('imp_geo', files.geoFile, 'Fichier géolocalisé', companionStages('Fichier géolocalisé', ';', GEO_COLUMNS, (get) => {
        const siret = get('siret');
        const lat = Number(get('y_latitude'));
        const lon = Number(get('x_longitude'));
        if (siret === null || !/^\d{14}$/.test(siret) || !Number.isFinite(lat) || !Number.isFinite(lon) || get('y_latitude') === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
        return [siret, lat, lon];
      }), onBytes);
    }
    if (files.unitesLegalesFile) {
      await this.copyInto('imp_ul', files.unitesLegalesFile, 'StockUniteLegale', companionStages('StockUniteLegale', ',', UL_COLUMNS, (get, text) => {
        const siren = get('siren');
        if (siren === null || !/^\d{9}$/.test(siren)) return null;
        const category = get('categorieEntreprise');
        return [siren, text('denominationUniteLegale'), category === 'PME' || category === 'ETI' || category === 'GE' ? category : null, get('categorieJuridiqueUniteLegale')];
      }), onBytes);
    }
    await reporting;
    await onProgress({ ...counters, rejectedSamples: [...counters.rejectedSamples] }, 90);
    await this.merge(files.geoFile !== undefined, files.unitesLegalesFile !== undefined);
    return counters;
  }

  private async createStagingTables(): Promise<void> {
    await this.client.query(`
      DROP TABLE IF EXISTS pg_temp.imp_etab, pg_temp.imp_geo, pg_temp.imp_ul, pg_temp.imp_communes;
      CREATE TEMP TABLE imp_etab (ord bigint, siret char(14) COLLATE "C", siren char(9) COLLATE "C", active boolean, partial boolean, denomination text, enseigne text,
        naf_nomenclature text, naf text, commune text, postal text, band text, head_office boolean, employer boolean, created_on date,
        lat double precision, lon double precision);
      CREATE TEMP TABLE imp_geo (siret char(14) COLLATE "C", lat double precision, lon double precision);
      CREATE TEMP TABLE imp_ul (siren char(9) COLLATE "C", name text, category text, legal_category text);
      CREATE TEMP TABLE imp_communes (code text PRIMARY KEY, commune_code text, departement_code text, region_code text, epci_code text,
        lat double precision, lon double precision, precision text)`);
    const rows = communeTable().map((r) => copyLine([r.code, r.communeCode, r.departementCode, r.regionCode, r.epciCode, r.lat, r.lon, r.precision]));
    await pipeline(Readable.from([rows.join('')]), this.client.query(copyFrom(`COPY imp_communes FROM STDIN`)));
  }

  /** `target`: a table, with its column list when the lines hold only some columns. */
  private async copyInto(target: string, path: string, label: string, lines: Transform, onBytes: (n: number) => void, options = ''): Promise<void> {
    try {
      const source = await openMaybeGzip(path, onBytes);
      await pipeline([...source, lines, this.client.query(copyFrom(`COPY ${target} FROM STDIN${options}`))]);
    } catch (e) {
      // Parse threads stop with it, whatever failed.
      lines.destroy();
      throw fileError(label, e);
    }
  }


  /**
   * Drops the directory's keys, the foreign keys that point at it and its indexes other than the
   * search ones (handled by the bulk path), all read from the catalog so that nothing the
   * migrations define is missed; returns the statements that build them again, primary key first.
   */
  private async dropKeys(): Promise<string[]> {
    const { rows } = await this.client.query<{ drop: string; create: string; rank: number }>(
      `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
              format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS create,
              CASE WHEN c.contype = 'f' THEN 3 ELSE 1 END AS rank
         FROM pg_constraint c
        WHERE (c.conrelid = 'suppliers'::regclass AND c.contype IN ('p', 'u')) OR (c.confrelid = 'suppliers'::regclass AND c.contype = 'f')
       UNION ALL
       SELECT format('DROP INDEX %s', x.indexrelid::regclass), pg_get_indexdef(x.indexrelid), 2
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = 'suppliers'::regclass AND i.relname <> ALL($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = 'suppliers'::regclass)`,
      [Object.keys(SUPPLIER_SEARCH_INDEXES)],
    );
    // Foreign keys first (they depend on the primary key), then the rest.
    for (const r of [...rows].sort((a, b) => b.rank - a.rank)) await this.client.query(r.drop);
    return [...rows].sort((a, b) => a.rank - b.rank).map((r) => r.create);
  }

  /**
   * The only step that changes the directory: one transaction. A first load of an empty directory
   * inserts everything and builds the keys and indexes once. Otherwise the rows that change the
   * directory (new establishments, changed ones, reopened ones) and the establishments to close are
   * set apart first: when they are many (BULK_MIN_ROWS, a quarter of the directory), the search
   * indexes are dropped and built again after the merge; a monthly update, which changes a few
   * percent of the rows, keeps them and updates them with the rows.
   */
  private async merge(joinGeo: boolean, joinUl: boolean): Promise<void> {
    const id = this.importId;
    await this.timed('analyze', () => this.client.query('ANALYZE imp_etab'));
    const [counts] = (
      await this.client.query<{ incoming: number; existing: number }>(
        `SELECT (SELECT count(*) FROM imp_etab WHERE active)::int AS incoming, (SELECT count(*) FROM suppliers WHERE active)::int AS existing`,
      )
    ).rows;
    const incoming = counts?.incoming ?? 0;
    const existing = counts?.existing ?? 0;
    const many = (rows: number): boolean => rows >= BULK_MIN_ROWS && rows >= existing / 4;
    if (many(incoming) && this.openConnection && existing === 0 && (await this.firstLoad(this.openConnection, joinGeo, joinUl))) return;
    await this.transaction(async () => {
      await this.client.query(INSERT_SETTINGS);
      await this.client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      if (many(incoming) && existing === 0) {
        // First load of an empty directory: no row to update, so no key to check row by row either.
        // Keys and indexes are dropped and built once after a plain INSERT (several times faster);
        // emptiness is read under the ACCESS EXCLUSIVE lock (which dropping indexes takes anyway), so
        // it holds until the commit.
        await this.client.query('LOCK TABLE suppliers IN ACCESS EXCLUSIVE MODE');
        if (await this.directoryEmpty()) {
          const keys = await this.timed('drop-keys', () => this.dropKeys());
          await this.timed('drop-indexes', () => this.dropSearchIndexes());
          await this.timed('insert', () => this.client.query(this.insertSql('suppliers', `(${this.rowsSql(joinGeo, joinUl)})`, false), [id]));
          for (const ddl of keys) await this.timed('keys', () => this.client.query(ddl));
          await this.buildSearchIndexes();
          return;
        }
      }
      // What the file changes, set apart (the upsert and the closing then read only that).
      const changed = await this.timed('diff', async () => {
        const rows = await this.client.query(
          `CREATE TEMP TABLE imp_rows ON COMMIT DROP AS
           SELECT r.* FROM (${this.rowsSql(joinGeo, joinUl)}) r LEFT JOIN suppliers s ON s.siret = r.siret
           WHERE s.siret IS NULL OR ${changedSql('r')}`,
        );
        // Only rows already in the directory can be closed.
        const closing = await this.client.query(
          `CREATE TEMP TABLE imp_closing ON COMMIT DROP AS
           SELECT s.siret FROM suppliers s JOIN imp_etab e ON e.siret = s.siret
           WHERE NOT e.active AND s.active AND NOT EXISTS (SELECT 1 FROM imp_etab a WHERE a.siret = e.siret AND a.active)
           GROUP BY s.siret`,
        );
        return (rows.rowCount ?? 0) + (closing.rowCount ?? 0);
      });
      this.changedRows = changed;
      const rebuild = many(changed);
      if (rebuild) await this.timed('drop-indexes', () => this.dropSearchIndexes());
      await this.timed('upsert', () => this.client.query(this.insertSql('suppliers', 'imp_rows', true), [id]));
      await this.timed('close', () =>
        this.client.query(`UPDATE suppliers s SET active = false, last_import_id = $1, updated_at = now() FROM imp_closing c WHERE c.siret = s.siret AND s.active`, [id]),
      );
      if (rebuild) await this.buildSearchIndexes();
    });
  }

  private async dropSearchIndexes(): Promise<void> {
    for (const name of Object.keys(SUPPLIER_SEARCH_INDEXES)) await this.client.query(`DROP INDEX IF EXISTS ${name}`);
  }

  private async buildSearchIndexes(): Promise<void> {
    for (const [name, ddl] of Object.entries(SUPPLIER_SEARCH_INDEXES)) await this.timed(name, () => this.client.query(ddl));
  }

  /**
   * The first load of an empty directory, its indexes built from two connections at once: the rows
   * go into a new table (committed, so that another connection can index it), both connections
   * build the directory's indexes on it (the GIN and GiST builds of PostgreSQL 15 use one core
   * each), then one transaction swaps it in — the empty directory dropped, the new table, its
   * indexes and keys renamed after it, the foreign keys that pointed at it added again. Until the
   * swap the directory is untouched, and a table left by an import that died is dropped by the
   * next one. False (nothing done) when the directory is no longer empty at the swap. The new
   * table belongs to the importing role, as the directory does when migrations and application
   * share one (grants given to other roles on `suppliers` would have to be given again).
   */
  private async firstLoad(openConnection: () => Promise<Client>, joinGeo: boolean, joinUl: boolean): Promise<boolean> {
    return this.loadAndSwap(openConnection, async () => {
      await this.client.query(INSERT_SETTINGS);
      await this.timed('insert', () => this.client.query(this.insertSql(LOAD_TABLE, `(${this.rowsSql(joinGeo, joinUl)})`, false), [this.importId]));
    });
  }

  /** Whether the directory has no row at all (closed ones included): a first load. */
  private async directoryEmpty(): Promise<boolean> {
    const { rows: [row] } = await this.client.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM suppliers) AS empty');
    return row?.empty === true;
  }

  /**
   * The first load of an empty directory from StockEtablissement alone (no companion file to join):
   * the rows are computed here in their final form (`directLine`) and copied straight into the new
   * table, frozen (`COPY … FREEZE`: the table is created in the same transaction, so its rows need
   * no later visibility hints or freezing), with no staging table and no INSERT … SELECT. The
   * indexes are built from two connections afterwards and the table is swapped in, as `firstLoad`
   * does. (A trigram index made before the COPY and filled row by row cost PostgreSQL twice its
   * build: once the parse got faster, the read waited for it — README, benchmarks.) The file
   * may hold a SIRET more than once: the unique builds then fail, the earlier lines of each SIRET
   * are deleted (rows lie in file order in a table filled by one COPY) and the builds run again.
   * Only imports write the directory, one at a time; if rows appear in it all the same before the
   * swap, nothing is changed and the import fails with a retryable error — the retry takes the
   * general path, which also closes the establishments closed in the file.
   */
  private async directFirstLoad(openConnection: () => Promise<Client>, file: string, threads: number, state: EtabParseState, onBytes: (n: number) => void, onRead: () => Promise<void>): Promise<void> {
    const fold = await searchFoldTable(this.client);
    const swapped = await this.loadAndSwap(openConnection, async () => {
      await this.timed('read', () => this.copyInto(`${LOAD_TABLE} (${DIRECT_COLUMNS.join(', ')})`, file, 'StockEtablissement', this.etabLines(state, { mode: 'direct', fold, importId: this.importId }, threads), onBytes, ' WITH (FREEZE)'));
      await onRead();
    }, true);
    if (!swapped) throw new Error('the supplier directory received rows during a first load: nothing was changed, the import is to be retried (it will then update the directory in place)');
  }

  /**
   * Creates the new table and fills it with `fill` in one transaction, builds the directory's
   * indexes on it from two connections, and swaps it in; false (nothing changed) when the directory
   * is not empty any more at the swap. `direct`: filled by a COPY from the parser (`directFirstLoad`),
   * which may bring a SIRET twice — duplicates are removed when a unique build finds them.
   */
  private async loadAndSwap(openConnection: () => Promise<Client>, fill: () => Promise<void>, direct = false): Promise<boolean> {
    const q = (sql: string, params?: unknown[]): Promise<unknown> => this.client.query(sql, params);
    await q(`DROP TABLE IF EXISTS ${LOAD_TABLE}`);
    try {
      const { rows: indexes } = await this.client.query<{ name: string; load_name: string; def: string; columns: number; constraint_name: string | null; constraint_type: string | null }>(
        `SELECT quote_ident(i.relname) AS name, quote_ident(left(i.relname, 50) || '_load') AS load_name, pg_get_indexdef(x.indexrelid) AS def, x.indnatts AS columns,
                quote_ident(c.conname) AS constraint_name, c.contype AS constraint_type
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
           LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
          WHERE x.indrelid = 'suppliers'::regclass`,
      );
      const { rows: foreignKeys } = await this.client.query<{ table: string; name: string; def: string }>(
        `SELECT c.conrelid::regclass::text AS "table", quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS def
           FROM pg_constraint c WHERE c.confrelid = 'suppliers'::regclass AND c.contype = 'f'`,
      );
      const builds = indexes.map((ix) => {
        const sql = ix.def.replace(`INDEX ${ix.name} ON `, `INDEX ${ix.load_name} ON `).replace(/ ON (ONLY )?((?:\w+|"[^"]+")\.)?suppliers USING /, ` ON $1$2${LOAD_TABLE} USING `);
        if (!sql.includes(`${LOAD_TABLE} USING `)) throw new Error(`unexpected index definition of suppliers: ${ix.def}`);
        // The longest first (each connection takes the next when it is done): GIN, then GiST, then
        // B-trees, the ones on more columns first (the NAF + SIRET index takes twice the primary key's time).
        return { step: ix.name.replace(/"/g, ''), sql, unique: /^CREATE UNIQUE /.test(ix.def), weight: / USING gin /.test(ix.def) ? 3 : / USING gist /.test(ix.def) ? 2 : 1, columns: ix.columns };
      });
      builds.sort((a, b) => b.weight - a.weight || b.columns - a.columns);
      await this.transaction(async () => {
        // Columns with their defaults, storage and CHECK constraints; no index, hence no key.
        await q(`CREATE TABLE ${LOAD_TABLE} (LIKE suppliers INCLUDING ALL EXCLUDING INDEXES)`);
        const { rows: [table] } = await this.client.query<{ options: string | null }>(`SELECT array_to_string(reloptions, ', ') AS options FROM pg_class WHERE oid = 'suppliers'::regclass`);
        if (table?.options) await q(`ALTER TABLE ${LOAD_TABLE} SET (${table.options})`);
        await fill();
      });
      const duplicated = await this.buildOnTwoConnections(openConnection, builds, direct);
      if (duplicated.length) {
        // Rows lie in the order the single COPY wrote them: the last line of a SIRET wins, as in the staged path.
        await this.timed('dedupe', () => q(`DELETE FROM ${LOAD_TABLE} a USING ${LOAD_TABLE} b WHERE a.siret = b.siret AND a.ctid < b.ctid`));
        for (const build of duplicated) await this.timed(build.step, () => q(build.sql));
      }

      const swapped = await this.transaction(async () => {
        await q('LOCK TABLE suppliers IN ACCESS EXCLUSIVE MODE');
        if (!(await this.directoryEmpty())) return false;
        await this.timed('swap', async () => {
          for (const fk of foreignKeys) await q(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
          await q('DROP TABLE suppliers');
          await q(`ALTER TABLE ${LOAD_TABLE} RENAME TO suppliers`);
          for (const ix of indexes) {
            await q(`ALTER INDEX ${ix.load_name} RENAME TO ${ix.name}`);
            if (ix.constraint_name && (ix.constraint_type === 'p' || ix.constraint_type === 'u')) {
              await q(`ALTER TABLE suppliers ADD CONSTRAINT ${ix.constraint_name} ${ix.constraint_type === 'p' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${ix.name}`);
            }
          }
          for (const fk of foreignKeys) await q(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.def}`);
        });
        return true;
      });
      if (!swapped) await q(`DROP TABLE ${LOAD_TABLE}`);
      return swapped;
    } catch (e) {
      await q(`DROP TABLE IF EXISTS ${LOAD_TABLE}`).catch(() => undefined);
      throw e;
    }
  }

  /**
   * Runs the statements from this connection and another one, each taking the next in turn. With
   * `dedupe`, a unique index that fails on a duplicate key is left out and returned (the others go
   * on), to be built again once the duplicates are gone.
   */
  private async buildOnTwoConnections<B extends { step: string; sql: string; unique: boolean }>(openConnection: () => Promise<Client>, builds: B[], dedupe: boolean): Promise<B[]> {
    const duplicated: B[] = [];
    const other = await openConnection();
    try {
      const queue = [...builds];
      const results = await Promise.allSettled(
        [this.client, other].map(async (conn) => {
          // Two builds at once already take both cores: no parallel workers besides (B-tree builds would start some).
          await conn.query(`SET maintenance_work_mem = '256MB'; SET max_parallel_maintenance_workers = 0`);
          try {
            for (let next = queue.shift(); next; next = queue.shift()) {
              const build = next;
              try {
                await this.timed(build.step, () => conn.query(build.sql));
              } catch (e) {
                if (!(dedupe && build.unique && (e as { code?: string }).code === UNIQUE_VIOLATION)) throw e;
                duplicated.push(build);
              }
            }
          } finally {
            if (conn === this.client) await conn.query('RESET maintenance_work_mem; RESET max_parallel_maintenance_workers');
          }
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return duplicated;
    } finally {
      await other.end();
    }
  }

  /**
   * The staged establishments as rows of the directory (ROW_COLUMNS): the last line of each SIRET,
   * joined with its commune and the companion files that were uploaded.
   */
  private rowsSql(joinGeo: boolean, joinUl: boolean): string {
    return `SELECT x.siret, x.siren, x.name, x.enseigne, x.naf_nomenclature, x.naf AS naf_code, x.commune_code, x.departement_code, x.region_code, x.epci_code,
           x.postal AS postal_code, x.band AS size_band, x.category AS company_category, x.head_office, x.employer, x.created_on, true AS active, x.partial,
           x.lat, x.lon, x.geo_precision,
           ${searchTextSql('x.name', 'x.enseigne')} AS search_text
         FROM (
           SELECT DISTINCT ON (e.siret) e.siret, e.siren,
             left(coalesce(e.denomination, e.enseigne, CASE WHEN u.legal_category IS DISTINCT FROM '1000' THEN u.name END), 250) AS name,
             left(e.enseigne, 250) AS enseigne, e.naf_nomenclature, e.naf, c.commune_code, c.departement_code, c.region_code, c.epci_code,
             e.postal, e.band, u.category, e.head_office, e.employer, e.created_on, e.partial,
             coalesce(g.lat, e.lat, c.lat) AS lat, coalesce(g.lon, e.lon, c.lon) AS lon,
             CASE WHEN g.lat IS NOT NULL OR e.lat IS NOT NULL THEN 'exact' ELSE c.precision END AS geo_precision
           FROM imp_etab e
           LEFT JOIN imp_communes c ON c.code = e.commune
           ${joinGeo ? 'LEFT JOIN imp_geo g ON g.siret = e.siret' : 'LEFT JOIN (SELECT NULL::float8 AS lat, NULL::float8 AS lon) g ON false'}
           ${joinUl ? 'LEFT JOIN imp_ul u ON u.siren = e.siren' : 'LEFT JOIN (SELECT NULL::text AS legal_category, NULL::text AS name, NULL::text AS category) u ON false'}
           WHERE e.active
           ORDER BY e.siret, e.ord DESC
         ) x`;
  }

  /** The statement that writes `rows` (a query or table of ROW_COLUMNS) into `target` (the directory, or the table of a first load). */
  private insertSql(target: string, rows: string, upsert: boolean): string {
    const columns = ROW_COLUMNS.join(', ');
    return `INSERT INTO ${target} AS s (${columns}, last_import_id, updated_at)
         SELECT ${columns}, $1, now() FROM ${rows} r
         ${upsert ? UPSERT_CONFLICT : ''}`;
  }
}
