import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The observatory's figures per cohort (`observatory_rollups`), kept up to date by triggers in
 * the same transaction as the projects and observatory records they sum, so that the network
 * roll-up reads a few hundred rows instead of every project (README, "Observatory and network
 * roll-up"). No entity: PostgreSQL alone writes it, the reports read it in SQL.
 */
export class ObservatoryRollups1795470000000 implements MigrationInterface {
  name = 'ObservatoryRollups1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "observatory_rollups" (
  "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  "cohort_id" uuid NOT NULL REFERENCES "cohorts"("id") ON DELETE CASCADE,
  "projects" integer NOT NULL, "kind_company" integer NOT NULL, "kind_activity" integer NOT NULL, "kind_value_chain" integer NOT NULL,
  "funnel_selected" integer NOT NULL, "funnel_active" integer NOT NULL, "funnel_completed" integer NOT NULL, "funnel_withdrawn" integer NOT NULL,
  "planned_jobs" bigint NOT NULL, "planned_jobs_n" integer NOT NULL, "achieved_jobs" bigint NOT NULL, "achieved_jobs_n" integer NOT NULL,
  "planned_investment" bigint NOT NULL, "planned_investment_n" integer NOT NULL, "achieved_investment" bigint NOT NULL, "achieved_investment_n" integer NOT NULL,
  "planned_import" bigint NOT NULL, "planned_import_n" integer NOT NULL, "achieved_import" bigint NOT NULL, "achieved_import_n" integer NOT NULL,
  "production_started" integer NOT NULL,
  "tags" jsonb NOT NULL,
  CONSTRAINT "pk_observatory_rollups" PRIMARY KEY ("tenant_id", "cohort_id"))`);
    // One cohort's row recomputed from its projects (none: no row). Refreshes of a cohort are
    // serialised by a transaction-level advisory lock: the second one waits for the first
    // transaction to end, then reads (a new snapshot in READ COMMITTED) what it committed.
    await queryRunner.query(`CREATE FUNCTION observatory_rollup_refresh(t uuid, c uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('observatory_rollup:' || c::text, 0));
  DELETE FROM observatory_rollups WHERE tenant_id = t AND cohort_id = c;
  INSERT INTO observatory_rollups
  SELECT t, c,
         count(*)::int,
         count(*) FILTER (WHERE kind = 'company')::int, count(*) FILTER (WHERE kind = 'activity')::int, count(*) FILTER (WHERE kind = 'value_chain')::int,
         count(*) FILTER (WHERE status IN ('selected', 'active', 'completed'))::int, count(*) FILTER (WHERE status IN ('active', 'completed'))::int,
         count(*) FILTER (WHERE status = 'completed')::int, count(*) FILTER (WHERE status = 'withdrawn')::int,
         COALESCE(sum(planned_jobs), 0)::bigint, count(planned_jobs)::int, COALESCE(sum(achieved_jobs), 0)::bigint, count(achieved_jobs)::int,
         COALESCE(sum(planned_investment), 0)::bigint, count(planned_investment)::int, COALESCE(sum(achieved_investment), 0)::bigint, count(achieved_investment)::int,
         COALESCE(sum(planned_import), 0)::bigint, count(planned_import)::int, COALESCE(sum(achieved_import), 0)::bigint, count(achieved_import)::int,
         count(production_started_on)::int,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('c', x.category, 'k', x.key, 'n', x.n))
                   FROM (SELECT g.category, g.key, count(*)::int AS n
                         FROM projects p2 JOIN project_observatory o2 ON o2.tenant_id = p2.tenant_id AND o2.project_id = p2.id
                         CROSS JOIN LATERAL (SELECT 'motivation'::text AS category, unnest(o2.motivations) AS key
                                             UNION ALL SELECT 'success_factor', unnest(o2.success_factors)
                                             UNION ALL SELECT 'obstacle', unnest(o2.obstacles)) g
                         WHERE p2.tenant_id = t AND p2.cohort_id = c
                         GROUP BY g.category, g.key) x), '[]'::jsonb)
  FROM (SELECT p.kind, p.status,
               CASE WHEN o.id IS NULL THEN p.jobs_planned ELSE o.planned_jobs END AS planned_jobs,
               CASE WHEN o.id IS NULL THEN p.investment_cents ELSE o.planned_investment_cents END AS planned_investment,
               o.planned_import_substitution_cents AS planned_import, o.achieved_jobs,
               o.achieved_investment_cents AS achieved_investment, o.achieved_import_substitution_cents AS achieved_import, o.production_started_on
        FROM projects p LEFT JOIN project_observatory o ON o.tenant_id = p.tenant_id AND o.project_id = p.id
        WHERE p.tenant_id = t AND p.cohort_id = c) b
  HAVING count(*) > 0;
END $$`);
    // Statement-level triggers: a statement touching many projects refreshes each cohort once,
    // in cohort order (two statements never wait for each other's locks in opposite orders).
    await queryRunner.query(`CREATE FUNCTION observatory_rollup_projects_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM observatory_rollup_refresh(tenant_id, cohort_id) FROM (SELECT DISTINCT tenant_id, cohort_id FROM new_rows ORDER BY 2, 1) x;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM observatory_rollup_refresh(tenant_id, cohort_id) FROM (SELECT DISTINCT tenant_id, cohort_id FROM old_rows ORDER BY 2, 1) x;
  ELSE
    PERFORM observatory_rollup_refresh(tenant_id, cohort_id) FROM (
      SELECT DISTINCT x.tenant_id, x.cohort_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES (o.tenant_id, o.cohort_id), (n.tenant_id, n.cohort_id)) x(tenant_id, cohort_id)
      WHERE (o.tenant_id, o.cohort_id, o.kind, o.status, o.jobs_planned, o.investment_cents) IS DISTINCT FROM (n.tenant_id, n.cohort_id, n.kind, n.status, n.jobs_planned, n.investment_cents)
      ORDER BY 2, 1) x;
  END IF;
  RETURN NULL;
END $$`);
    // Records: the cohorts of their projects (a project deleted with its record is refreshed by the projects' trigger).
    await queryRunner.query(`CREATE FUNCTION observatory_rollup_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM observatory_rollup_refresh(tenant_id, cohort_id) FROM (SELECT DISTINCT tenant_id, cohort_id FROM projects WHERE id IN (SELECT project_id FROM new_rows) ORDER BY 2, 1) x;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM observatory_rollup_refresh(tenant_id, cohort_id) FROM (SELECT DISTINCT tenant_id, cohort_id FROM projects WHERE id IN (SELECT project_id FROM old_rows) ORDER BY 2, 1) x;
  ELSE
    PERFORM observatory_rollup_refresh(tenant_id, cohort_id) FROM (SELECT DISTINCT tenant_id, cohort_id FROM projects WHERE id IN (
      SELECT unnest(ARRAY[o.project_id, n.project_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.tenant_id, o.project_id, o.motivations, o.success_factors, o.obstacles, o.planned_jobs, o.planned_investment_cents, o.planned_import_substitution_cents,
             o.achieved_jobs, o.achieved_investment_cents, o.achieved_import_substitution_cents, o.production_started_on)
            IS DISTINCT FROM (n.tenant_id, n.project_id, n.motivations, n.success_factors, n.obstacles, n.planned_jobs, n.planned_investment_cents, n.planned_import_substitution_cents,
             n.achieved_jobs, n.achieved_investment_cents, n.achieved_import_substitution_cents, n.production_started_on))
      ORDER BY 2, 1) x;
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE TRIGGER observatory_rollup_projects_insert AFTER INSERT ON projects REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observatory_rollup_projects_changed()`);
    await queryRunner.query(`CREATE TRIGGER observatory_rollup_projects_update AFTER UPDATE ON projects REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observatory_rollup_projects_changed()`);
    await queryRunner.query(`CREATE TRIGGER observatory_rollup_projects_delete AFTER DELETE ON projects REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION observatory_rollup_projects_changed()`);
    await queryRunner.query(`CREATE TRIGGER observatory_rollup_records_insert AFTER INSERT ON project_observatory REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observatory_rollup_records_changed()`);
    await queryRunner.query(`CREATE TRIGGER observatory_rollup_records_update AFTER UPDATE ON project_observatory REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION observatory_rollup_records_changed()`);
    await queryRunner.query(`CREATE TRIGGER observatory_rollup_records_delete AFTER DELETE ON project_observatory REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION observatory_rollup_records_changed()`);
    await queryRunner.query(`SELECT observatory_rollup_refresh(tenant_id, cohort_id) FROM (SELECT DISTINCT tenant_id, cohort_id FROM projects ORDER BY cohort_id, tenant_id) x`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of ['records_delete', 'records_update', 'records_insert']) await queryRunner.query(`DROP TRIGGER observatory_rollup_${t} ON project_observatory`);
    for (const t of ['projects_delete', 'projects_update', 'projects_insert']) await queryRunner.query(`DROP TRIGGER observatory_rollup_${t} ON projects`);
    await queryRunner.query(`DROP FUNCTION observatory_rollup_records_changed()`);
    await queryRunner.query(`DROP FUNCTION observatory_rollup_projects_changed()`);
    await queryRunner.query(`DROP FUNCTION observatory_rollup_refresh(uuid, uuid)`);
    await queryRunner.query(`DROP TABLE "observatory_rollups"`);
  }
}
