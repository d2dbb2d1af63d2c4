/** Where the tests find PostgreSQL and Redis (the same services CI uses). */
export const TEST_PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';

/**
 * Databases of one test run are prefixed with the run's process id, so that runs side by side
 * (CI and a developer) never drop each other's, and leftovers of dead runs can be recognised.
 */
export const RUN_PREFIX_PATTERN = /^filiere_test_r(\d+)_/;

export function runPrefix(): string {
  const fromSetup = process.env['FILIERE_TEST_RUN_PREFIX'];
  return fromSetup ?? `filiere_test_r${process.pid}_`;
}

export function templateDb(): string {
  return `${runPrefix()}template`;
}

export function dbUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
