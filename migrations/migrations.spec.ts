import { Client } from 'pg';
import { buildDataSourceOptions, ensureDatabase, runMigrations, schemaDrift } from '@filiere/platform/database';
import { createTestDatabase, dbUrl, runPrefix, TEST_PG_URL } from '@filiere/platform/testing';
import { MIGRATIONS, SCHEMA } from './index';

describe('migrations', () => {
  it('agree with the entities (no drift)', async () => {
    const db = await createTestDatabase();
    try {
      expect(await schemaDrift(buildDataSourceOptions(db.url, SCHEMA))).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('run once when two processes migrate an empty database at the same time', async () => {
    const name = `${runPrefix()}mig`;
    const url = dbUrl(name);
    await ensureDatabase(url);
    try {
      const [a, b] = await Promise.all([runMigrations(buildDataSourceOptions(url, SCHEMA)), runMigrations(buildDataSourceOptions(url, SCHEMA))]);
      expect([...a.applied, ...b.applied].sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
      const c = new Client({ connectionString: url });
      await c.connect();
      const rows = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM migrations');
      const national = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM programmes WHERE tenant_id IS NULL');
      await c.end();
      expect(rows.rows[0]?.n).toBe(MIGRATIONS.length);
      expect(national.rows[0]?.n).toBe(1);
    } finally {
      const admin = new Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
