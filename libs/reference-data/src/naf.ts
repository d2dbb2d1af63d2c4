import { ReferenceDataError, asArray, asObject, foldText, lazy, normalizeLimit, readPackageJson, requiredString } from './internal';

/**
 * NAF rév. 2 (INSEE's French activity nomenclature), from @socialgouv/codes-naf for divisions,
 * groupes, classes and sous-classes. Sections are not in that package: they are derived below from
 * the official division ranges, with their official French labels.
 */

export type NafLevel = 'section' | 'division' | 'groupe' | 'classe' | 'sous-classe';

export interface NafEntry {
  /** 'C', '25', '25.6', '25.62', '25.62B'. */
  code: string;
  label: string;
  level: NafLevel;
  /** The entry one level up; null for a section. */
  parentCode: string | null;
  /** The section letter, 'C' for '25.62B' (a section's own code for a section). */
  sectionCode: string;
}

/** Most general first, so that a level's index is its depth. */
export const NAF_LEVELS: readonly NafLevel[] = ['section', 'division', 'groupe', 'classe', 'sous-classe'];

/** The 21 sections of NAF rév. 2, with the divisions (inclusive range) each one covers. */
const SECTIONS: ReadonlyArray<{ code: string; from: number; to: number; label: string }> = [
  { code: 'A', from: 1, to: 3, label: 'Agriculture, sylviculture et pêche' },
  { code: 'B', from: 5, to: 9, label: 'Industries extractives' },
  { code: 'C', from: 10, to: 33, label: 'Industrie manufacturière' },
  { code: 'D', from: 35, to: 35, label: "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné" },
  { code: 'E', from: 36, to: 39, label: "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution" },
  { code: 'F', from: 41, to: 43, label: 'Construction' },
  { code: 'G', from: 45, to: 47, label: "Commerce ; réparation d'automobiles et de motocycles" },
  { code: 'H', from: 49, to: 53, label: 'Transports et entreposage' },
  { code: 'I', from: 55, to: 56, label: 'Hébergement et restauration' },
  { code: 'J', from: 58, to: 63, label: 'Information et communication' },
  { code: 'K', from: 64, to: 66, label: "Activités financières et d'assurance" },
  { code: 'L', from: 68, to: 68, label: 'Activités immobilières' },
  { code: 'M', from: 69, to: 75, label: 'Activités spécialisées, scientifiques et techniques' },
  { code: 'N', from: 77, to: 82, label: 'Activités de services administratifs et de soutien' },
  { code: 'O', from: 84, to: 84, label: 'Administration publique' },
  { code: 'P', from: 85, to: 85, label: 'Enseignement' },
  { code: 'Q', from: 86, to: 88, label: 'Santé humaine et action sociale' },
  { code: 'R', from: 90, to: 93, label: 'Arts, spectacles et activités récréatives' },
  { code: 'S', from: 94, to: 96, label: 'Autres activités de services' },
  {
    code: 'T',
    from: 97,
    to: 98,
    label:
      "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages en tant que producteurs de biens et services pour usage propre",
  },
  { code: 'U', from: 99, to: 99, label: 'Activités extra-territoriales' },
];

const DEFAULT_SEARCH_LIMIT = 20;

interface NafIndex {
  /** All entries, sections first then in code order. */
  entries: NafEntry[];
  byCode: Map<string, NafEntry>;
  children: Map<string, NafEntry[]>;
  folded: Map<string, string>;
}

/** Level and parent of a normalised non-section code, from its shape alone. */
function shapeOf(code: string): { level: NafLevel; parent: string } | null {
  if (/^\d{2}$/.test(code)) return { level: 'division', parent: '' };
  if (/^\d{2}\.\d$/.test(code)) return { level: 'groupe', parent: code.slice(0, 2) };
  if (/^\d{2}\.\d{2}$/.test(code)) return { level: 'classe', parent: code.slice(0, 4) };
  if (/^\d{2}\.\d{2}[A-Z]$/.test(code)) return { level: 'sous-classe', parent: code.slice(0, 5) };
  return null;
}

function sectionOfDivision(division: number): string | undefined {
  return SECTIONS.find((s) => division >= s.from && division <= s.to)?.code;
}

const naf = lazy((): NafIndex => {
  const source = '@socialgouv/codes-naf';
  const byCode = new Map<string, NafEntry>();
  const children = new Map<string, NafEntry[]>();
  const add = (entry: NafEntry): void => {
    byCode.set(entry.code, Object.freeze(entry));
    children.set(entry.code, []);
  };

  for (const s of SECTIONS) add({ code: s.code, label: s.label, level: 'section', parentCode: null, sectionCode: s.code });

  const rows = asArray(readPackageJson('@socialgouv/codes-naf/index.json'), source)
    .map((raw) => {
      const o = asObject(raw, source);
      return { code: requiredString(o, 'id', source).trim().toUpperCase(), label: requiredString(o, 'label', source).trim() };
    })
    // Parents before children: '25' < '25.6' < '25.62' < '25.62B'.
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  for (const { code, label } of rows) {
    const shape = shapeOf(code);
    if (!shape) throw new ReferenceDataError(source, `unexpected NAF code ${JSON.stringify(code)}`);
    const sectionCode = sectionOfDivision(Number(code.slice(0, 2)));
    if (!sectionCode) throw new ReferenceDataError(source, `division of ${code} is in no NAF section`);
    const parentCode = shape.level === 'division' ? sectionCode : shape.parent;
    if (!byCode.has(parentCode)) throw new ReferenceDataError(source, `${code} has no parent ${parentCode}`);
    add({ code, label, level: shape.level, parentCode, sectionCode });
  }

  const entries = [...byCode.values()];
  const folded = new Map<string, string>();
  for (const e of entries) {
    if (e.parentCode !== null) children.get(e.parentCode)?.push(e);
    folded.set(e.code, ` ${foldText(e.label)}`);
  }
  return { entries, byCode, children, folded };
});

/**
 * Canonical form of a NAF code typed in any usual way, or null when the input does not have the
 * shape of one: '2562b', '25.62b', '25 62B', '25.62 B' -> '25.62B'; '256' -> '25.6'; 'c' -> 'C'.
 * Only the shape is checked: use findNaf to know whether the code exists.
 */
export function normalizeNafCode(input: string): string | null {
  if (typeof input !== 'string') return null;
  const s = input.trim().toUpperCase();
  if (/^[A-U]$/.test(s)) return s;
  if (!/^\d{2}(?:\s*[.,\-\s]?\s*\d(?:\d(?:\s*[A-Z])?)?)?$/.test(s)) return null;
  const compact = s.replace(/[\s.,-]/g, ''); // '25', '256', '2562' or '2562B'
  return compact.length === 2 ? compact : `${compact.slice(0, 2)}.${compact.slice(2)}`;
}

/** The entry for a code in any usual spelling ('2562B', '25.62b', 'c'), or undefined. */
export function findNaf(code: string): NafEntry | undefined {
  // Codes as stored ('25.62B') are found directly; other spellings are normalized first.
  const exact = naf().byCode.get(code);
  if (exact) return exact;
  const normalized = normalizeNafCode(code);
  return normalized === null ? undefined : naf().byCode.get(normalized);
}

/** True only for an existing sous-classe (the 5-character level SIRENE uses, e.g. '25.62B'). */
export function isNafSousClasse(code: string): boolean {
  return findNaf(code)?.level === 'sous-classe';
}

/** The entry itself, then its parent, up to its section. Empty for an unknown code. */
export function nafAncestors(code: string): NafEntry[] {
  const { byCode } = naf();
  const chain: NafEntry[] = [];
  let current = findNaf(code);
  while (current) {
    chain.push(current);
    current = current.parentCode === null ? undefined : byCode.get(current.parentCode);
  }
  return chain;
}

/** The entries one level below, in code order. Empty for a sous-classe or an unknown code. */
export function nafChildren(code: string): NafEntry[] {
  const entry = findNaf(code);
  return entry ? [...(naf().children.get(entry.code) ?? [])] : [];
}

/** Every entry of one level (or all entries), in code order, sections first. */
export function listNaf(level?: NafLevel): NafEntry[] {
  const { entries } = naf();
  return level === undefined ? [...entries] : entries.filter((e) => e.level === level);
}

/**
 * The most specific level at which two codes share an entry: ('25.62A', '25.62B') -> 'classe',
 * ('25.62B', '25.62B') -> 'sous-classe', ('25.62B', '28.41Z') -> 'section', ('25', '25.62B') ->
 * 'division'. Null when they are in different sections or either code is unknown.
 */
export function nafCloseness(a: string, b: string): NafLevel | null {
  const ofB = new Set(nafAncestors(b).map((e) => e.code));
  if (ofB.size === 0) return null;
  for (const entry of nafAncestors(a)) {
    if (ofB.has(entry.code)) return entry.level;
  }
  return null;
}

/**
 * Entries matching a code or words of a label, accent- and case-insensitive.
 * A code-shaped query ('25.6', '2562', 'C') returns that entry and, for a numeric code, the
 * entries under it, in code order. Otherwise every word of the query must start a word of the
 * label ('meca indus' -> 25.62B Mécanique industrielle); labels that start with the query come
 * first, then shorter labels, then code order.
 */
export function searchNaf(query: string, limit?: number): NafEntry[] {
  const max = normalizeLimit(limit, DEFAULT_SEARCH_LIMIT);
  if (typeof query !== 'string' || max === 0) return [];
  const { entries, byCode, folded } = naf();
  const results: NafEntry[] = [];
  const seen = new Set<string>();
  const push = (e: NafEntry): void => {
    if (results.length < max && !seen.has(e.code)) {
      seen.add(e.code);
      results.push(e);
    }
  };

  const code = normalizeNafCode(query);
  if (code !== null) {
    const exact = byCode.get(code);
    if (exact) push(exact);
    if (/^\d/.test(code)) {
      for (const e of entries) if (e.code.startsWith(code)) push(e);
    }
    if (/^\d/.test(code) || results.length >= max) return results;
  }

  const words = foldText(query).split(' ').filter((w) => w !== '');
  if (words.length === 0) return results;
  const phrase = ` ${words.join(' ')}`;
  const matches = entries
    .map((e) => ({ e, label: folded.get(e.code) ?? '' }))
    .filter(({ label }) => words.every((w) => label.includes(` ${w}`)))
    .sort(
      (x, y) =>
        Number(!x.label.startsWith(phrase)) - Number(!y.label.startsWith(phrase)) ||
        x.label.length - y.label.length ||
        (x.e.code < y.e.code ? -1 : x.e.code > y.e.code ? 1 : 0),
    );
  for (const { e } of matches) push(e);
  return results;
}
