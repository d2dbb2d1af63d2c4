import { Client } from 'pg';
import { TEMPLATE_DB, TEST_PG_URL } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const client = new Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
