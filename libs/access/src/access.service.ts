import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor, TenantRole } from '@filiere/platform/auth';
import { preparedQuery } from '@filiere/platform/database';
import { notFound } from '@filiere/platform/errors';

export interface ProjectRef {
  id: string;
  tenantId: string;
  cohortId: string;
}

/**
 * A visibility condition on `alias`: the tenant's rows for admins and advisors, else those for
 * which `exists` (the role's rule) finds a row. `tenant` and `user` are the parameter placeholders
 * (`:name` for query builders, `$n` for raw SQL).
 */
function scopeSql(role: TenantRole, alias: string, tenant: string, exists: (role: 'coach' | 'holder' | 'partner') => string): string {
  if (role === 'admin' || role === 'advisor') return `${alias}.tenant_id = ${tenant}`;
  return `${alias}.tenant_id = ${tenant} AND EXISTS (${exists(role)})`;
}

/** Projects: coaches and holders those they are members of, partners those presenting at the workshops they are invited to. */
const projectScopeSql = (role: TenantRole, alias: string, tenant: string, user: string): string =>
  scopeSql(role, alias, tenant, (r) =>
    r === 'partner'
      ? `SELECT 1 FROM workshop_projects awp JOIN workshop_partners awi ON awi.workshop_id = awp.workshop_id AND awi.tenant_id = awp.tenant_id WHERE awp.tenant_id = ${alias}.tenant_id AND awp.project_id = ${alias}.id AND awi.user_id = ${user}`
      : `SELECT 1 FROM project_members apm WHERE apm.tenant_id = ${alias}.tenant_id AND apm.project_id = ${alias}.id AND apm.user_id = ${user} AND apm.role = '${r}'`,
  );

/** Cohorts: coaches and holders those with one of their projects, partners those of the workshops they are invited to. */
const cohortScopeSql = (role: TenantRole, alias: string, tenant: string, user: string): string =>
  scopeSql(role, alias, tenant, (r) =>
    r === 'partner'
      ? `SELECT 1 FROM workshops aw JOIN workshop_partners awi ON awi.workshop_id = aw.id AND awi.tenant_id = aw.tenant_id WHERE aw.tenant_id = ${alias}.tenant_id AND aw.cohort_id = ${alias}.id AND awi.user_id = ${user}`
      : `SELECT 1 FROM projects ap JOIN project_members apm ON apm.project_id = ap.id AND apm.tenant_id = ap.tenant_id WHERE ap.tenant_id = ${alias}.tenant_id AND ap.cohort_id = ${alias}.id AND apm.user_id = ${user} AND apm.role = '${r}'`,
  );

/** The values of the positional scopes: the tenant, and the user for the rules that need them. */
const positionalParams = (actor: TenantActor): string[] => (actor.role === 'admin' || actor.role === 'advisor' ? [actor.tenantId] : [actor.tenantId, actor.userId]);

/**
 * The second level of authorization: may this actor see this resource? Answers with 404
 * for anything the actor must not see, so that existence never leaks across tenants or
 * projects. One place for the rules (immich's access repository), queried in SQL.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * SQL condition on a projects alias restricting rows to what the actor may see.
   * Parameters are named and prefixed to avoid clashes with the caller's.
   */
  projectScope(actor: TenantActor, alias: string): { sql: string; params: Record<string, unknown> } {
    return { sql: projectScopeSql(actor.role, alias, ':accessTenantId', ':accessUserId'), params: { accessTenantId: actor.tenantId, accessUserId: actor.userId } };
  }

  /**
   * {@link projectScope} with positional parameters from `$first` (tenant, then user when the
   * rule needs it), for raw and prepared statements: same condition, same text for a given role.
   */
  projectScopePositional(actor: TenantActor, alias: string, first: number): { sql: string; params: string[] } {
    return { sql: projectScopeSql(actor.role, alias, `$${first}`, `$${first + 1}`), params: positionalParams(actor) };
  }

  /** The project if the actor may see it, else 404. */
  async requireProject(actor: TenantActor, projectId: string, manager?: EntityManager): Promise<ProjectRef> {
    const scope = this.projectScope(actor, 'p');
    const row = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .select(['p.id AS id', 'p.tenant_id AS "tenantId"', 'p.cohort_id AS "cohortId"'])
      .from('projects', 'p')
      .where('p.id = :projectId', { projectId })
      .andWhere(scope.sql, scope.params)
      .getRawOne<ProjectRef>();
    if (!row) throw notFound('Project');
    return row;
  }

  /** SQL condition on a cohorts alias: admin/advisor all of the tenant, coach those with an assigned project, partner those of their workshops. */
  cohortScope(actor: TenantActor, alias: string): { sql: string; params: Record<string, unknown> } {
    return { sql: cohortScopeSql(actor.role, alias, ':accessTenantId', ':accessUserId'), params: { accessTenantId: actor.tenantId, accessUserId: actor.userId } };
  }

  /** {@link cohortScope} with positional parameters, laid out as {@link projectScopePositional}'s (the same values). */
  cohortScopePositional(actor: TenantActor, alias: string, first: number): { sql: string; params: string[] } {
    return { sql: cohortScopeSql(actor.role, alias, `$${first}`, `$${first + 1}`), params: positionalParams(actor) };
  }

  /**
   * SQL condition on a workshops alias: admins and advisors see the tenant's workshops, coaches
   * and holders those where one of their projects presents, partners those they are invited to.
   */
  workshopScope(actor: TenantActor, alias: string): { sql: string; params: Record<string, unknown> } {
    const params = { wsTenantId: actor.tenantId, wsUserId: actor.userId };
    switch (actor.role) {
      case 'admin':
      case 'advisor':
        return { sql: `${alias}.tenant_id = :wsTenantId`, params };
      case 'coach':
      case 'holder':
        return {
          sql: `${alias}.tenant_id = :wsTenantId AND EXISTS (SELECT 1 FROM workshop_projects wsp JOIN project_members wsm ON wsm.project_id = wsp.project_id AND wsm.tenant_id = wsp.tenant_id WHERE wsp.tenant_id = ${alias}.tenant_id AND wsp.workshop_id = ${alias}.id AND wsm.user_id = :wsUserId AND wsm.role = '${actor.role}')`,
          params,
        };
      case 'partner':
        return {
          sql: `${alias}.tenant_id = :wsTenantId AND EXISTS (SELECT 1 FROM workshop_partners wsi WHERE wsi.tenant_id = ${alias}.tenant_id AND wsi.workshop_id = ${alias}.id AND wsi.user_id = :wsUserId)`,
          params,
        };
    }
  }

  async requireCohort(actor: TenantActor, cohortId: string): Promise<void> {
    // A named prepared statement per role (every request of the cohort pages runs it).
    const scope = this.cohortScopePositional(actor, 'c', 2);
    const name = `access_cohort_${scope.params.length === 1 ? 'staff' : actor.role}`;
    const rows = await preparedQuery<{ id: string }>(this.dataSource, name, `SELECT c.id FROM cohorts c WHERE c.id = $1 AND ${scope.sql}`, [cohortId, ...scope.params]);
    if (!rows.length) throw notFound('Cohort');
  }

  /** Whether a project of this tenant exists (no visibility rule: for staff-only flows). */
  async projectExists(tenantId: string, projectId: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query('SELECT 1 FROM projects WHERE id = $1 AND tenant_id = $2', [projectId, tenantId]);
    return rows.length > 0;
  }
}
