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
