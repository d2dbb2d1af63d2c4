import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the cohort dashboard reads, versioned per cohort, so that the API can serve a dashboard it
 * has already computed as long as nothing under it changed (`DashboardService`).
 *
 * Every statement that writes a table the dashboard reads appends one row per cohort it touched to
 * `dashboard_changes` (statement-level triggers with transition tables). A cohort's version is the
 * sum of its rows' weights: it grows with every committed write and is read in one statement, so a
 * reader never sees it stand still across a change. Appending takes no lock any other writer waits
 * for (unlike a counter row per cohort, which two transactions touching two cohorts in opposite
 * orders could deadlock on). `dashboard_changes_compact` folds a cohort's rows into one carrying
 * their total weight, in one statement: readers see the same sum before and after, and rows
 * appended meanwhile are outside its snapshot and stay.
 *
 * Internal to the database (no entity): written by the triggers, read by the dashboard only.
 */
export const DASHBOARD_SOURCES: { table: string; via: 'id' | 'cohort_id' | 'project' }[] = [
  { table: 'cohorts', via: 'id' },
  { table: 'projects', via: 'cohort_id' },
  { table: 'project_members', via: 'project' },
  { table: 'milestones', via: 'project' },
  { table: 'coaching_sessions', via: 'project' },
  { table: 'academic_teams', via: 'project' },
  { table: 'training_registrations', via: 'project' },
  { table: 'invoices', via: 'project' },
];

export class DashboardChanges1795500000000 implements MigrationInterface {
  name = 'DashboardChanges1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "dashboard_changes" (
      "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "cohort_id" uuid NOT NULL,
      "weight" bigint NOT NULL DEFAULT 1)`);
    await queryRunner.query(`CREATE INDEX "idx_dashboard_changes_cohort" ON "dashboard_changes" ("tenant_id", "cohort_id") INCLUDE ("weight")`);
    // Cohorts that exist already start at 1 (a cohort deleted later keeps its rows: its version
    // never goes back to a value a cached dashboard could carry).
    await queryRunner.query(`INSERT INTO "dashboard_changes" ("tenant_id", "cohort_id") SELECT "tenant_id", "id" FROM "cohorts"`);

    // The cohorts a statement touched: a column of the rows (cohorts.id, projects.cohort_id) or the
    // cohort of their project; old and new rows of an UPDATE both count.
    await queryRunner.query(`CREATE FUNCTION dashboard_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text := CASE TG_OP WHEN 'INSERT' THEN 'new_rows' WHEN 'DELETE' THEN 'old_rows'
                  ELSE '(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)' END;
BEGIN
  IF TG_ARGV[0] = 'project' THEN
    -- A project deleted with its rows (cascade) is gone already: its own trigger counted its cohort.
    EXECUTE format('INSERT INTO dashboard_changes (tenant_id, cohort_id)
      SELECT DISTINCT p.tenant_id, p.cohort_id FROM projects p WHERE p.id IN (SELECT r.project_id FROM %s r)', touched);
  ELSE
    EXECUTE format('INSERT INTO dashboard_changes (tenant_id, cohort_id) SELECT DISTINCT r.tenant_id, r.%I FROM %s r', TG_ARGV[0], touched);
  END IF;
  RETURN NULL;
END $$`);

    // A person's name is on the dashboards of the projects they coach or logged sessions for.
    await queryRunner.query(`CREATE FUNCTION dashboard_touch_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dashboard_changes (tenant_id, cohort_id)
    SELECT DISTINCT p.tenant_id, p.cohort_id FROM projects p
     WHERE p.id IN (
       SELECT pm.project_id FROM project_members pm JOIN new_rows n ON n.id = pm.user_id JOIN old_rows o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name
       UNION
       SELECT cs.project_id FROM coaching_sessions cs JOIN new_rows n ON n.id = cs.author_user_id JOIN old_rows o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name);
  RETURN NULL;
END $$`);

    await queryRunner.query(`CREATE FUNCTION dashboard_changes_compact(p_tenant uuid, p_cohort uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('dashboard_changes:' || p_cohort::text, 0)) THEN
    RETURN;
  END IF;
  WITH d AS (DELETE FROM dashboard_changes WHERE tenant_id = p_tenant AND cohort_id = p_cohort RETURNING weight)
  INSERT INTO dashboard_changes (tenant_id, cohort_id, weight) SELECT p_tenant, p_cohort, sum(weight) FROM d HAVING count(*) > 0;
END $$`);

    for (const { table, via } of DASHBOARD_SOURCES) {
      await queryRunner.query(`CREATE TRIGGER "${table}_dashboard_ins" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_touch('${via}')`);
      await queryRunner.query(`CREATE TRIGGER "${table}_dashboard_upd" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_touch('${via}')`);
      await queryRunner.query(`CREATE TRIGGER "${table}_dashboard_del" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_touch('${via}')`);
    }
    await queryRunner.query(`CREATE TRIGGER "users_dashboard_upd" AFTER UPDATE ON "users" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_touch_user()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "users_dashboard_upd" ON "users"`);
    for (const { table } of [...DASHBOARD_SOURCES].reverse()) {
      for (const op of ['del', 'upd', 'ins']) await queryRunner.query(`DROP TRIGGER "${table}_dashboard_${op}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION dashboard_changes_compact(uuid, uuid)`);
    await queryRunner.query(`DROP FUNCTION dashboard_touch_user()`);
    await queryRunner.query(`DROP FUNCTION dashboard_touch()`);
    await queryRunner.query(`DROP TABLE "dashboard_changes"`);
  }
}
