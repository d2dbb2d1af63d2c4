import { readFileSync } from 'node:fs';

/**
 * Small helpers shared by the reference-data modules. Not exported from the library entry.
 */

/** Runs `build` once, on first call, and returns the cached value afterwards. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** Reads a JSON file shipped by an npm package (resolved like `require`, parsed, not yet trusted). */
export function readPackageJson(specifier: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(require.resolve(specifier), 'utf8'));
  return parsed;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fails loudly when a package's data no longer has the shape this library was written against. */
export class ReferenceDataError extends Error {
  constructor(source: string, problem: string) {
    super(`Reference data ${source}: ${problem}`);
    this.name = 'ReferenceDataError';
  }
}

export function asArray(value: unknown, source: string): unknown[] {
  if (!Array.isArray(value)) throw new ReferenceDataError(source, 'is not an array');
  return value;
}

export function asObject(value: unknown, source: string): JsonObject {
  if (!isObject(value)) throw new ReferenceDataError(source, `has a non-object entry ${JSON.stringify(value)}`);
  return value;
}

export function requiredString(obj: JsonObject, key: string, source: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw new ReferenceDataError(source, `entry ${JSON.stringify(obj['code'])} has no string "${key}"`);
  return v;
}

export function optionalString(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

export function optionalNumber(obj: JsonObject, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function optionalStringArray(obj: JsonObject, key: string): string[] {
  const v = obj[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Folds text for matching: lower case, accents removed, œ/æ expanded, anything that is not a
 * letter or digit turned into a single space. 'Saint-Étienne' -> 'saint etienne'.
 */
export function foldText(input: string): string {
  return input
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A positive whole limit, `fallback` when absent or unusable. */
export function normalizeLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(0, Math.floor(limit));
}
