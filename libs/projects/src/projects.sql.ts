// The project list's SQL, shared with the benchmark's raw server (bench/raw-server.mjs requires
// the compiled module): keep this file free of imports.

/**
 * The columns of a project that its view needs, in snake_case as PostgreSQL answers them, and its
 * members (coaches, holders: `[{ userId, name, role }]` by role then name).
 */
export const PROJECT_COLUMNS = `p.id, p.cohort_id, p.title, p.summary, p.kind, p.company_siret, p.company_name, p.company_naf_nomenclature,
       p.company_naf_code, p.company_commune_code, p.company_size_band, p.products, p.investment_cents, p.jobs_planned, p.status,
       p.created_at, p.updated_at,
       (SELECT COALESCE(json_agg(json_build_object('userId', pm.user_id, 'name', u.name, 'role', pm.role) ORDER BY pm.role, u.name), '[]'::json)
        FROM project_members pm JOIN users u ON u.id = pm.user_id WHERE pm.project_id = p.id) AS members`;

/** Which optional conditions a page query has (each shape is its own prepared statement). */
export interface ProjectsPageShape {
  /** Visibility condition on the projects `p`, its parameters numbered from `$1` (tenant first). */
  scope: string;
  /** Number of parameters the scopes use. */
  scopeParams: number;
  /** Visibility condition on the cohort `c` (same parameters), when the page is a cohort's. */
  cohortScope: string | null;
  status: boolean;
  q: boolean;
  cursor: boolean;
}

/**
 * One page of projects in keyset order (created_at, id), with their members, in one round trip:
 * the scope's parameters first, then the cohort, status, search pattern, cursor (timestamp, id)
 * that the shape has, then the limit (page size + 1, to know whether a next page exists). A
 * cohort's page also checks that the reader may see the cohort: no row at all when not, one row
 * of NULLs when the cohort has no (visible) project.
 */
export function projectsPageSql(shape: ProjectsPageShape): string {
  let n = shape.scopeParams;
  const next = (): string => `$${++n}`;
  const cohort = shape.cohortScope === null ? null : next();
  const where = [shape.scope];
  if (cohort) where.push('p.cohort_id = c.id');
  if (shape.status) where.push(`p.status = ${next()}`);
  if (shape.q) {
    const q = next();
    where.push(`(p.title ILIKE ${q} OR p.company_name ILIKE ${q})`);
  }
  if (shape.cursor) {
    const at = next();
    where.push(`(p.created_at, p.id) > (${at}::timestamptz, ${next()}::uuid)`);
  }
  const page = `SELECT ${PROJECT_COLUMNS} FROM projects p WHERE ${where.join(' AND ')}
ORDER BY p.created_at ASC, p.id ASC LIMIT ${next()}`;
  if (!cohort) return page;
  return `SELECT x.* FROM cohorts c LEFT JOIN LATERAL (${page}) x ON TRUE
WHERE c.id = ${cohort} AND ${shape.cohortScope}
ORDER BY x.created_at ASC, x.id ASC`;
}

/**
 * The first page of a cohort's projects as admins and advisors read it: `$1` tenant, `$2` cohort,
 * `$3` limit (no row: no such cohort in the tenant).
 */
export const PROJECTS_PAGE_SQL = projectsPageSql({ scope: 'p.tenant_id = $1', scopeParams: 1, cohortScope: 'c.tenant_id = $1', status: false, q: false, cursor: false });
