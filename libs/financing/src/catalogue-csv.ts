import { stringify } from 'csv-stringify/sync';
import type { SchemeView } from './scheme-view';

/** Columns of the catalogue CSV: French header, how to write a scheme's value, how to read it back. */
type Plain = Record<string, unknown>;
interface Column {
  header: string;
  write: (s: SchemeView) => string;
  read: (cell: string, out: Plain) => void;
}

const list = (v: string[]): string => v.join(', ');
const parseList = (cell: string): string[] =>
  cell
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter(Boolean);
/** Cents → euros with a decimal comma (French Excel), and back. */
const euros = (cents: number | null): string => (cents === null ? '' : (cents / 100).toFixed(2).replace('.', ','));
const parseEuros = (cell: string): number | null | string => {
  const t = cell.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? Math.round(n * 100) : cell; // a non-number stays a string: validation refuses it
};
const parseNumber = (cell: string): number | null | string => {
  const t = cell.trim().replace(',', '.');
  if (!t) return null;
  return Number.isFinite(Number(t)) ? Number(t) : cell;
};
/** `YYYY-MM-DD` → `DD/MM/YYYY`; reads both. */
const frDate = (iso: string | null): string => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
const parseDate = (cell: string): string | null => {
  const t = cell.trim();
  if (!t) return null;
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  return fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : t;
};
/** Text a spreadsheet would run as a formula is prefixed with an apostrophe (removed on import). */
const text = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const parseText = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

const COLUMNS: Column[] = [
  { header: 'Identifiant', write: (s) => s.id, read: (c, o) => { if (c.trim()) o.id = c.trim(); } },
  { header: 'Nom', write: (s) => text(s.name), read: (c, o) => { o.name = parseText(c); } },
  { header: 'Financeur', write: (s) => text(s.funder), read: (c, o) => { o.funder = parseText(c); } },
  { header: 'Type d’aide', write: (s) => s.kind, read: (c, o) => { o.kind = c.trim(); } },
  { header: 'Périmètre', write: (s) => s.perimeter.scope, read: (c, o) => { o.perimeter = { ...(o.perimeter as Plain | undefined), scope: c.trim() }; } },
  { header: 'Codes du périmètre', write: (s) => list(s.perimeter.codes), read: (c, o) => { o.perimeter = { ...(o.perimeter as Plain | undefined), codes: parseList(c) }; } },
  { header: 'Tailles d’entreprise', write: (s) => list(s.sizes), read: (c, o) => { o.sizes = parseList(c); } },
  { header: 'NAF visés', write: (s) => list(s.nafInclude), read: (c, o) => { o.nafInclude = parseList(c); } },
  { header: 'NAF exclus', write: (s) => list(s.nafExclude), read: (c, o) => { o.nafExclude = parseList(c); } },
  { header: 'Âge minimum (ans)', write: (s) => (s.minCompanyAgeYears === null ? '' : String(s.minCompanyAgeYears)), read: (c, o) => { o.minCompanyAgeYears = parseNumber(c); } },
  { header: 'Étapes du projet', write: (s) => list(s.stages), read: (c, o) => { o.stages = parseList(c); } },
  { header: 'Types de dépenses', write: (s) => list(s.expenseTypes), read: (c, o) => { o.expenseTypes = parseList(c); } },
  { header: 'Montant minimum (€)', write: (s) => euros(s.amountMinCents), read: (c, o) => { o.amountMinCents = parseEuros(c); } },
  { header: 'Montant maximum (€)', write: (s) => euros(s.amountMaxCents), read: (c, o) => { o.amountMaxCents = parseEuros(c); } },
  { header: 'Taux maximum (%)', write: (s) => (s.maxRatePercent === null ? '' : String(s.maxRatePercent).replace('.', ',')), read: (c, o) => { o.maxRatePercent = parseNumber(c); } },
  { header: 'De minimis', write: (s) => (s.deMinimis ? 'Oui' : 'Non'), read: (c, o) => { o.deMinimis = /^(oui|true|1)$/i.test(c.trim()); } },
  { header: 'Ouverture', write: (s) => frDate(s.opensOn), read: (c, o) => { o.opensOn = parseDate(c); } },
  { header: 'Pré-dépôt', write: (s) => frDate(s.predepositOn), read: (c, o) => { o.predepositOn = parseDate(c); } },
  { header: 'Clôture', write: (s) => frDate(s.closesOn), read: (c, o) => { o.closesOn = parseDate(c); } },
  { header: 'Récurrence', write: (s) => s.recurrence, read: (c, o) => { if (c.trim()) o.recurrence = c.trim(); } },
  { header: 'Fermé manuellement', write: (s) => (s.closedManually ? 'Oui' : 'Non'), read: (c, o) => { if (/^(oui|true|1)$/i.test(c.trim())) o.status = 'closed'; } },
  { header: 'Source', write: (s) => s.sourceUrl, read: (c, o) => { o.sourceUrl = c.trim(); } },
  { header: 'Vérifié le', write: (s) => frDate(s.lastVerifiedAt), read: (c, o) => { o.lastVerifiedAt = parseDate(c); } },
  { header: 'Description', write: (s) => text(s.description), read: (c, o) => { o.description = parseText(c); } },
];

export const CATALOGUE_CSV_HEADERS = COLUMNS.map((c) => c.header);

/** The catalogue for Excel (French locale): `;`, French headers, UTF-8 with BOM. */
export function catalogueCsv(schemes: SchemeView[]): string {
  return stringify([CATALOGUE_CSV_HEADERS, ...schemes.map((s) => COLUMNS.map((c) => c.write(s)))], { delimiter: ';', bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** RFC 4180 records with `;` (or `,`) separators and double-quoted fields; a BOM is skipped. */
export function parseCsv(input: string): string[][] {
  const textIn = input.replace(/^\uFEFF/, '');
  const firstLine = textIn.slice(0, textIn.search(/\r?\n|$/));
  const sep = firstLine.includes(';') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < textIn.length; i++) {
    const ch = textIn[i];
    if (quoted) {
      if (ch === '"' && textIn[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && textIn[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/**
 * Plain scheme objects from a catalogue CSV (columns found by header name, any order), to be
 * validated like JSON input; `errors` lists unknown or missing headers.
 */
export function readCatalogueCsv(input: string): { schemes: Plain[]; errors: { field: string; message: string }[] } {
  const [header, ...rows] = parseCsv(input);
  if (!header) return { schemes: [], errors: [{ field: 'csv', message: 'empty file' }] };
  const norm = (h: string): string => h.trim().toLowerCase().replace(/['’]/g, '’');
  const byHeader = new Map(COLUMNS.map((c) => [norm(c.header), c]));
  const cols = header.map((h) => byHeader.get(norm(h)));
  const errors = header.flatMap((h, i) => (cols[i] ? [] : [{ field: `csv.header.${i}`, message: `unknown column "${h}"` }]));
  for (const required of ['Nom', 'Financeur', 'Type d’aide', 'Périmètre', 'Source']) {
    if (!header.some((h) => norm(h) === norm(required))) errors.push({ field: 'csv.header', message: `missing column "${required}"` });
  }
  const schemes = rows.map((cells) => {
    const o: Plain = {};
    cells.forEach((cell, i) => cols[i]?.read(cell, o));
    if (o.perimeter && !(o.perimeter as Plain).codes) (o.perimeter as Plain).codes = [];
    return o;
  });
  return { schemes, errors };
}
