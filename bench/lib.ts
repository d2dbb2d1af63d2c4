// Helpers shared by the TypeScript benchmarks (bench/*/…ts): scratch databases and seeded randomness.
import { Client } from 'pg';
import { SCHEMA } from '@filiere/migrations';
import { buildDataSourceOptions, ensureDatabase, runMigrations } from '@filiere/platform/database';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same data at every run. */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Drops the scratch database `db` of the server `pg` (postgres://…:5432), connections and all. */
export async function dropDatabase(pg: string, db: string): Promise<void> {
  const admin = new Client({ connectionString: `${pg}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A new empty scratch database `db`, migrated to the head; returns its URL. */
export async function freshDatabase(pg: string, db: string, applicationName: string): Promise<string> {
  const url = `${pg}/${db}`;
  await dropDatabase(pg, db);
  await ensureDatabase(url);
  await runMigrations(buildDataSourceOptions(url, SCHEMA, { applicationName }));
  return url;
}
