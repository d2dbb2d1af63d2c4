import type { EntityManager, DataSource } from 'typeorm';

/**
 * Rows of an `UPDATE/DELETE … RETURNING` run through TypeORM's `query()`, which answers
 * `[rows, affectedCount]` for those statements on PostgreSQL (and plain rows for SELECT/INSERT).
 */
export async function queryReturning<T>(runner: EntityManager | DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await runner.query(sql, params)) as unknown;
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

interface PgPool {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * Runs a hot read as a named prepared statement on the pool (each connection plans it once),
 * for queries whose planning costs as much as their execution (e.g. the cohort dashboard).
 */
export async function preparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) return dataSource.query<T[]>(text, values);
  return (await pool.query<T>({ name, text, values })).rows;
}
