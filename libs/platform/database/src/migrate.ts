import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

/** Arbitrary, stable key for pg_advisory_lock: two processes never migrate at once. */
export const MIGRATION_LOCK_KEY = 7_204_113_001;

export interface MigrationReport {
  applied: string[];
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock held on its own connection,
 * so that several processes starting together migrate once and the others wait, then see
 * nothing left to do.
 */
export async function runMigrations(options: DataSourceOptions & { url?: string }): Promise<MigrationReport> {
  const lock = new Client({ connectionString: options.url, application_name: 'filiere-migrate-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ds = new DataSource({ ...options, poolSize: 2 } as DataSourceOptions);
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return { applied: applied.map((m) => m.name) };
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

/**
 * The SQL TypeORM would need to make the database match the entities. Empty when
 * entities and migrations agree: CI runs this after migrating a scratch database.
 */
export async function schemaDrift(options: DataSourceOptions): Promise<string[]> {
  const ds = new DataSource({ ...options, poolSize: 2 } as DataSourceOptions);
  await ds.initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

/** Creates the database named in the URL when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Unsupported database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (e) {
      if ((e as { code?: string }).code !== '42P04') throw e; // created meanwhile by another process
    }
    return true;
  } finally {
    await client.end();
  }
}
