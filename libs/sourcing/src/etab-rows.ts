import { type CommuneRow, isValidSiret, isValidSiretAt, lambert93ToWgs84, normalizeNafCode } from '@filiere/reference-data';
import type { RejectedSample } from './supplier.entity';
import { copyEscaped, CopyLines } from './copy-lines';
import { byteText, CsvRecordError, LineSplitter, pickedRecords, PickedRecord, quoteCount, utf8 } from './csv-records';
import { blankEnds, calendarDateAt, communeSlotAt, communeSlotOf, digits, isCalendarDay, isND, NafByBytes, plainAsciiText, sameBytes, sameLower, utf8Bytes } from './etab-bytes';

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
export const ETAB_AT = columnPositions(ETAB_COLUMNS);

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

/**
 * A date of the register ('YYYY-MM-DD') when it is a day of the calendar from 1800 on, else null:
 * PostgreSQL refuses '2021-02-29' or '2020-13-01', and one such value would fail the whole COPY.
 */
function calendarDate(v: string | null): string | null {
  if (v === null || !DATE.test(v)) return null;
  return isCalendarDay(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))) ? v : null;
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
export type CommuneWire = [code: string, departementCode: string, territory: string, placed: string | null];

/** The communes of `communeTable()` as parse threads take them: each code with its line parts, made once. */
export function communeWire(rows: CommuneRow[]): CommuneWire[] {
  return rows.map((c): CommuneWire => {
    const territory = [c.communeCode, c.departementCode, c.regionCode, c.epciCode ?? NULL].join('\t');
    if (c.lat === null || c.lon === null) return [c.code, c.departementCode, territory, null];
    return [c.code, c.departementCode, territory, `${c.lat}\t${c.lon}\t${c.precision ?? NULL}`];
  });
}

/**
 * A commune code → its slot in `communeSlots`: the five digits as a number, Corsica's 2A… and 2B…
 * after them; -1 for any other form. One array read per row instead of a hash lookup of a string
 * the parser has just made (about a tenth of the parse's time in a 1 M-row profile).
 */
function communeSlot(code: string): number {
  return code.length === 5 ? communeSlotOf(code.charCodeAt(0), code.charCodeAt(1), code.charCodeAt(2), code.charCodeAt(3), code.charCodeAt(4)) : -1;
}

/**
 * The communes a parse looks codes up in. A code is known as `findCommune` knows it (trimmed and
 * upper-cased, a commune or a municipal arrondissement: the codes of `communeTable()`); the line
 * parts are those of the code exactly as written, as the staged path joins them (none for '2a004').
 */
export class CommuneIndex {
  private readonly byCode: Map<string, CommuneEntry>;
  /** The communes of the codes that have a slot (`communeSlot`), null for the slots of no commune. */
  private readonly slots = new Array<CommuneEntry | null>(102_000).fill(null);
  private readonly other: (code: string) => CommuneEntry | null;

  constructor(wire: CommuneWire[]) {
    this.byCode = new Map(
      wire.map(([code, departementCode, territory, placed]): [string, CommuneEntry] => [
        code,
        { departementCode, line: { territory: utf8Bytes(territory), placed: placed === null ? null : utf8Bytes(placed) } },
      ]),
    );
    for (const [code, entry] of this.byCode) {
      const slot = communeSlot(code);
      if (slot >= 0) this.slots[slot] = entry;
    }
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
    return slot < 0 ? this.other(code) : this.slots[slot];
  }

  /** The commune of a code written as its slot says (`communeSlotAt`), or null. */
  atSlot(slot: number): CommuneEntry | null {
    return this.slots[slot];
  }
}

/** A NAF code as the file writes it → the normalised sous-classe (null: invalid). */
const nafOf = memo(normalizeNafCode);

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
  const naf = nafRaw !== null && nomenclature === 'NAFv2' ? nafOf(nafRaw) : null;
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
  if (!e.active) return copyLine([ord, e.siret, e.siren, false, null, null, null, null, null, null, null, null, null, null, null, null, null]);
  return copyLine([ord, e.siret, e.siren, true, e.partial, e.denomination, e.enseigne, e.nomenclature, e.naf, e.commune, e.postal, e.band, e.headOffice, e.employer, e.created, e.lat, e.lon]);
}

/** Columns of the directory that a direct first load writes (the others take their defaults). */
export const DIRECT_COLUMNS = [
  'siret', 'siren', 'name', 'enseigne', 'naf_nomenclature', 'naf_code', 'commune_code', 'departement_code', 'region_code', 'epci_code',
  'postal_code', 'size_band', 'head_office', 'employer', 'created_on', 'partial', 'lat', 'lon', 'geo_precision', 'search_text', 'last_import_id',
] as const;

/** What a direct first load needs besides the row: the communes' parts of the line, PostgreSQL's search folding, the import. */
export interface DirectContext {
  fold: (text: string) => string;
  /** The import's id, as the bytes of the line. */
  importId: Uint8Array;
}

/** The parts of a directory line that depend on the commune only, made once per commune. */
export interface CommuneLine {
  /** commune_code … epci_code, as bytes of the line (made once). */
  territory: Uint8Array;
  /** lat, lon and geo_precision of an establishment placed at the commune's point; null without one. */
  placed: Uint8Array | null;
}

const NULL = '\\N';
/** commune_code … epci_code of an establishment without a commune. */
const NULL_TERRITORY = [NULL, NULL, NULL, NULL].join('\t');
/** lat, lon and geo_precision of an establishment with no point. */
const NULL_PLACE = [NULL, NULL, NULL].join('\t');

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
  const asciiLower = foldsAsciiToLower(fold);
  return (text) => {
    if (asciiLower && !NON_ASCII_TEXT.test(text)) return text.toLowerCase();
    let out = '';
    for (const ch of text) out += table.get(ch.codePointAt(0) as number) ?? ch;
    return out;
  };
}

/** Whether the folding changes no ASCII character but the capitals, each into its small letter: ASCII then folds as JavaScript lower-cases it. */
export function foldsAsciiToLower(fold: FoldTable): boolean {
  const upperAscii = fold.chars.filter(([i]) => i < 0x80);
  return upperAscii.length === 26 && upperAscii.every(([i, f]) => i >= 65 && i <= 90 && f === String.fromCharCode(i + 32));
}

/** PostgreSQL's left(text, n): n characters (code points), not UTF-16 units. */
function leftChars(v: string | null, n: number): string | null {
  if (v === null || v.length <= n) return v;
  return Array.from(v).slice(0, n).join('');
}

function boolText(v: boolean | null): string {
  return v === null ? NULL : v ? 't' : 'f';
}

/**
 * lat, lon and geo_precision of a directory line: the file's point, else the commune's, else
 * none. (PostgreSQL computes the planar points `pos` and `naf_pos` from them: `POS_SQL`, `NAF_POS_SQL`.)
 */
function writePlace(out: CopyLines, lat: number | null, lon: number | null, c: CommuneLine | null): void {
  if (lat !== null && lon !== null) {
    out.raw(`${lat}\t${lon}\texact`);
  } else if (c?.placed) {
    out.bytes(c.placed);
  } else {
    out.raw(NULL_PLACE);
  }
}

/** The name and the sign columns of a directory line. */
function writeNames(out: CopyLines, name: string | null, enseigne: string | null): void {
  out.value(name);
  out.tab();
  out.value(enseigne);
}

/** The search text of a directory line (`searchTextSql`). */
function writeSearchText(out: CopyLines, name: string | null, enseigne: string | null, ctx: DirectContext): void {
  // Both functions work character by character, so folding the parts is folding the whole.
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
}

/**
 * The directory's line of an active establishment (DIRECT_COLUMNS), computed here exactly as
 * `rowsSql` computes it from the staging table without companion files: the commune's territory
 * and point, the folded search text (the planar points are PostgreSQL's own generated columns).
 * Only text fields can hold characters to escape; codes, dates and numbers were validated. Closed
 * establishments of a first load have nothing to close: no line.
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
  writeNames(out, name, enseigne);
  out.tab();
  out.raw(e.nomenclature ?? NULL);
  out.tab();
  out.raw(e.naf ?? NULL);
  out.tab();
  if (c) out.bytes(c.territory);
  else out.raw(NULL_TERRITORY);
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
  writePlace(out, e.lat, e.lon, c);
  out.tab();
  writeSearchText(out, name, enseigne, ctx);
  out.tab();
  out.bytes(ctx.importId);
  out.newline();
}

/** Positions of the columns read, in the records of `EtabBlockParser`'s byte path. */
const AT = ETAB_AT;
const NULL_BYTES = utf8Bytes(NULL);
const NULL_TERRITORY_BYTES = utf8Bytes(NULL_TERRITORY);
const NAF_NULL_BYTES = utf8Bytes(`${NULL}\t${NULL}`);
const NAF_V2_TAB = utf8Bytes('NAFv2\t');
const TRUE_BYTES = utf8Bytes('true');
const FALSE_BYTES = utf8Bytes('false');

/**
 * A record read from its bytes (`readFromBytes`): where its values lie in the block, and what was
 * made of them. One per parser, filled again for each record.
 */
class BytesRecord {
  src: Uint8Array = new Uint8Array(0);
  /** Where each column read starts and ends (ETAB_COLUMNS order; `[ND]` made empty). */
  readonly start = new Int32Array(Object.keys(ETAB_COLUMNS).length);
  readonly end = new Int32Array(Object.keys(ETAB_COLUMNS).length);
  active = false;
  siret = 0;
  partial = false;
  place: CommuneEntry | null = null;
  /** The bytes of its normalised NAF code. */
  naf: Uint8Array | null = null;
  /** Denomination and sign both printable ASCII (or empty): written from their bytes; else as text below. */
  asciiNames = true;
  /** `textVal` of the denomination and of the sign (when not `asciiNames`). */
  denText: string | null = null;
  signText: string | null = null;
  lat: number | null = null;
  lon: number | null = null;

  /** Whether column `k` holds a value. */
  has(k: number): boolean {
    return this.end[k] > this.start[k];
  }
}

/**
 * A record written the usual way, read from its bytes (`etab-bytes.ts`) into `r` (whose `start`
 * and `end` the caller has set): true when it is taken, and then counted. False, with nothing
 * counted, for any other record — one that is rejected, a code with a blank around it or to
 * normalise — which `etabRecord` then reads: its checks are the reference, and the byte path
 * gives the same lines for the records it takes (tested with it and without it). Names and signs
 * in printable ASCII stay bytes; others are decoded as `textVal` does. The record's width and the
 * pending malformed one are the caller's to check.
 */
function readFromBytes(state: EtabParseState, r: BytesRecord, communes: CommuneIndex, nafs: NafByBytes): boolean {
  const { src, start, end } = r;
  for (let k = 0; k < start.length; k += 1) {
    if (k === AT.denominationUsuelleEtablissement || k === AT.enseigne1Etablissement) continue;
    if (blankEnds(src, start[k], end[k])) return false;
    // As blank: unknown for the values read with `val`; for the others (SIRET, statuses, head office), what a blank gives.
    if (isND(src, start[k], end[k])) end[k] = start[k];
  }
  const siret = start[AT.siret];
  if (end[AT.siret] - siret !== 14 || !isValidSiretAt(src, siret)) return false;
  if (end[AT.siren] - start[AT.siren] !== 9 || !sameBytes(src, start[AT.siren], siret, 9)) return false;
  if (end[AT.nic] - start[AT.nic] !== 5 || !sameBytes(src, start[AT.nic], siret + 9, 5)) return false;
  if (end[AT.statutDiffusionEtablissement] - start[AT.statutDiffusionEtablissement] !== 1) return false;
  const diffusion = src[start[AT.statutDiffusionEtablissement]];
  if (diffusion !== 0x4f && diffusion !== 0x50) return false; // O, P
  if (end[AT.etatAdministratifEtablissement] - start[AT.etatAdministratifEtablissement] !== 1) return false;
  const etat = src[start[AT.etatAdministratifEtablissement]];
  if (etat !== 0x41 && etat !== 0x46) return false; // A, F
  r.siret = siret;
  r.active = etat === 0x41;
  if (!r.active) {
    state.line += 1;
    state.counters.rowsRead += 1;
    state.counters.rowsClosed += 1;
    return true;
  }
  let place: CommuneEntry | null = null;
  const communeLength = end[AT.codeCommuneEtablissement] - start[AT.codeCommuneEtablissement];
  if (communeLength !== 0) {
    const slot = communeLength === 5 ? communeSlotAt(src, start[AT.codeCommuneEtablissement]) : -1;
    place = slot < 0 ? null : communes.atSlot(slot);
    if (place === null) return false;
  }
  const nomenclature = start[AT.nomenclatureActivitePrincipaleEtablissement];
  const nomenclatureLength = end[AT.nomenclatureActivitePrincipaleEtablissement] - nomenclature;
  if (nomenclatureLength !== 0 && !(nomenclatureLength === 5 && isNafV2(src, nomenclature))) return false;
  let naf: Uint8Array | null = null;
  if (r.has(AT.activitePrincipaleEtablissement)) {
    const known = nafs.of(src, start[AT.activitePrincipaleEtablissement], end[AT.activitePrincipaleEtablissement]);
    if (!known) return false;
    naf = known;
  }
  const den = start[AT.denominationUsuelleEtablissement];
  const denEnd = end[AT.denominationUsuelleEtablissement];
  const sign = start[AT.enseigne1Etablissement];
  const signEnd = end[AT.enseigne1Etablissement];
  r.asciiNames = (denEnd === den || plainAsciiText(src, den, denEnd)) && (signEnd === sign || plainAsciiText(src, sign, signEnd));
  r.denText = r.asciiNames ? null : textAt(src, den, denEnd);
  r.signText = r.asciiNames ? null : textAt(src, sign, signEnd);
  r.lat = null;
  r.lon = null;
  if (r.has(AT.coordonneeLambertAbscisseEtablissement) && r.has(AT.coordonneeLambertOrdonneeEtablissement) && place && !place.departementCode.startsWith('97')) {
    const p = lambert93ToWgs84(
      Number(latin1At(src, start[AT.coordonneeLambertAbscisseEtablissement], end[AT.coordonneeLambertAbscisseEtablissement])),
      Number(latin1At(src, start[AT.coordonneeLambertOrdonneeEtablissement], end[AT.coordonneeLambertOrdonneeEtablissement])),
    );
    if (p) {
      r.lat = p.lat;
      r.lon = p.lon;
    }
  }
  r.partial = diffusion === 0x50;
  r.place = place;
  r.naf = naf;
  state.line += 1;
  state.counters.rowsRead += 1;
  state.counters.rowsKept += 1;
  return true;
}

/** The value of column `k` as written (a code checked by `readFromBytes`), or `\N`. */
function writeCode(out: CopyLines, r: BytesRecord, k: number): void {
  if (r.has(k)) out.copy(r.src, r.start[k], r.end[k]);
  else out.bytes(NULL_BYTES);
}

/** postal_code, size_band, head_office, employer and created_on, as `etabRow` makes them, with `bool` the bytes of true and false. */
function writeDetails(out: CopyLines, r: BytesRecord, bool: [Uint8Array, Uint8Array]): void {
  const { src, start, end } = r;
  const postal = start[AT.codePostalEtablissement];
  if (end[AT.codePostalEtablissement] - postal === 5 && digits(src, postal, postal + 5)) out.copy(src, postal, postal + 5);
  else out.bytes(NULL_BYTES);
  out.tab();
  const band = start[AT.trancheEffectifsEtablissement];
  if (end[AT.trancheEffectifsEtablissement] - band === 2 && ((src[band] === 0x4e && src[band + 1] === 0x4e) || digits(src, band, band + 2))) out.copy(src, band, band + 2);
  else out.bytes(NULL_BYTES);
  out.tab();
  const head = start[AT.etablissementSiege];
  out.bytes(end[AT.etablissementSiege] - head === 4 && src[head] === 0x74 && src[head + 1] === 0x72 && src[head + 2] === 0x75 && src[head + 3] === 0x65 ? bool[0] : bool[1]);
  out.tab();
  const employer = end[AT.caractereEmployeurEtablissement] - start[AT.caractereEmployeurEtablissement] === 1 ? src[start[AT.caractereEmployeurEtablissement]] : 0;
  if (employer === 0x4f) out.bytes(bool[0]);
  else if (employer === 0x4e) out.bytes(bool[1]);
  else out.bytes(NULL_BYTES);
  out.tab();
  const created = start[AT.dateCreationEtablissement];
  if (calendarDateAt(src, created, end[AT.dateCreationEtablissement])) out.copy(src, created, created + 10);
  else out.bytes(NULL_BYTES);
}

/** naf_nomenclature and naf_code: 'NAFv2' and the code, or both unknown. */
function writeNaf(out: CopyLines, r: BytesRecord): void {
  if (r.naf) {
    out.bytes(NAF_V2_TAB);
    out.bytes(r.naf);
  } else out.bytes(NAF_NULL_BYTES);
}

const DIRECT_BOOL: [Uint8Array, Uint8Array] = [utf8Bytes('t'), utf8Bytes('f')];
const STAGING_BOOL: [Uint8Array, Uint8Array] = [TRUE_BYTES, FALSE_BYTES];

/** The directory line of an active record read by `readFromBytes`: `directLine`'s, from the bytes. */
function directLineFromBytes(r: BytesRecord, ctx: DirectContext, out: CopyLines): void {
  const { src, start, end } = r;
  const siret = r.siret;
  out.copy(src, siret, siret + 14);
  out.tab();
  out.copy(src, siret, siret + 9);
  out.tab();
  // The name (the denomination, else the sign), then the sign.
  const den = start[AT.denominationUsuelleEtablissement];
  const denEnd = end[AT.denominationUsuelleEtablissement];
  const sign = start[AT.enseigne1Etablissement];
  const signEnd = end[AT.enseigne1Etablissement];
  const n0 = denEnd > den ? den : sign;
  const n1 = denEnd > den ? denEnd : signEnd;
  // Text names, for `directLine`'s rules: the name is `left(…, 250)` of the denomination, else of the sign.
  const nameText = r.asciiNames ? null : leftChars(r.denText ?? r.signText, 250);
  const signText = r.asciiNames ? null : leftChars(r.signText, 250);
  if (!r.asciiNames) writeNames(out, nameText, signText);
  else {
    if (n1 > n0) out.copy(src, n0, n1);
    else out.bytes(NULL_BYTES);
    out.tab();
    if (signEnd > sign) out.copy(src, sign, signEnd);
    else out.bytes(NULL_BYTES);
  }
  out.tab();
  writeNaf(out, r);
  out.tab();
  if (r.place?.line) out.bytes(r.place.line.territory);
  else out.bytes(NULL_TERRITORY_BYTES);
  out.tab();
  writeDetails(out, r, DIRECT_BOOL);
  out.tab();
  out.bytes(r.partial ? DIRECT_BOOL[0] : DIRECT_BOOL[1]);
  out.tab();
  writePlace(out, r.lat, r.lon, r.place?.line ?? null);
  out.tab();
  if (!r.asciiNames) writeSearchText(out, nameText, signText, ctx);
  else if (n1 > n0) {
    // The name and the sign lower-cased (`foldsAsciiToLower`), the sign left out when it is the name.
    out.lower(src, n0, n1);
    if (signEnd > sign && !sameLower(src, n0, n1, sign, signEnd)) {
      out.byte(0x20);
      out.lower(src, sign, signEnd);
    }
  }
  out.tab();
  out.bytes(ctx.importId);
  out.newline();
}

/** The staging line of a record read by `readFromBytes`, `ord` its place in the file: `stagingLine`'s, from the bytes. */
function stagingLineFromBytes(r: BytesRecord, ord: number, out: CopyLines): void {
  const { src } = r;
  out.raw(String(ord));
  out.tab();
  out.copy(src, r.siret, r.siret + 14);
  out.tab();
  out.copy(src, r.siret, r.siret + 9);
  out.tab();
  if (!r.active) {
    out.raw(STAGING_CLOSED);
    return;
  }
  out.bytes(TRUE_BYTES);
  out.tab();
  out.bytes(r.partial ? TRUE_BYTES : FALSE_BYTES);
  out.tab();
  if (r.asciiNames) {
    writeCode(out, r, AT.denominationUsuelleEtablissement);
    out.tab();
    writeCode(out, r, AT.enseigne1Etablissement);
  } else writeNames(out, r.denText, r.signText);
  out.tab();
  writeNaf(out, r);
  out.tab();
  writeCode(out, r, AT.codeCommuneEtablissement);
  out.tab();
  writeDetails(out, r, STAGING_BOOL);
  out.tab();
  if (r.lat === null || r.lon === null) out.raw(`${NULL}\t${NULL}`);
  else out.raw(`${r.lat}\t${r.lon}`);
  out.newline();
}

/** The rest of a closed establishment's staging line (after its SIRET and SIREN). */
const STAGING_CLOSED = `false${`\t${NULL}`.repeat(13)}\n`;

/** A text field's bytes as `textVal` reads them. */
function textAt(src: Uint8Array, from: number, to: number): string | null {
  return from === to ? null : val(Buffer.from(src.buffer, src.byteOffset + from, to - from).toString('utf8'));
}

/** A code's bytes as a byte string (`byteText`). */
function latin1At(src: Uint8Array, from: number, to: number): string {
  return Buffer.from(src.buffer, src.byteOffset + from, to - from).toString('latin1');
}

/** 'NAFv2'. */
function isNafV2(src: Uint8Array, at: number): boolean {
  return src[at] === 0x4e && src[at + 1] === 0x41 && src[at + 2] === 0x46 && src[at + 3] === 0x76 && src[at + 4] === 0x32;
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
  /** false: every record read as text by the general path (tests compare both). */
  bytePath?: boolean;
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
  /** Records read on the byte path (`readFromBytes`). */
  fromBytes: number;
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
 * Records written the usual way are read from their bytes (`readFromBytes`), the others as text
 * (`etabRecord`).
 */
export class EtabBlockParser {
  private readonly out = new CopyLines();
  private readonly communes: CommuneIndex;
  private readonly write: (e: Etab, out: CopyLines) => void;
  /** Whether records written the usual way take the byte path (`readFromBytes`). */
  private readonly bytePath: boolean;
  /** The line of a record the byte path read. */
  private readonly writeBytes: (r: BytesRecord, line: number, out: CopyLines) => void;
  private readonly nafs = new NafByBytes();
  private readonly record = new BytesRecord();
  /** Where the fields of the line being read end (commas, then the line's end). */
  private commas = new Int32Array(64);
  /** The rank in the file of the block being parsed. */
  private block = 0;
  /** Records of the block being parsed read on the byte path. */
  private fromBytes = 0;

  constructor(setup: EtabParseSetup) {
    this.communes = new CommuneIndex(setup.communes);
    this.bytePath = setup.bytePath !== false;
    if (setup.mode === 'direct') {
      const fold = setup.fold ?? { chars: [] };
      const ctx: DirectContext = { fold: folder(fold), importId: utf8Bytes(setup.importId ?? '') };
      this.write = (e, out) => directLine(e, ctx, out);
      this.writeBytes = (r, _line, out) => {
        if (r.active) directLineFromBytes(r, ctx, out);
      };
      // Names in ASCII are folded byte by byte only where the database lower-cases ASCII as JavaScript does.
      if (!foldsAsciiToLower(fold)) this.bytePath = false;
    } else {
      this.write = (e, out) => out.raw(stagingLine(e, this.block));
      this.writeBytes = (r, line, out) => stagingLineFromBytes(r, this.block * 2 ** 32 + line, out);
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
    const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      if (this.bytePath) this.parseBytes(src, header, final, state, (line) => records(line, emit));
      else {
        const lines = new LineSplitter((line) => records(line, emit));
        lines.feed(byteText(src));
        if (final) lines.finish();
        else if (lines.rest !== '' || lines.pending !== null) throw new Error(BLOCK_END);
      }
    } catch (e) {
      this.out.take();
      this.fromBytes = 0;
      throw e;
    }
    const c = state.counters;
    const fromBytes = this.fromBytes;
    this.fromBytes = 0;
    return { bytes: this.out.take() ?? null, records: c.rowsRead, fromBytes, kept: c.rowsKept, closed: c.rowsClosed, rejected: c.rowsRejected, samples: c.rejectedSamples, trailing: state.pendingMalformed };
  }

  /**
   * `LineSplitter` on bytes: each line is cut at its commas as it is scanned, and a line with no
   * quote or NUL byte and the header's width goes to the byte path; the others, and the records the
   * byte path declines, go to `general` as text — lines with quotes joined as `LineSplitter` joins
   * them, NUL bytes dropped as `byteText` drops them.
   */
  private parseBytes(src: Buffer, header: EtabHeader, final: boolean, state: EtabParseState, general: (line: string) => void): void {
    const n = src.length;
    const wanted = header.indexes;
    const r = this.record;
    r.src = src;
    const starts = r.start;
    const ends = r.end;
    let pending: string | null = null;
    for (let lineStart = 0; ; ) {
      let commas = this.commas;
      let width = 0;
      // A quote or a NUL byte in the line: it is read as text.
      let text = false;
      let i = lineStart;
      for (; i < n; i += 1) {
        const b = src[i];
        // Letters and digits, most bytes, are past the comma.
        if (b > 44) continue;
        if (b === 44) {
          if (width === commas.length - 1) {
            const grown = new Int32Array(commas.length * 2);
            grown.set(commas);
            this.commas = commas = grown;
          }
          commas[width] = i;
          width += 1;
        } else if (b === 10) break;
        else if (b === 34 || b === 0) text = true;
      }
      if (i === n && !final) {
        // What follows the last line break of a block that is not the file's last.
        if (i > lineStart || pending !== null) throw new Error(BLOCK_END);
        return;
      }
      let lineEnd = i;
      if (lineEnd > lineStart && src[lineEnd - 1] === 13) lineEnd -= 1;
      commas[width] = lineEnd;
      width += 1;
      if (pending !== null || text) {
        // As `LineSplitter` reads the text of `byteText`: NUL bytes dropped, then a CR at the end.
        let line = src.toString('latin1', lineStart, i);
        if (line.includes('\0')) line = line.replaceAll('\0', '');
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (pending !== null) {
          pending += `\n${line}`;
          line = pending;
          if (quoteCount(pending) % 2 === 0) pending = null;
        } else if (line.includes('"') && quoteCount(line) % 2 === 1) pending = line;
        if (pending === null && line !== '') general(line);
      } else if (lineEnd > lineStart) {
        let taken = false;
        if (width === header.width && state.pendingMalformed === null) {
          for (let k = 0; k < wanted.length; k += 1) {
            const at = wanted[k];
            starts[k] = at < 0 ? 0 : at === 0 ? lineStart : commas[at - 1] + 1;
            ends[k] = at < 0 ? 0 : commas[at];
          }
          taken = readFromBytes(state, r, this.communes, this.nafs);
          if (taken) {
            this.writeBytes(r, state.line, this.out);
            this.fromBytes += 1;
          }
        }
        if (!taken) general(src.toString('latin1', lineStart, lineEnd));
      }
      // The file's last block ends with its last line, line break or not (`LineSplitter.finish`).
      if (i >= n) break;
      lineStart = i + 1;
    }
    if (pending !== null) throw new CsvRecordError(`unterminated quoted field starting with: ${pending.slice(0, 60)}`);
  }
}

const BLOCK_END = 'a block of StockEtablissement records must end where a record ends';

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
