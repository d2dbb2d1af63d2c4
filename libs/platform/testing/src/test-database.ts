import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dbUrl, runPrefix, templateDb, TEST_PG_URL } from './test-env';

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${runPrefix()}${process.env['JEST_WORKER_ID'] ?? '0'}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`);
  } finally {
    await admin.end();
  }
  // TypeORM finds the expressions of generated columns by database name: the clone's are its own.
  const clone = new Client({ connectionString: dbUrl(name) });
  await clone.connect();
  try {
    await clone.query(`UPDATE typeorm_metadata SET "database" = current_database() WHERE "database" IS DISTINCT FROM current_database()`);
  } finally {
    await clone.end();
  }
  return {
    name,
    url: dbUrl(name),
    drop: async () => {
      const c = new Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
