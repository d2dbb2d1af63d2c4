// The project list's SQL, shared with the benchmark's raw server (bench/raw-server.mjs requires
// the compiled module): keep this file free of imports.

/** The columns of a project that its view needs, in snake_case as PostgreSQL answers them. */
export const PROJECT_COLUMNS = `p.id, p.cohort_id, p.title, p.summary, p.kind, p.company_siret, p.company_name, p.company_naf_nomenclature,
       p.company_naf_code, p.company_commune_code, p.company_size_band, p.products, p.investment_cents, p.jobs_planned, p.status,
       p.created_at, p.updated_at`;

/** The members (coaches, holders) of a page of projects: `$1` their ids. */
export const PROJECT_MEMBERS_SQL = `SELECT pm.project_id, pm.user_id, u.name, pm.role FROM project_members pm JOIN users u ON u.id = pm.user_id
WHERE pm.project_id = ANY($1::uuid[]) ORDER BY pm.role, u.name`;

/** Which optional conditions a page query has (each shape is its own prepared statement). */
export interface ProjectsPageShape {
  /** Visibility condition on `p` with its parameters already numbered (tenant first). */
  scope: string;
  /** Number of parameters the scope uses. */
  scopeParams: number;
  cohort: boolean;
  status: boolean;
  q: boolean;
  cursor: boolean;
}

/**
 * One page of projects in keyset order (created_at, id): the scope's parameters first, then the
 * cohort, status, search pattern, cursor (timestamp, id) that the shape has, then the limit
 * (page size + 1, to know whether a next page exists).
 */
export function projectsPageSql(shape: ProjectsPageShape): string {
  let n = shape.scopeParams;
  const next = (): string => `$${++n}`;
  const where = [shape.scope];
  if (shape.cohort) where.push(`p.cohort_id = ${next()}`);
  if (shape.status) where.push(`p.status = ${next()}`);
  if (shape.q) {
    const q = next();
    where.push(`(p.title ILIKE ${q} OR p.company_name ILIKE ${q})`);
  }
  if (shape.cursor) {
    const at = next();
    where.push(`(p.created_at, p.id) > (${at}::timestamptz, ${next()}::uuid)`);
  }
  return `SELECT ${PROJECT_COLUMNS} FROM projects p WHERE ${where.join(' AND ')}
ORDER BY p.created_at ASC, p.id ASC LIMIT ${next()}`;
}

/** The first page of a cohort's projects as admins and advisors read it: `$1` tenant, `$2` cohort, `$3` limit. */
export const PROJECTS_PAGE_SQL = projectsPageSql({ scope: 'p.tenant_id = $1', scopeParams: 1, cohort: true, status: false, q: false, cursor: false });
