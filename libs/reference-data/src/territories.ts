import {
  asArray,
  asObject,
  foldText,
  lazy,
  normalizeLimit,
  optionalNumber,
  optionalString,
  optionalStringArray,
  readPackageJson,
  requiredString,
} from './internal';

/**
 * French administrative geography (Code officiel géographique), from @etalab/decoupage-administratif.
 * Loaded on first use and kept in memory; every returned object is frozen and shared.
 */

/** A region, by its INSEE code: '27' Bourgogne-Franche-Comté, '53' Bretagne, '01' Guadeloupe… */
export interface Region {
  code: string;
  name: string;
}

/** A département, by its INSEE code: '25', '2A', '974'… */
export interface Departement {
  code: string;
  name: string;
  regionCode: string;
}

/** A commune (commune actuelle), by its INSEE code: '25056' Besançon, '75056' Paris. */
export interface Commune {
  code: string;
  name: string;
  departementCode: string;
  regionCode: string;
  /** SIREN of its EPCI à fiscalité propre (CC, CA, CU, métropole), null when it has none. */
  epciCode: string | null;
  postcodes: string[];
  /** Latest legal population known to the data set, null when not published (e.g. TAAF). */
  population: number | null;
}

/** An EPCI à fiscalité propre, by its SIREN. */
export interface Epci {
  code: string;
  name: string;
  /** 'CC', 'CA', 'CU', 'METRO' or 'MET69' (Métropole de Lyon). */
  type: string;
}

const DATA = '@etalab/decoupage-administratif/data';
const DEFAULT_SEARCH_LIMIT = 10;

interface SearchableCommune {
  commune: Commune;
  folded: string;
  /** ' ' + folded, to find a word start with a single `includes`. */
  spaced: string;
}

interface Territories {
  regions: Map<string, Region>;
  departements: Map<string, Departement>;
  /** The departement's chef-lieu commune code, when the data gives it. */
  chefLieux: Map<string, string>;
  communes: Map<string, Commune>;
  /** Municipal arrondissement code (Paris, Lyon, Marseille) -> parent commune code. */
  arrondissements: Map<string, string>;
  /** Former code of a merged or renumbered commune -> current commune code (internal use). */
  formerCodes: Map<string, string>;
  epcis: Map<string, Epci>;
  /** All communes, biggest population first, with their folded names. */
  byPopulation: SearchableCommune[];
}

const territories = lazy((): Territories => {
  const regions = new Map<string, Region>();
  for (const raw of asArray(readPackageJson(`${DATA}/regions.json`), 'regions.json')) {
    const o = asObject(raw, 'regions.json');
    const code = requiredString(o, 'code', 'regions.json');
    regions.set(code, Object.freeze({ code, name: requiredString(o, 'nom', 'regions.json') }));
  }

  const departements = new Map<string, Departement>();
  const chefLieux = new Map<string, string>();
  for (const raw of asArray(readPackageJson(`${DATA}/departements.json`), 'departements.json')) {
    const o = asObject(raw, 'departements.json');
    const code = requiredString(o, 'code', 'departements.json');
    departements.set(
      code,
      Object.freeze({
        code,
        name: requiredString(o, 'nom', 'departements.json'),
        regionCode: requiredString(o, 'region', 'departements.json'),
      }),
    );
    const chefLieu = optionalString(o, 'chefLieu');
    if (chefLieu) chefLieux.set(code, chefLieu);
  }

  const epcis = new Map<string, Epci>();
  const epciOfCommune = new Map<string, string>();
  for (const raw of asArray(readPackageJson(`${DATA}/epci.json`), 'epci.json')) {
    const o = asObject(raw, 'epci.json');
    const code = requiredString(o, 'code', 'epci.json');
    epcis.set(code, Object.freeze({ code, name: requiredString(o, 'nom', 'epci.json'), type: requiredString(o, 'type', 'epci.json') }));
    for (const member of asArray(o['membres'] ?? [], 'epci.json membres')) {
      epciOfCommune.set(requiredString(asObject(member, 'epci.json membres'), 'code', 'epci.json membres'), code);
    }
  }

  const communes = new Map<string, Commune>();
  const arrondissements = new Map<string, string>();
  const formerCodes = new Map<string, string>();
  for (const raw of asArray(readPackageJson(`${DATA}/communes.json`), 'communes.json')) {
    const o = asObject(raw, 'communes.json');
    const type = optionalString(o, 'type');
    const code = requiredString(o, 'code', 'communes.json');
    if (type === 'arrondissement-municipal') {
      const parent = optionalString(o, 'commune');
      if (parent) arrondissements.set(code, parent);
      continue;
    }
    // Communes déléguées and associées share codes with real communes or are not communes any more.
    if (type !== undefined && type !== 'commune-actuelle') continue;
    communes.set(
      code,
      Object.freeze({
        code,
        name: requiredString(o, 'nom', 'communes.json'),
        departementCode: requiredString(o, 'departement', 'communes.json'),
        regionCode: requiredString(o, 'region', 'communes.json'),
        epciCode: epciOfCommune.get(code) ?? null,
        postcodes: Object.freeze([...optionalStringArray(o, 'codesPostaux')]) as string[],
        population: optionalNumber(o, 'population') ?? null,
      }),
    );
    for (const former of optionalStringArray(o, 'anciensCodes')) {
      if (!formerCodes.has(former)) formerCodes.set(former, code);
    }
  }
  for (const former of formerCodes.keys()) {
    if (communes.has(former)) formerCodes.delete(former);
  }
  for (const [code, parent] of arrondissements) {
    if (!communes.has(parent)) arrondissements.delete(code);
  }

  const byPopulation = [...communes.values()]
    .sort((a, b) => (b.population ?? -1) - (a.population ?? -1) || a.name.localeCompare(b.name, 'fr') || a.code.localeCompare(b.code))
    .map((commune) => {
      const folded = foldText(commune.name);
      return { commune, folded, spaced: ` ${folded}` };
    });

  return { regions, departements, chefLieux, communes, arrondissements, formerCodes, epcis, byPopulation };
});

/** Upper-cases and trims a code ('2a004' -> '2A004'); codes are otherwise taken as given. */
function cleanCode(code: string): string {
  return typeof code === 'string' ? code.trim().toUpperCase() : '';
}

export function findRegion(code: string): Region | undefined {
  return territories().regions.get(cleanCode(code));
}

/** Every region, by code (DROM '01'…'06' first, then metropolitan regions, then COM). */
export function listRegions(): Region[] {
  return [...territories().regions.values()];
}

export function findDepartement(code: string): Departement | undefined {
  return territories().departements.get(cleanCode(code));
}

/** Every département, optionally only those of one region, by code. */
export function listDepartements(regionCode?: string): Departement[] {
  const all = [...territories().departements.values()];
  if (regionCode === undefined) return all;
  const region = cleanCode(regionCode);
  return all.filter((d) => d.regionCode === region);
}

/**
 * The commune with this INSEE code. A municipal arrondissement code of Paris, Lyon or Marseille
 * ('75108', '69383', '13201') gives its commune (Paris, Lyon, Marseille).
 */
export function findCommune(code: string): Commune | undefined {
  const t = territories();
  const clean = cleanCode(code);
  const direct = t.communes.get(clean);
  if (direct) return direct;
  const parent = t.arrondissements.get(clean);
  return parent === undefined ? undefined : t.communes.get(parent);
}

/** The EPCI à fiscalité propre with this SIREN. */
export function findEpci(code: string): Epci | undefined {
  return territories().epcis.get(cleanCode(code));
}

/** The INSEE code of a département's chef-lieu commune, when the data gives one. */
export function departementChefLieu(departementCode: string): string | undefined {
  return territories().chefLieux.get(cleanCode(departementCode));
}

/** The code maps behind findCommune, for the other modules of this library (not exported by index.ts). */
export function communeCodeIndex(): {
  communes: ReadonlyMap<string, Commune>;
  arrondissements: ReadonlyMap<string, string>;
  formerCodes: ReadonlyMap<string, string>;
} {
  const t = territories();
  return { communes: t.communes, arrondissements: t.arrondissements, formerCodes: t.formerCodes };
}

const ABBREVIATIONS: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte' };

/**
 * Communes whose name starts with `query` (case, accents, hyphens and apostrophes ignored:
 * 'saint etienne' finds Saint-Étienne; 'St' and 'Ste' are read as Saint/Sainte when followed by
 * more words), biggest population first. Names where a later word starts with the query
 * ('rochelle' -> La Rochelle) come after all full-name prefix matches.
 * A query of digits matches postcode prefixes ('25' -> communes of the Doubs; '75008' -> Paris),
 * and an exact INSEE code ('29019', '2A004') puts that commune first.
 */
export function searchCommunes(query: string, limit?: number): Commune[] {
  const max = normalizeLimit(limit, DEFAULT_SEARCH_LIMIT);
  if (typeof query !== 'string' || max === 0) return [];
  const t = territories();
  const trimmed = query.trim();
  if (trimmed === '') return [];

  const results: Commune[] = [];
  const seen = new Set<string>();
  const push = (c: Commune): void => {
    if (results.length < max && !seen.has(c.code)) {
      seen.add(c.code);
      results.push(c);
    }
  };

  const compact = trimmed.replace(/\s+/g, '').toUpperCase();
  if (/^\d[\dAB]\d{3}$/.test(compact)) {
    const byCode = findCommune(compact);
    if (byCode) push(byCode);
  }
  if (/^\d{1,5}$/.test(compact)) {
    for (const { commune } of t.byPopulation) {
      if (results.length >= max) break;
      if (commune.postcodes.some((p) => p.startsWith(compact))) push(commune);
    }
    return results;
  }

  const words = foldText(trimmed).split(' ').filter((w) => w !== '');
  if (words.length === 0) return results;
  const folded = words.map((w, i) => (i < words.length - 1 ? (ABBREVIATIONS[w] ?? w) : w)).join(' ');
  const later: Commune[] = [];
  for (const entry of t.byPopulation) {
    if (results.length >= max) break;
    if (entry.folded.startsWith(folded)) push(entry.commune);
    else if (later.length < max && entry.spaced.includes(` ${folded}`)) later.push(entry.commune);
  }
  for (const c of later) push(c);
  return results;
}
