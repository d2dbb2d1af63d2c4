import { DASHBOARD_COMPACT_AFTER, DASHBOARD_SQL, DASHBOARD_VERSION_SQL } from '@filiere/projects';
import { bearer, cohortBody, createTenant, createTestApp, projectBody, sessionBody, TenantFixture, TestApp } from '@filiere/platform/testing';
import { DASHBOARD_SOURCES } from '@filiere/migrations';
import { AppModule } from '../src/app.module';

interface Row {
  projectId: string;
  title: string;
  milestones: { done: number; blocked: number };
  coachingMinutes: number;
  coachingBudgetMinutes: number | null;
  coachingByCoach: { userId: string; name: string; assigned: boolean }[];
}

/**
 * The dashboard is kept per API process and served again while the cohort's version (the
 * `dashboard_changes` triggers) has not moved: every write under it must show on the next read,
 * and a read that nothing changed under must not recompute.
 */
describe('Cohort dashboard cache', () => {
  let t: TestApp;
  let x: TenantFixture;
  let other: TenantFixture;

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    x = await createTenant(t);
    other = await createTenant(t);
  });
  afterAll(() => t.close());

  const version = async (tenantId: string, cohortId: string): Promise<{ version: string; pieces: number }> =>
    (await t.dataSource.query<{ version: string; pieces: number }[]>(DASHBOARD_VERSION_SQL, [tenantId, cohortId]))[0];

  async function cohortWithProject(): Promise<{ cohortId: string; projectId: string; milestoneIds: string[] }> {
    const cohortId = (await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ coachingHoursPerProject: 10 })).expect(201)).body.id as string;
    const project = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Pièces hydrauliques' })).expect(201);
    return { cohortId, projectId: project.body.id as string, milestoneIds: (project.body.milestones as { id: string }[]).map((m) => m.id) };
  }

  async function dashboard(cohortId: string, as = x.advisor): Promise<Row> {
    const res = await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(as)).expect(200);
    return (res.body.projects as Row[])[0];
  }

  /** A write no trigger sees: `session_replication_role = replica` on one connection. */
  async function writeUnseen(sql: string, params: unknown[]): Promise<void> {
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.query('SET session_replication_role = replica');
      await runner.query(sql, params);
    } finally {
      await runner.query('RESET session_replication_role');
      await runner.release();
    }
  }

  it('serves the kept dashboard while nothing changed under it, and the new one after any write', async () => {
    const { cohortId, milestoneIds } = await cohortWithProject();
    expect((await dashboard(cohortId)).milestones.done).toBe(0);

    // Behind the triggers' back: the kept dashboard is still served (it was not recomputed).
    await writeUnseen(`UPDATE milestones SET status = 'done' WHERE id = $1`, [milestoneIds[0]]);
    expect((await dashboard(cohortId)).milestones.done).toBe(0);

    // Through the API: the version moves, the dashboard is recomputed and shows both.
    const before = await version(x.id, cohortId);
    await t.http.patch(`/api/milestones/${milestoneIds[1]}`).set(...bearer(x.advisor)).send({ status: 'blocked' }).expect(200);
    expect(BigInt((await version(x.id, cohortId)).version)).toBeGreaterThan(BigInt(before.version));
    expect((await dashboard(cohortId)).milestones).toMatchObject({ done: 1, blocked: 1 });
  });

  it('shows each kind of write on the next read: project, cohort, coach assignment, session, a coach’s name', async () => {
    const { cohortId, projectId } = await cohortWithProject();
    expect(await dashboard(cohortId)).toMatchObject({ title: 'Pièces hydrauliques', coachingMinutes: 0, coachingBudgetMinutes: 600, coachingByCoach: [] });

    await t.http.patch(`/api/projects/${projectId}`).set(...bearer(x.advisor)).send({ title: 'Pièces hydrauliques (phase 2)' }).expect(200);
    expect((await dashboard(cohortId)).title).toBe('Pièces hydrauliques (phase 2)');

    await t.http.patch(`/api/cohorts/${cohortId}`).set(...bearer(x.advisor)).send({ coachingHoursPerProject: 20 }).expect(200);
    expect((await dashboard(cohortId)).coachingBudgetMinutes).toBe(1200);

    await t.http.post(`/api/projects/${projectId}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);
    expect((await dashboard(cohortId)).coachingByCoach).toEqual([expect.objectContaining({ userId: x.coach.id, assigned: true })]);
    // The coach's own view is kept apart from the staff one.
    expect((await dashboard(cohortId, x.coach)).projectId).toBe(projectId);

    await t.http.post(`/api/projects/${projectId}/sessions`).set(...bearer(x.coach)).send(sessionBody({ durationMinutes: 90 })).expect(201);
    expect((await dashboard(cohortId)).coachingMinutes).toBe(90);
    expect((await dashboard(cohortId, x.coach)).coachingMinutes).toBe(90);

    await t.dataSource.query(`UPDATE users SET name = 'Camille Renommée' WHERE id = $1`, [x.coach.id]);
    expect((await dashboard(cohortId)).coachingByCoach[0].name).toBe('Camille Renommée');

    // Unassigned: the coach no longer sees the cohort, whatever was kept for them.
    await t.http.delete(`/api/projects/${projectId}/coaches/${x.coach.id}`).set(...bearer(x.advisor)).expect(204);
    await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(x.coach)).expect(404);
  });

  it('answers 304 to If-None-Match while the dashboard is the same, 200 with a new tag after a write', async () => {
    const { cohortId, milestoneIds } = await cohortWithProject();
    const first = await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(x.advisor)).expect(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(first.body.projects).toHaveLength(1);

    const same = await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(x.advisor)).set('If-None-Match', `W/"other", ${etag}`).expect(304);
    expect(same.text).toBe('');
    expect(same.headers.etag).toBe(etag);
    // The tag is a digest of the content: another staff reader, who sees the same, gets the same.
    const coachless = await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(x.admin)).set('If-None-Match', etag).expect(304);
    expect(coachless.headers.etag).toBe(etag);
    await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(x.advisor)).set('If-None-Match', '"stale"').expect(200);

    await t.http.patch(`/api/milestones/${milestoneIds[0]}`).set(...bearer(x.advisor)).send({ status: 'done' }).expect(200);
    const changed = await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(x.advisor)).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.projects[0].milestones.done).toBe(1);
    // Not visible: 404 whatever the tag.
    await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(other.advisor)).set('If-None-Match', etag).expect(404);
  });

  it('never serves a kept dashboard to another tenant', async () => {
    const { cohortId } = await cohortWithProject();
    await dashboard(cohortId);
    const res = await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(other.advisor)).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('folds a cohort’s version rows into one without moving the version', async () => {
    const { cohortId, projectId } = await cohortWithProject();
    for (let i = 0; i <= DASHBOARD_COMPACT_AFTER; i += 1) await t.dataSource.query(`UPDATE projects SET updated_at = now() WHERE id = $1`, [projectId]);
    const before = await version(x.id, cohortId);
    expect(before.pieces).toBeGreaterThan(DASHBOARD_COMPACT_AFTER);
    await dashboard(cohortId);
    expect(await version(x.id, cohortId)).toEqual({ version: before.version, pieces: 1 });
    // Writes after the fold add to it.
    await t.dataSource.query(`UPDATE projects SET updated_at = now() WHERE id = $1`, [projectId]);
    expect(await version(x.id, cohortId)).toEqual({ version: String(BigInt(before.version) + 1n), pieces: 2 });
  });

  it('has a trigger on every table the dashboard statement reads', async () => {
    const read = new Set([...DASHBOARD_SQL.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)\b/g)].map((m) => m[1]));
    const ctes = new Set([...DASHBOARD_SQL.matchAll(/\b([a-z0-9_]+) AS (?:MATERIALIZED )?\(/g)].map((m) => m[1]));
    const tables = [...read].filter((name) => !ctes.has(name)).sort();
    const triggered = await t.dataSource.query<{ table: string; ops: string[] }[]>(
      `SELECT c.relname AS table, array_agg(t.tgname::text ORDER BY t.tgname) AS ops FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE t.tgname LIKE '%\\_dashboard\\_%' AND NOT t.tgisinternal GROUP BY c.relname`,
    );
    const byTable = new Map(triggered.map((r) => [r.table, r.ops]));
    for (const table of tables) {
      const expected = table === 'users' ? ['users_dashboard_upd'] : ['del', 'ins', 'upd'].map((op) => `${table}_dashboard_${op}`);
      expect({ table, triggers: byTable.get(table) ?? [] }).toEqual({ table, triggers: expected });
    }
    expect(tables.filter((name) => name !== 'users').sort()).toEqual(DASHBOARD_SOURCES.map((s) => s.table).sort());
  });
});
