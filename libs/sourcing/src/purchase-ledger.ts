import { parse } from 'csv-parse/sync';
import { findNaf, findRegion, isValidSiret, normalizeNafCode } from '@filiere/reference-data';

/** Rejected rows kept with their reason on the analysis (the count covers them all). */
export const MAX_LEDGER_REJECTED_SAMPLES = 20;
/** Categories bought outside the région, largest first. */
export const TOP_OUTSIDE_CATEGORIES = 10;

/** EU-27, the rest of the EEA (Iceland, Liechtenstein, Norway), Switzerland and the United Kingdom. */
export const EUROPE_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
  'IS', 'LI', 'NO', 'CH', 'GB',
]);

/** French (and a few English) country names, folded, to ISO 3166-1 alpha-2. */
const COUNTRY_NAMES: Record<string, string> = {
  france: 'FR', 'france metropolitaine': 'FR', allemagne: 'DE', germany: 'DE', autriche: 'AT', austria: 'AT', belgique: 'BE', belgium: 'BE', bulgarie: 'BG', chypre: 'CY',
  'republique tcheque': 'CZ', tchequie: 'CZ', danemark: 'DK', estonie: 'EE', espagne: 'ES', spain: 'ES', finlande: 'FI', grece: 'GR', croatie: 'HR', hongrie: 'HU',
  irlande: 'IE', italie: 'IT', italy: 'IT', lituanie: 'LT', luxembourg: 'LU', lettonie: 'LV', malte: 'MT', 'pays bas': 'NL', hollande: 'NL', netherlands: 'NL',
  pologne: 'PL', poland: 'PL', portugal: 'PT', roumanie: 'RO', suede: 'SE', slovenie: 'SI', slovaquie: 'SK', islande: 'IS', liechtenstein: 'LI', norvege: 'NO',
  suisse: 'CH', switzerland: 'CH', 'royaume uni': 'GB', angleterre: 'GB', 'united kingdom': 'GB', uk: 'GB',
  chine: 'CN', china: 'CN', 'etats unis': 'US', usa: 'US', 'united states': 'US', japon: 'JP', inde: 'IN', turquie: 'TR', maroc: 'MA', tunisie: 'TN', algerie: 'DZ',
  vietnam: 'VN', 'viet nam': 'VN', bangladesh: 'BD', 'coree du sud': 'KR', taiwan: 'TW', canada: 'CA', bresil: 'BR', mexique: 'MX', russie: 'RU', ukraine: 'UA',
  serbie: 'RS', thailande: 'TH', indonesie: 'ID', malaisie: 'MY', pakistan: 'PK', 'afrique du sud': 'ZA', israel: 'IL', singapour: 'SG', australie: 'AU',
};

export type LedgerZone = 'ownRegion' | 'restOfFrance' | 'restOfEurope' | 'outsideEurope';

export interface LedgerRow {
  line: number;
  siret: string | null;
  /** ISO alpha-2; null when only a SIRET was given (France). */
  country: string | null;
  amountCents: number;
  /** The ledger's own category (a NAF code or a free label), if any. */
  category: string | null;
  label: string | null;
}

export interface RejectedLedgerRow {
  line: number;
  reason: string;
}

export interface ParsedLedger {
  delimiter: ';' | ',';
  rows: LedgerRow[];
  rowsRead: number;
  rejected: RejectedLedgerRow[];
  rejectedCount: number;
}

/** A file that cannot be read at all (not a row problem): field-level message in English. */
export class LedgerFileError extends Error {}

/** What the directory knows about a supplier SIRET. */
export interface DirectoryFacts {
  regionCode: string | null;
  nafCode: string | null;
}

export interface ZoneFigure {
  amountCents: number;
  /** Percentage of the total, one decimal. */
  share: number;
}

export interface OutsideCategory {
  /** NAF classe (25.62) or division (25), or the ledger's free label. */
  code: string | null;
  label: string;
  amountCents: number;
  /** Share of what is bought outside the région, percent, one decimal. */
  share: number;
  /** Active directory establishments in the buyer's région with this NAF prefix (null for a free label). */
  localSuppliers: number | null;
}

export interface LedgerAnalysis {
  regionCode: string | null;
  regionName: string | null;
  delimiter: ';' | ',';
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  rejectedSamples: RejectedLedgerRow[];
  totalCents: number;
  zones: Record<LedgerZone, ZoneFigure>;
  /** French suppliers whose région is unknown (not in the directory): counted in restOfFrance. */
  unknownRegion: ZoneFigure;
  /** Bought outside the région (restOfFrance + restOfEurope + outsideEurope). */
  outsideRegionCents: number;
  /** Bought outside the région without any category (neither from the directory nor the ledger). */
  uncategorisedOutsideCents: number;
  topOutsideCategories: OutsideCategory[];
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type Column = 'siret' | 'country' | 'amount' | 'category' | 'label';

/** Header → column, by name, French or English; the first matching header wins. */
function columnOf(header: string): Column | null {
  const h = fold(header);
  if (/\bsiret\b/.test(h)) return 'siret';
  if (/\b(pays|country)\b/.test(h)) return 'country';
  if (/\b(montant|amount)\b/.test(h)) return 'amount';
  if (/\b(categorie|category|naf|ape)\b/.test(h)) return 'category';
  if (/\b(libelle|label|designation|description)\b/.test(h)) return 'label';
  return null;
}

/** `;` unless the header line has more commas than semicolons. */
export function detectDelimiter(text: string): ';' | ',' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const semi = firstLine.split(';').length - 1;
  const comma = firstLine.split(',').length - 1;
  return semi >= comma && semi > 0 ? ';' : comma > 0 ? ',' : ';';
}

/**
 * An amount in cents: '1 234,56', '1234.56', '1.234,56 €', '-12,5'. The last of ',' and '.' is
 * the decimal separator when both appear; a lone ',' is decimal; several '.' are thousands.
 */
export function parseAmountCents(raw: string): number | null {
  let s = raw.replace(/[\s\u00a0\u202f€]/g, '').replace(/EUR$/i, '');
  if (!s) return null;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (comma >= 0) {
    if (s.indexOf(',') !== comma) return null;
    s = s.replace(',', '.');
  } else if (dot >= 0 && s.indexOf('.') !== dot) {
    s = s.replace(/\./g, '');
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

/** ISO alpha-2 from a code ('FR', 'fr') or a French / English name ('Allemagne', 'Pays-Bas'); null if unknown. */
export function countryCode(raw: string): string | null {
  const t = raw.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase() === 'UK' ? 'GB' : t.toUpperCase();
  return COUNTRY_NAMES[fold(t)] ?? null;
}

/** Reads the ledger CSV (UTF-8 with or without BOM, `;` or `,`), keeping valid rows and the reasons for the others. */
export function parseLedger(input: Buffer | string): ParsedLedger {
  // NUL characters mean nothing in a CSV, and PostgreSQL's text and jsonb cannot hold them.
  const text = (Buffer.isBuffer(input) ? input.toString('utf8') : input).replace(/^\uFEFF/, '').replaceAll('\0', '');
  if (!text.trim()) throw new LedgerFileError('the file is empty');
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as never;
  } catch (e) {
    throw new LedgerFileError(`the file is not a readable CSV (${(e as Error).message})`);
  }
  const [head, ...data] = records;
  if (!head) throw new LedgerFileError('the file is empty');
  const index: Partial<Record<Column, number>> = {};
  head.record.forEach((h, i) => {
    const c = columnOf(h);
    if (c && index[c] === undefined) index[c] = i;
  });
  if (index.amount === undefined) throw new LedgerFileError('no amount column (montant / amount)');
  if (index.siret === undefined && index.country === undefined) throw new LedgerFileError('no supplier column: give siret (SIRET fournisseur) and/or pays / country');
  const rows: LedgerRow[] = [];
  const rejected: RejectedLedgerRow[] = [];
  let rejectedCount = 0;
  const reject = (line: number, reason: string): void => {
    rejectedCount++;
    if (rejected.length < MAX_LEDGER_REJECTED_SAMPLES) rejected.push({ line, reason });
  };
  for (const { record, info } of data) {
    const line = info.lines;
    const cell = (c: Column): string => (index[c] === undefined ? '' : (record[index[c]] ?? '').trim());
    const amountRaw = cell('amount');
    const amountCents = parseAmountCents(amountRaw);
    if (amountCents === null) {
      reject(line, amountRaw ? `montant illisible (${amountRaw.slice(0, 40)})` : 'montant manquant');
      continue;
    }
    if (amountCents <= 0) {
      reject(line, `montant nul ou négatif (${amountRaw.slice(0, 40)}) : les avoirs ne sont pas pris en compte`);
      continue;
    }
    const siretRaw = cell('siret').replace(/\s/g, '');
    const countryRaw = cell('country');
    let country: string | null = null;
    if (countryRaw) {
      country = countryCode(countryRaw);
      if (!country) {
        reject(line, `pays inconnu (${countryRaw.slice(0, 40)})`);
        continue;
      }
    }
    let siret: string | null = null;
    if (siretRaw && (country === null || country === 'FR')) {
      if (!/^\d{14}$/.test(siretRaw) || !isValidSiret(siretRaw)) {
        reject(line, `SIRET invalide (${siretRaw.slice(0, 20)})`);
        continue;
      }
      siret = siretRaw;
    }
    if (!siret && !country) {
      reject(line, 'ni SIRET ni pays du fournisseur');
      continue;
    }
    rows.push({ line, siret, country, amountCents, category: cell('category') || null, label: cell('label') || null });
  }
  return { delimiter, rows, rowsRead: data.length, rejected, rejectedCount };
}

/** The category of a row: the directory's NAF (classe), else the ledger's NAF (classe or division), else its free label. */
export function categoryOf(row: LedgerRow, facts: DirectoryFacts | undefined): { code: string | null; label: string } | null {
  const fromNaf = (raw: string): { code: string; label: string } | null => {
    const code = normalizeNafCode(raw);
    const entry = code ? findNaf(code) : undefined;
    if (!entry || entry.level === 'section') return null;
    const key = entry.code.length >= 5 ? entry.code.slice(0, 5) : entry.code.slice(0, 2);
    return { code: key, label: findNaf(key)?.label ?? entry.label };
  };
  if (facts?.nafCode) {
    const c = fromNaf(facts.nafCode);
    if (c) return c;
  }
  if (row.category) {
    return fromNaf(row.category) ?? { code: null, label: row.category.slice(0, 200) };
  }
  return null;
}

function pct(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 1000) / 10 : 0;
}

/**
 * The local-purchase index of a parsed ledger for a buyer of `regionCode`. A French SIRET's région
 * comes from the directory; a French supplier not found there counts in the rest of France and in
 * `unknownRegion`. `localSuppliers` of each category is filled by `withLocalSuppliers`.
 */
export function analyseLedger(parsed: ParsedLedger, regionCode: string | null, directory: ReadonlyMap<string, DirectoryFacts>): LedgerAnalysis {
  const amounts: Record<LedgerZone, number> = { ownRegion: 0, restOfFrance: 0, restOfEurope: 0, outsideEurope: 0 };
  let unknown = 0;
  let uncategorised = 0;
  const categories = new Map<string, OutsideCategory>();
  for (const row of parsed.rows) {
    const facts = row.siret ? directory.get(row.siret) : undefined;
    let zone: LedgerZone;
    if (row.country && row.country !== 'FR') zone = EUROPE_COUNTRIES.has(row.country) ? 'restOfEurope' : 'outsideEurope';
    else if (facts?.regionCode && regionCode && facts.regionCode === regionCode) zone = 'ownRegion';
    else {
      zone = 'restOfFrance';
      if (!facts?.regionCode) unknown += row.amountCents;
    }
    amounts[zone] += row.amountCents;
    if (zone === 'ownRegion') continue;
    const category = categoryOf(row, facts);
    if (!category) {
      uncategorised += row.amountCents;
      continue;
    }
    const key = category.code ?? `label:${fold(category.label)}`;
    const entry = categories.get(key) ?? { code: category.code, label: category.label, amountCents: 0, share: 0, localSuppliers: null };
    entry.amountCents += row.amountCents;
    categories.set(key, entry);
  }
  const total = amounts.ownRegion + amounts.restOfFrance + amounts.restOfEurope + amounts.outsideEurope;
  const outside = total - amounts.ownRegion;
  const zones = Object.fromEntries(Object.entries(amounts).map(([z, a]) => [z, { amountCents: a, share: pct(a, total) }])) as Record<LedgerZone, ZoneFigure>;
  const top = [...categories.values()]
    .sort((a, b) => b.amountCents - a.amountCents || (a.code ?? a.label).localeCompare(b.code ?? b.label))
    .slice(0, TOP_OUTSIDE_CATEGORIES)
    .map((c) => ({ ...c, share: pct(c.amountCents, outside) }));
  return {
    regionCode,
    regionName: regionCode ? (findRegion(regionCode)?.name ?? null) : null,
    delimiter: parsed.delimiter,
    rowsRead: parsed.rowsRead,
    rowsUsed: parsed.rows.length,
    rowsRejected: parsed.rejectedCount,
    rejectedSamples: parsed.rejected,
    totalCents: total,
    zones,
    unknownRegion: { amountCents: unknown, share: pct(unknown, total) },
    outsideRegionCents: outside,
    uncategorisedOutsideCents: uncategorised,
    topOutsideCategories: top,
  };
}

/** Fills each NAF category's count of local directory suppliers (prefix → count). */
export function withLocalSuppliers(analysis: LedgerAnalysis, counts: ReadonlyMap<string, number>): LedgerAnalysis {
  return { ...analysis, topOutsideCategories: analysis.topOutsideCategories.map((c) => ({ ...c, localSuppliers: c.code === null ? null : (counts.get(c.code) ?? 0) })) };
}
