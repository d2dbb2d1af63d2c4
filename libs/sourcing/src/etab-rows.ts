import { type CommuneRow, isValidSiret, lambert93ToWgs84, normalizeNafCode } from '@filiere/reference-data';
import type { RejectedSample } from './supplier.entity';
import { copyEscaped, CopyLines } from './copy-lines';
import { byteText, LineSplitter, pickedRecords, PickedRecord, utf8 } from './csv-records';
import { KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON, nafTile, TILE_KM } from './geo-index';

/**
 * The rows of StockEtablissement: each record validated, its codes normalised, and written as a
 * COPY line — of the staging table, or of the directory itself for a direct first load. Nothing
 * here does I/O or loads the communes of the reference data: a parse thread (`etab-parse.worker`)
 * runs this module as the import's own thread does, with the communes it is given.
 */

export interface ImportCounters {
  rowsRead: number;
  rowsKept: number;
  rowsClosed: number;
  rowsRejected: number;
  rejectedSamples: RejectedSample[];
}


export const MAX_REJECTED_SAMPLES = 20;

const ND = '[ND]';


/** Columns of StockEtablissement this import reads, found by header name. */
export const ETAB_COLUMNS = {
  siren: true,
  nic: true,
  siret: true,
  statutDiffusionEtablissement: true,
  dateCreationEtablissement: false,
  trancheEffectifsEtablissement: false,
  etablissementSiege: false,
  codePostalEtablissement: false,
  codeCommuneEtablissement: true,
  coordonneeLambertAbscisseEtablissement: false,
  coordonneeLambertOrdonneeEtablissement: false,
  etatAdministratifEtablissement: true,
  enseigne1Etablissement: false,
  denominationUsuelleEtablissement: false,
  activitePrincipaleEtablissement: true,
  nomenclatureActivitePrincipaleEtablissement: false,
  caractereEmployeurEtablissement: false,
} as const;
type EtabColumn = keyof typeof ETAB_COLUMNS;
/** Position of each column in the records `columnParser` picks: the order of the columns asked for. */
export function columnPositions<K extends string>(wanted: Record<K, boolean>): Record<K, number> {
  return Object.fromEntries(Object.keys(wanted).map((k, i) => [k, i])) as Record<K, number>;
}
const ETAB_AT = columnPositions(ETAB_COLUMNS);

/** COPY text format: NULL as \N, backslash, tab and line breaks escaped. */
function copyValue(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  return copyEscaped(v);
}

export function copyLine(values: (string | number | boolean | null)[]): string {
  let out = copyValue(values[0] ?? null);
  for (let i = 1; i < values.length; i += 1) out += `\t${copyValue(values[i] ?? null)}`;
  return `${out}\n`;
}

/**
 * A value of the register: blank and [ND] (non diffusible) are both "unknown". Fields arrive as
 * byte strings (csvRecords): codes are ASCII and used as they are; text goes through `textVal`.
 */
export function val(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t === '' || t === ND ? null : t;
}

/** A text field (names, signs): decoded from UTF-8 before it is trimmed. */
export function textVal(v: string | undefined): string | null {
  return v === undefined ? null : val(utf8(v));
}

/** A value quoted in a rejection reason, readable whatever bytes it holds. */
function shown(v: string, max: number): string {
  return utf8(v).slice(0, max);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A date of the register ('YYYY-MM-DD') when it is a day of the calendar from 1800 on, else null:
 * PostgreSQL refuses '2021-02-29' or '2020-13-01', and one such value would fail the whole COPY.
 */
function calendarDate(v: string | null): string | null {
  if (v === null || !DATE.test(v) || v < '1800-01-01') return null;
  const year = Number(v.slice(0, 4));
  const month = Number(v.slice(5, 7));
  const day = Number(v.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0) ? v : null;
}

const BAND = /^(NN|\d\d)$/;
const POSTCODE = /^\d{5}$/;

export interface EtabParseState {
  counters: ImportCounters;
  /** Set once the header row has been read: the number of columns every row must have. */
  width: number;
  /** Rank of the current record: in the file, the header is 1; in a block (`EtabBlockParser`), its first record is 1. */
  line: number;
  /** A row with the wrong number of columns: rejected if another row follows, a truncation if it is the last. */
  pendingMalformed: { line: number; width: number } | null;
}

/**
 * `fn` remembered for up to `max` distinct keys. The codes of a register repeat (some 37,000
 * communes, 732 NAF sous-classes): each is looked up and normalised once per process instead of
 * once per row; the bound keeps a file full of junk codes from growing the memory.
 */
function memo<T>(fn: (key: string) => T, max = 100_000): (key: string) => T {
  const kept = new Map<string, T>();
  return (key) => {
    const hit = kept.get(key);
    if (hit !== undefined || kept.has(key)) return hit as T;
    const value = fn(key);
    if (kept.size < max) kept.set(key, value);
    return value;
  };
}

/** What the import knows of a commune code of the register. */
export interface CommuneEntry {
  departementCode: string;
  /** The commune parts of a directory line; null for a code written otherwise than the reference writes it ('2a004'). */
  line: CommuneLine | null;
}

/** A commune code as the reference writes it: its département and the parts of a directory line (what a parse thread is given). */
export type CommuneWire = [code: string, departementCode: string, territory: string, placed: string | null, x: number, yText: string];

/** The communes of `communeTable()` as parse threads take them: each code with its line parts, made once. */
export function communeWire(rows: CommuneRow[]): CommuneWire[] {
  return rows.map((c): CommuneWire => {
    const territory = [c.communeCode, c.departementCode, c.regionCode, c.epciCode ?? NULL].join('\t');
    if (c.lat === null || c.lon === null) return [c.code, c.departementCode, territory, null, 0, ''];
    const x = c.lon * KM_PER_DEGREE_LON;
    const y = c.lat * KM_PER_DEGREE_LAT;
    return [c.code, c.departementCode, territory, `${c.lat}\t${c.lon}\t${c.precision ?? NULL}\t${pointText(x, y)}`, x, String(y)];
  });
}

/**
 * A commune code → its slot in `communeSlots`: the five digits as a number, Corsica's 2A… and 2B…
 * after them; -1 for any other form. One array read per row instead of a hash lookup of a string
 * the parser has just made (about a tenth of the parse's time in a 1 M-row profile).
 */
function communeSlot(code: string): number {
  if (code.length !== 5) return -1;
  let n = 0;
  for (let i = 2; i < 5; i += 1) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  const a = code.charCodeAt(0) - 48;
  const b = code.charCodeAt(1);
  if (a < 0 || a > 9) return -1;
  if (b >= 48 && b <= 57) return (a * 10 + b - 48) * 1000 + n;
  return a === 2 && (b === 65 || b === 66) ? 100_000 + (b - 65) * 1000 + n : -1;
}

/**
 * The communes a parse looks codes up in. A code is known as `findCommune` knows it (trimmed and
 * upper-cased, a commune or a municipal arrondissement: the codes of `communeTable()`); the line
 * parts are those of the code exactly as written, as the staged path joins them (none for '2a004').
 */
export class CommuneIndex {
  private readonly byCode: Map<string, CommuneEntry>;
  private readonly slots = new Array<CommuneEntry | null | undefined>(102_000).fill(undefined);
  private readonly other: (code: string) => CommuneEntry | null;

  constructor(wire: CommuneWire[]) {
    this.byCode = new Map(wire.map(([code, departementCode, territory, placed, x, yText]): [string, CommuneEntry] => [code, { departementCode, line: { territory, placed, x, yText } }]));
    this.other = memo((code) => {
      const exact = this.byCode.get(code);
      if (exact) return exact;
      const known = this.byCode.get(code.trim().toUpperCase());
      return known ? { departementCode: known.departementCode, line: null } : null;
    });
  }

  /** The commune of a code as the file writes it, or null (unknown code). */
  of(code: string): CommuneEntry | null {
    const slot = communeSlot(code);
    if (slot < 0) return this.other(code);
    let entry = this.slots[slot];
    if (entry === undefined) {
      entry = this.byCode.get(code) ?? null;
      this.slots[slot] = entry;
    }
    return entry;
  }
}

/** A NAF code as the file writes it → the normalised sous-classe (null: invalid) and its tile. */
const nafOf = memo((raw) => {
  const naf = normalizeNafCode(raw);
  return { naf, tile: naf === null ? null : nafTile(naf) };
});

function reject(state: EtabParseState, line: number, reason: string): void {
  state.counters.rowsRejected += 1;
  if (state.counters.rejectedSamples.length < MAX_REJECTED_SAMPLES) state.counters.rejectedSamples.push({ line, reason });
}

/** A closed establishment of the file: only what can close it in the directory. */
interface ClosedEtab {
  active: false;
  line: number;
  siret: string;
  siren: string;
}

/** An active establishment of the file, validated, its codes normalised. */
interface ActiveEtab {
  active: true;
  line: number;
  siret: string;
  siren: string;
  partial: boolean;
  denomination: string | null;
  enseigne: string | null;
  /** Null when there is no usable NAF code. */
  nomenclature: string | null;
  naf: string | null;
  /** The commune code as written in the file. */
  commune: string | null;
  /** What is known of it (null when there is no code). */
  place: CommuneEntry | null;
  postal: string | null;
  band: string | null;
  headOffice: boolean;
  employer: boolean | null;
  created: string | null;
  /** From the file's Lambert 93 coordinates (metropolitan France only). */
  lat: number | null;
  lon: number | null;
  tile: number | null;
}

type Etab = ClosedEtab | ActiveEtab;

/** Validates one StockEtablissement record: the establishment, or null (rejected). */
function etabRow(state: EtabParseState, fields: (string | undefined)[], communes: CommuneIndex): Etab | null {
  const line = state.line;
  const get = (k: EtabColumn): string | undefined => fields[ETAB_AT[k]];
  const siret = (get('siret') ?? '').trim();
  const siren = (get('siren') ?? '').trim();
  if (!/^\d{14}$/.test(siret) || !isValidSiret(siret)) {
    reject(state, line, `SIRET invalide (${shown(siret, 20) || 'vide'})`);
    return null;
  }
  if (siret.slice(0, 9) !== siren || siret.slice(9) !== (get('nic') ?? '').trim()) {
    reject(state, line, `SIRET ${siret} incohérent avec le SIREN et le NIC`);
    return null;
  }
  const diffusion = (get('statutDiffusionEtablissement') ?? '').trim();
  if (diffusion !== 'O' && diffusion !== 'P') {
    reject(state, line, `établissement non diffusible (statut « ${shown(diffusion, 10) || 'vide'} »)`);
    return null;
  }
  const etat = (get('etatAdministratifEtablissement') ?? '').trim();
  if (etat !== 'A' && etat !== 'F') {
    reject(state, line, `état administratif inconnu (« ${shown(etat, 10) || 'vide'} »)`);
    return null;
  }
  const active = etat === 'A';
  if (!active) {
    state.counters.rowsClosed += 1;
    return { active: false, line, siret, siren };
  }
  const communeRaw = val(get('codeCommuneEtablissement'));
  const commune = communeRaw === null ? null : communes.of(communeRaw);
  if (communeRaw !== null && !commune) {
    reject(state, line, `code commune inconnu (${shown(communeRaw, 10)})`);
    return null;
  }
  const nomenclature = val(get('nomenclatureActivitePrincipaleEtablissement')) ?? 'NAFv2';
  const nafRaw = val(get('activitePrincipaleEtablissement'));
  const nafCode = nafRaw !== null && nomenclature === 'NAFv2' ? nafOf(nafRaw) : null;
  const naf = nafCode === null ? null : nafCode.naf;
  if (nafRaw !== null && nomenclature === 'NAFv2' && naf === null) {
    reject(state, line, `code NAF invalide (${shown(nafRaw, 10)})`);
    return null;
  }
  const created = val(get('dateCreationEtablissement'));
  const band = val(get('trancheEffectifsEtablissement'));
  const postal = val(get('codePostalEtablissement'));
  const employer = val(get('caractereEmployeurEtablissement'));
  let lat: number | null = null;
  let lon: number | null = null;
  const lx = val(get('coordonneeLambertAbscisseEtablissement'));
  const ly = val(get('coordonneeLambertOrdonneeEtablissement'));
  if (lx !== null && ly !== null && commune && !commune.departementCode.startsWith('97')) {
    const p = lambert93ToWgs84(Number(lx), Number(ly));
    if (p) ({ lat, lon } = p);
  }
  state.counters.rowsKept += 1;
  return {
    active: true,
    line,
    siret,
    siren,
    partial: diffusion === 'P',
    denomination: textVal(get('denominationUsuelleEtablissement')),
    enseigne: textVal(get('enseigne1Etablissement')),
    nomenclature: naf === null ? null : nomenclature,
    naf,
    commune: communeRaw,
    place: commune,
    postal: postal !== null && POSTCODE.test(postal) ? postal : null,
    band: band !== null && BAND.test(band) ? band : null,
    headOffice: (get('etablissementSiege') ?? '').trim() === 'true',
    employer: employer === 'O' ? true : employer === 'N' ? false : null,
    created: calendarDate(created),
    lat,
    lon,
    tile: nafCode === null ? null : nafCode.tile,
  };
}

/**
 * The staging table's line of an establishment (imp_etab; the merge joins the companions and the
 * communes). `ord` places it in the file (the last line of a SIRET wins): its block's rank in the
 * file, times 2^32, plus its rank in the block — blocks are parsed apart, so no count of the
 * records before it is known there.
 */
function stagingLine(e: Etab, block: number): string {
  const ord = block * 2 ** 32 + e.line;
  if (!e.active) return copyLine([ord, e.siret, e.siren, false, null, null, null, null, null, null, null, null, null, null, null, null, null, null]);
  return copyLine([ord, e.siret, e.siren, true, e.partial, e.denomination, e.enseigne, e.nomenclature, e.naf, e.commune, e.postal, e.band, e.headOffice, e.employer, e.created, e.lat, e.lon, e.tile]);
}

/** Columns of the directory that a direct first load writes (the others take their defaults). */
export const DIRECT_COLUMNS = [
  'siret', 'siren', 'name', 'enseigne', 'naf_nomenclature', 'naf_code', 'commune_code', 'departement_code', 'region_code', 'epci_code',
  'postal_code', 'size_band', 'head_office', 'employer', 'created_on', 'partial', 'lat', 'lon', 'geo_precision', 'pos', 'naf_pos', 'search_text', 'last_import_id',
] as const;

/** What a direct first load needs besides the row: the communes' parts of the line, PostgreSQL's search folding, the import. */
export interface DirectContext {
  fold: (text: string) => string;
  importId: string;
}

/** The parts of a directory line that depend on the commune only, made once per commune. */
export interface CommuneLine {
  /** commune_code … epci_code. */
  territory: string;
  /** lat, lon, geo_precision and pos of an establishment placed at the commune's point; null without one. */
  placed: string | null;
  /** The planar point of that placement (pos), to shift into a NAF tile; `yText`: its y as written. */
  x: number;
  yText: string;
}

const NULL = '\\N';
/** commune_code … epci_code of an establishment without a commune. */
const NULL_TERRITORY = [NULL, NULL, NULL, NULL].join('\t');
/** lat … naf_pos of an establishment with no point. */
const NULL_PLACE = [NULL, NULL, NULL, NULL, NULL].join('\t');

const NON_ASCII_TEXT = /[\u0080-\uffff]/;

/** PostgreSQL's folding of each character that it changes (`searchFoldTable`), as parse threads take it. */
export interface FoldTable {
  chars: [number, string][];
}

/**
 * PostgreSQL's `lower(unaccent(text))` as a function, from its folding of each character: a text
 * is folded character by character (both functions work character by character: `unaccent` rules
 * have one character on the left, `lower` is the character-wise lower case of the database's
 * locale). Characters the table leaves out are kept as they are.
 */
export function folder(fold: FoldTable): (text: string) => string {
  const table = new Map<number, string>(fold.chars);
  const upperAscii = [...table.keys()].filter((i) => i < 0x80);
  // ASCII text then folds as JavaScript lower-cases it, when the database does the same.
  const asciiLower = upperAscii.length === 26 && upperAscii.every((i) => i >= 65 && i <= 90 && table.get(i) === String.fromCharCode(i + 32));
  return (text) => {
    if (asciiLower && !NON_ASCII_TEXT.test(text)) return text.toLowerCase();
    let out = '';
    for (const ch of text) out += table.get(ch.codePointAt(0) as number) ?? ch;
    return out;
  };
}

/** PostgreSQL's left(text, n): n characters (code points), not UTF-16 units. */
function leftChars(v: string | null, n: number): string | null {
  if (v === null || v.length <= n) return v;
  return Array.from(v).slice(0, n).join('');
}

/** A point in PostgreSQL's text form, from the same doubles the SQL of the staged path computes. */
function pointText(x: number, y: number): string {
  return `(${x},${y})`;
}

function boolText(v: boolean | null): string {
  return v === null ? NULL : v ? 't' : 'f';
}

/**
 * The directory's line of an active establishment (DIRECT_COLUMNS), computed here exactly as
 * `insertSql` computes it from the staging table without companion files: the commune's territory
 * and point, the planar points (`planarSql`: the same products of the same doubles), the folded
 * search text. Only text fields can hold characters to escape; codes, dates and numbers were
 * validated. Closed establishments of a first load have nothing to close: no line.
 */
function directLine(e: Etab, ctx: DirectContext, out: CopyLines): void {
  if (!e.active) return;
  const c = e.place === null ? null : e.place.line;
  const name = leftChars(e.denomination ?? e.enseigne, 250);
  const enseigne = leftChars(e.enseigne, 250);
  out.raw(e.siret);
  out.tab();
  out.raw(e.siren);
  out.tab();
  out.value(name);
  out.tab();
  out.value(enseigne);
  out.tab();
  out.raw(e.nomenclature ?? NULL);
  out.tab();
  out.raw(e.naf ?? NULL);
  out.tab();
  out.raw(c ? c.territory : NULL_TERRITORY);
  out.tab();
  out.raw(e.postal ?? NULL);
  out.tab();
  out.raw(e.band ?? NULL);
  out.tab();
  out.raw(boolText(e.headOffice));
  out.tab();
  out.raw(boolText(e.employer));
  out.tab();
  out.raw(e.created ?? NULL);
  out.tab();
  out.raw(boolText(e.partial));
  out.tab();
  // lat, lon, geo_precision, pos, naf_pos.
  if (e.lat !== null && e.lon !== null) {
    const x = e.lon * KM_PER_DEGREE_LON;
    const y = e.lat * KM_PER_DEGREE_LAT;
    out.raw(`${e.lat}\t${e.lon}\texact\t${pointText(x, y)}\t`);
    out.raw(e.tile === null ? NULL : pointText(x + e.tile * TILE_KM, y));
  } else if (c?.placed) {
    out.raw(c.placed);
    out.tab();
    out.raw(e.tile === null ? NULL : `(${c.x + e.tile * TILE_KM},${c.yText})`);
  } else {
    out.raw(NULL_PLACE);
  }
  out.tab();
  // searchTextSql, here: both functions work character by character, so folding the parts is folding the whole.
  const foldedName = name === null ? null : ctx.fold(name);
  const foldedSign = enseigne === null ? null : enseigne === name ? foldedName : ctx.fold(enseigne);
  if (foldedName === null) out.value(foldedSign ?? '');
  else {
    out.value(foldedName);
    if (foldedSign !== null && foldedSign !== foldedName) {
      out.raw(' ');
      out.value(foldedSign);
    }
  }
  out.tab();
  out.raw(ctx.importId);
  out.newline();
}

/** Why a record with the wrong number of fields is rejected. */
function malformed(width: number, expected: number): string {
  return `ligne mal formée : ${width} colonnes au lieu de ${expected}`;
}

/** One data record of StockEtablissement → the establishment, or null. */
function etabRecord(state: EtabParseState, record: PickedRecord, communes: CommuneIndex): Etab | null {
  state.line += 1;
  state.counters.rowsRead += 1;
  if (state.pendingMalformed) {
    reject(state, state.pendingMalformed.line, malformed(state.pendingMalformed.width, state.width));
    state.pendingMalformed = null;
  }
  if (record.width !== state.width) {
    state.pendingMalformed = { line: state.line, width: record.width };
    return null;
  }
  return etabRow(state, record.fields, communes);
}


/** What a parse is set up with, once (a parse thread gets it as its worker data). */
export interface EtabParseSetup {
  /** 'direct': lines of the directory itself (DIRECT_COLUMNS); 'staging': lines of the staging table (imp_etab). */
  mode: 'direct' | 'staging';
  communes: CommuneWire[];
  /** For 'direct' lines: PostgreSQL's folding of the search text, and the import that writes them. */
  fold?: FoldTable;
  importId?: string;
}

/** The file's header, read by the import's own thread: the positions of the columns it reads, and how many columns there are. */
export interface EtabHeader {
  indexes: number[];
  width: number;
}

/** What a block of records made. Its lines are numbered from the block's first record (1). */
export interface EtabBlock {
  /** Its COPY lines (null: none). */
  bytes: Uint8Array | null;
  records: number;
  kept: number;
  closed: number;
  rejected: number;
  samples: RejectedSample[];
  /** Its last record has the wrong number of fields: rejected if another record follows, a truncation if none does. */
  trailing: { line: number; width: number } | null;
}

/**
 * Blocks of StockEtablissement records → their COPY lines and counts. A block starts at the start
 * of a record and, unless it is the file's last, ends at the end of one (`recordCut`), so blocks
 * can be parsed in any thread and in any order, their results put back in file order (`EtabLines`).
 */
export class EtabBlockParser {
  private readonly out = new CopyLines();
  private readonly communes: CommuneIndex;
  private readonly write: (e: Etab, out: CopyLines) => void;
  /** The rank in the file of the block being parsed. */
  private block = 0;

  constructor(setup: EtabParseSetup) {
    this.communes = new CommuneIndex(setup.communes);
    if (setup.mode === 'direct') {
      const ctx: DirectContext = { fold: folder(setup.fold ?? { chars: [] }), importId: setup.importId ?? '' };
      this.write = (e, out) => directLine(e, ctx, out);
    } else {
      this.write = (e, out) => out.raw(stagingLine(e, this.block));
    }
  }

  /** The records of `bytes`, the block of rank `block` in the file. */
  parse(bytes: Uint8Array, header: EtabHeader, final: boolean, block: number): EtabBlock {
    this.block = block;
    const state: EtabParseState = { counters: { rowsRead: 0, rowsKept: 0, rowsClosed: 0, rowsRejected: 0, rejectedSamples: [] }, width: header.width, line: 0, pendingMalformed: null };
    const records = pickedRecords(',', header.indexes);
    const emit = (r: PickedRecord): void => {
      const e = etabRecord(state, r, this.communes);
      if (e !== null) this.write(e, this.out);
    };
    const lines = new LineSplitter((line) => records(line, emit));
    try {
      lines.feed(byteText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
      if (final) lines.finish();
      else if (lines.rest !== '' || lines.pending !== null) throw new Error('a block of StockEtablissement records must end where a record ends');
    } catch (e) {
      this.out.take();
      throw e;
    }
    const c = state.counters;
    return { bytes: this.out.take() ?? null, records: c.rowsRead, kept: c.rowsKept, closed: c.rowsClosed, rejected: c.rowsRejected, samples: c.rejectedSamples, trailing: state.pendingMalformed };
  }
}

/** Adds a block's counts and rejected rows to the file's (`state`), its lines numbered in the file. */
export function mergeBlock(state: EtabParseState, block: EtabBlock): void {
  if (block.records > 0 && state.pendingMalformed) {
    reject(state, state.pendingMalformed.line, malformed(state.pendingMalformed.width, state.width));
    state.pendingMalformed = null;
  }
  const before = state.line;
  const c = state.counters;
  c.rowsRead += block.records;
  c.rowsKept += block.kept;
  c.rowsClosed += block.closed;
  c.rowsRejected += block.rejected;
  for (const s of block.samples) if (c.rejectedSamples.length < MAX_REJECTED_SAMPLES) c.rejectedSamples.push({ line: before + s.line, reason: s.reason });
  state.line += block.records;
  if (block.trailing) state.pendingMalformed = { line: before + block.trailing.line, width: block.trailing.width };
}
