import { addDays, todayInParis } from '@filiere/programmes';
import { bearer, cohortBody, createTenant, createTestApp, NATIONAL_PROGRAMME_ID, projectBody, TenantFixture, TestApp } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

const count = async (t: TestApp, table: string): Promise<number> => (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

describe('Programmes, cohorts, projects, milestones', () => {
  let t: TestApp;
  let x: TenantFixture;

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    x = await createTenant(t);
  });
  afterAll(() => t.close());

  describe('programmes', () => {
    it('lists the national methodology read-only, copyable into the tenant', async () => {
      const list = await t.http.get('/api/programmes').set(...bearer(x.advisor)).expect(200);
      const national = (list.body.items as { id: string; national: boolean; milestoneTemplates: unknown[] }[]).find((p) => p.id === NATIONAL_PROGRAMME_ID);
      expect(national).toMatchObject({ national: true });
      expect(national?.milestoneTemplates).toHaveLength(17);
      const patch = await t.http.patch(`/api/programmes/${NATIONAL_PROGRAMME_ID}`).set(...bearer(x.admin)).send({ name: 'Mine now' }).expect(403);
      expect(patch.body.code).toBe('NATIONAL_PROGRAMME_READ_ONLY');
      const copy = await t.http.post(`/api/programmes/${NATIONAL_PROGRAMME_ID}/copy`).set(...bearer(x.advisor)).send({ name: 'Méthode BFC' }).expect(201);
      expect(copy.body).toMatchObject({ national: false, name: 'Méthode BFC' });
      const edited = await t.http
        .patch(`/api/programmes/${copy.body.id}`)
        .set(...bearer(x.advisor))
        .send({ milestoneTemplates: [{ key: 'k1', title: 'Lancement', phase: 'Cadrage', offsetDays: 0, durationDays: 5 }] })
        .expect(200);
      expect(edited.body.milestoneTemplates).toEqual([{ key: 'k1', title: 'Lancement', phase: 'Cadrage', offsetDays: 0, durationDays: 5 }]);
    });

    it('rejects duplicate template keys and negative offsets with field errors', async () => {
      const res = await t.http
        .post('/api/programmes')
        .set(...bearer(x.advisor))
        .send({
          name: 'Bad',
          milestoneTemplates: [
            { key: 'a', title: 'A', phase: 'P', offsetDays: 0, durationDays: 1 },
            { key: 'a', title: 'B', phase: 'P', offsetDays: 1, durationDays: 1 },
          ],
        })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'milestoneTemplates.1.key', message: 'duplicate key "a"' }]);
      const neg = await t.http
        .post('/api/programmes')
        .set(...bearer(x.advisor))
        .send({ name: 'Bad', milestoneTemplates: [{ key: 'a', title: 'A', phase: 'P', offsetDays: -3, durationDays: 1 }] })
        .expect(400);
      expect(neg.body.errors[0].field).toBe('milestoneTemplates.0.offsetDays');
    });
  });

  describe('cohorts', () => {
    it('creates a draft cohort with the default fee and walks the status machine', async () => {
      const created = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody()).expect(201);
      expect(created.body).toMatchObject({ status: 'draft', feeCents: 249000, capacity: null });
      const illegal = await t.http.patch(`/api/cohorts/${created.body.id}`).set(...bearer(x.advisor)).send({ status: 'running' }).expect(409);
      expect(illegal.body.code).toBe('ILLEGAL_TRANSITION');
      for (const status of ['recruiting', 'running', 'closed']) {
        const res = await t.http.patch(`/api/cohorts/${created.body.id}`).set(...bearer(x.advisor)).send({ status }).expect(200);
        expect(res.body.status).toBe(status);
      }
      await t.http.patch(`/api/cohorts/${created.body.id}`).set(...bearer(x.advisor)).send({ status: 'draft' }).expect(409);
      const project = await t.http.post(`/api/cohorts/${created.body.id}/projects`).set(...bearer(x.advisor)).send(projectBody()).expect(409);
      expect(project.body.code).toBe('COHORT_CLOSED');
      const audit = await t.http.get(`/api/audit?entity=cohort&id=${created.body.id}`).set(...bearer(x.admin)).expect(200);
      expect((audit.body.items as { action: string }[]).map((e) => e.action)).toEqual(['cohort.create', 'cohort.recruiting', 'cohort.running', 'cohort.closed']);
      expect(audit.body.items[1].changes).toEqual({ status: { from: 'draft', to: 'recruiting' } });
    });

    it.each([
      [{ endDate: '2026-12-31', startDate: '2027-01-11' }, 422, 'INVALID_DATE_RANGE', 'endDate'],
      [{ startDate: '2027-02-30' }, 400, 'VALIDATION_FAILED', 'startDate'],
      [{ startDate: '11/01/2027' }, 400, 'VALIDATION_FAILED', 'startDate'],
      [{ feeCents: -1 }, 400, 'VALIDATION_FAILED', 'feeCents'],
      [{ feeCents: '2490' }, 400, 'VALIDATION_FAILED', 'feeCents'],
      [{ capacity: 0 }, 400, 'VALIDATION_FAILED', 'capacity'],
      [{ programmeId: 'not-a-uuid' }, 400, 'VALIDATION_FAILED', 'programmeId'],
      [{ programmeId: '7f0d2b8e-0000-4000-8000-000000000000' }, 422, 'PROGRAMME_NOT_FOUND', 'programmeId'],
      [{ colour: 'blue' }, 400, 'VALIDATION_FAILED', 'colour'],
      [{ name: '' }, 400, 'VALIDATION_FAILED', 'name'],
    ])('rejects %j with %i %s and creates nothing', async (override, status, code, field) => {
      const before = await count(t, 'cohorts');
      const res = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody(override)).expect(status);
      expect(res.body).toMatchObject({ statusCode: status, code });
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      expect(typeof res.body.requestId).toBe('string');
      expect(await count(t, 'cohorts')).toBe(before);
    });

    it('paginates with an opaque cursor and rejects a forged one', async () => {
      for (let i = 0; i < 3; i++) await t.http.post('/api/cohorts').set(...bearer(x.admin)).send(cohortBody()).expect(201);
      const first = await t.http.get('/api/cohorts?limit=2').set(...bearer(x.advisor)).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http.get(`/api/cohorts?limit=2&cursor=${first.body.nextCursor}`).set(...bearer(x.advisor)).expect(200);
      const firstIds = (first.body.items as { id: string }[]).map((c) => c.id);
      for (const c of second.body.items as { id: string }[]) expect(firstIds).not.toContain(c.id);
      const bad = await t.http.get('/api/cohorts?cursor=abc').set(...bearer(x.advisor)).expect(400);
      expect(bad.body.code).toBe('INVALID_CURSOR');
      await t.http.get('/api/cohorts?limit=201').set(...bearer(x.advisor)).expect(400);
      await t.http.get('/api/cohorts?limit=abc').set(...bearer(x.advisor)).expect(400);
    });

    it('keeps the capacity when two advisors add projects at the same time', async () => {
      const cohort = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ capacity: 3 })).expect(201);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(i % 2 ? x.admin : x.advisor)).send(projectBody())),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'COHORT_FULL')).toBe(true);
      const rows = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM projects WHERE cohort_id = $1', [cohort.body.id]);
      expect(rows[0].n).toBe(3);
    });
  });

  describe('projects and milestones', () => {
    let cohortId: string;
    const start = addDays(todayInParis(), -30);

    beforeAll(async () => {
      const c = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ startDate: start, endDate: addDays(start, 180) })).expect(201);
      cohortId = c.body.id;
    });

    it('creates a project with milestones dated from the cohort start', async () => {
      const res = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ company: { siret: '732 829 320 00074', name: 'Dupont', nafCode: '2562b', communeCode: '25056' } })).expect(201);
      expect(res.body.status).toBe('applied');
      expect(res.body.company).toMatchObject({ siret: '73282932000074', siren: '732829320', nafCode: '25.62B', nafLabel: 'Mécanique industrielle', communeName: 'Besançon', departementCode: '25', regionCode: '27' });
      expect(res.body.milestones).toHaveLength(17);
      const kickoff = (res.body.milestones as { key: string; startDate: string; dueDate: string; late: boolean }[]).find((m) => m.key === 'lancement');
      expect(kickoff).toMatchObject({ startDate: start, dueDate: addDays(start, 3), late: true });
      const workshop = (res.body.milestones as { key: string; dueDate: string; late: boolean }[]).find((m) => m.key === 'ateliers_intensifs');
      expect(workshop).toMatchObject({ dueDate: addDays(start, 114), late: false });
      const dup = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ company: { siret: '73282932000074', name: 'Dupont bis', nafCode: '25.62B', communeCode: '25056' } })).expect(409);
      expect(dup.body.code).toBe('PROJECT_ALREADY_IN_COHORT');
    });

    it('rejects a bad SIRET, NAF and commune together, field by field, and writes nothing', async () => {
      const before = [await count(t, 'projects'), await count(t, 'milestones'), await count(t, 'audit_events')];
      const res = await t.http
        .post(`/api/cohorts/${cohortId}/projects`)
        .set(...bearer(x.advisor))
        .send(projectBody({ company: { siret: '73282932000075', name: 'X', nafCode: '25.62Q', communeCode: '99999', sizeBand: '99' }, products: [{ label: 'p', nafCode: 'ZZ' }] }))
        .expect(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['company.communeCode', 'company.nafCode', 'company.siret', 'company.sizeBand', 'products.0.nafCode']);
      const shape = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ company: { siret: 'abc', name: 'X', nafCode: '25.62B', communeCode: '25056', extra: 1 }, kind: 'spaceship' })).expect(400);
      expect((shape.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['company.extra', 'company.siret', 'kind']);
      await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send({ title: 'no company' }).expect(400);
      expect([await count(t, 'projects'), await count(t, 'milestones'), await count(t, 'audit_events')]).toEqual(before);
    });

    it('accepts the La Poste SIRET rule', async () => {
      await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ company: { siret: '35600000000001', name: 'La Poste', nafCode: '53.10Z', communeCode: '75056' } })).expect(201);
    });

    it('walks the project status flow and refuses illegal moves', async () => {
      const p = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody()).expect(201);
      await t.http.patch(`/api/projects/${p.body.id}`).set(...bearer(x.advisor)).send({ status: 'active' }).expect(409);
      await t.http.patch(`/api/projects/${p.body.id}`).set(...bearer(x.advisor)).send({ status: 'selected' }).expect(200);
      await t.http.patch(`/api/projects/${p.body.id}`).set(...bearer(x.advisor)).send({ status: 'withdrawn' }).expect(200);
      const res = await t.http.patch(`/api/projects/${p.body.id}`).set(...bearer(x.advisor)).send({ status: 'active' }).expect(409);
      expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    });

    it('coaches see assigned projects only; holders their own; partners none', async () => {
      const p1 = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody()).expect(201);
      const p2 = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody()).expect(201);
      await t.http.get(`/api/projects/${p1.body.id}`).set(...bearer(x.coach)).expect(404);
      const assigned = await t.http.post(`/api/projects/${p1.body.id}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);
      expect(assigned.body.members).toEqual([{ userId: x.coach.id, name: 'Test coach', role: 'coach' }]);
      await t.http.post(`/api/projects/${p1.body.id}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(409);
      const notCoach = await t.http.post(`/api/projects/${p1.body.id}/coaches`).set(...bearer(x.advisor)).send({ userId: x.holder.id }).expect(422);
      expect(notCoach.body.code).toBe('NOT_A_COACH');
      await t.http.get(`/api/projects/${p1.body.id}`).set(...bearer(x.coach)).expect(200);
      await t.http.get(`/api/projects/${p2.body.id}`).set(...bearer(x.coach)).expect(404);
      const coachList = await t.http.get(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.coach)).expect(200);
      expect((coachList.body.items as { id: string }[]).map((p) => p.id)).toEqual([p1.body.id]);
      const coachCohorts = await t.http.get('/api/cohorts').set(...bearer(x.coach)).expect(200);
      expect((coachCohorts.body.items as { id: string }[]).map((c) => c.id)).toEqual([cohortId]);
      await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, p2.body.id, x.holder.id]);
      const holderList = await t.http.get(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.holder)).expect(200);
      expect((holderList.body.items as { id: string }[]).map((p) => p.id)).toEqual([p2.body.id]);
      await t.http.get(`/api/projects/${p1.body.id}`).set(...bearer(x.holder)).expect(404);
      const partner = await t.http.get(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.partner)).expect(403);
      expect(partner.body.code).toBe('FORBIDDEN');
      await t.http.delete(`/api/projects/${p1.body.id}/coaches/${x.coach.id}`).set(...bearer(x.advisor)).expect(204);
      await t.http.get(`/api/projects/${p1.body.id}`).set(...bearer(x.coach)).expect(404);
      await t.http.delete(`/api/projects/${p1.body.id}/coaches/${x.coach.id}`).set(...bearer(x.advisor)).expect(404);
    });

    it('lets holders and coaches update milestones, only advisors move due dates, and computes late', async () => {
      const p = await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody()).expect(201);
      await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, p.body.id, x.holder.id]);
      const kickoff = (p.body.milestones as { id: string; key: string; late: boolean }[]).find((m) => m.key === 'lancement')!;
      expect(kickoff.late).toBe(true);
      const done = await t.http.patch(`/api/milestones/${kickoff.id}`).set(...bearer(x.holder)).send({ status: 'done', note: 'Réunion tenue', evidenceUrl: 'https://drive.example.fr/cr.pdf' }).expect(200);
      expect(done.body).toMatchObject({ status: 'done', late: false, note: 'Réunion tenue', evidenceUrl: 'https://drive.example.fr/cr.pdf' });
      expect(done.body.completedAt).toEqual(expect.any(String));
      const moved = await t.http.patch(`/api/milestones/${kickoff.id}`).set(...bearer(x.holder)).send({ dueDate: '2030-01-01' }).expect(403);
      expect(moved.body.code).toBe('FORBIDDEN_FIELD');
      await t.http.patch(`/api/milestones/${kickoff.id}`).set(...bearer(x.holder)).send({ evidenceUrl: 'javascript:alert(1)' }).expect(400);
      await t.http.patch(`/api/milestones/${kickoff.id}`).set(...bearer(x.holder)).send({ status: 'finished' }).expect(400);
      const reopened = await t.http.patch(`/api/milestones/${kickoff.id}`).set(...bearer(x.advisor)).send({ status: 'in_progress', dueDate: addDays(todayInParis(), 10) }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'in_progress', late: false, completedAt: null });
      const tooEarly = await t.http.patch(`/api/milestones/${kickoff.id}`).set(...bearer(x.advisor)).send({ dueDate: addDays(start, -1) }).expect(422);
      expect(tooEarly.body.errors[0].field).toBe('dueDate');
      const audit = await t.http.get(`/api/audit?entity=milestone&id=${kickoff.id}`).set(...bearer(x.admin)).expect(200);
      expect(audit.body.items[0]).toMatchObject({ actorUserId: x.holder.id, actorRole: 'holder', action: 'milestone.update' });
      expect(Object.keys(audit.body.items[0].changes as object).sort()).toEqual(['completedAt', 'evidenceUrl', 'late', 'note', 'status']);
      const list = await t.http.get(`/api/projects/${p.body.id}/milestones`).set(...bearer(x.holder)).expect(200);
      expect(list.body.items).toHaveLength(17);
      expect(list.body.nextCursor).toBeNull();
    });

    it('builds the dashboard per project with statuses, late count and next due', async () => {
      const c = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ startDate: start, endDate: addDays(start, 180) })).expect(201);
      const p = await t.http.post(`/api/cohorts/${c.body.id}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'B projet' })).expect(201);
      const q = await t.http.post(`/api/cohorts/${c.body.id}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'A projet' })).expect(201);
      const ms = p.body.milestones as { id: string; key: string; dueDate: string }[];
      const today = todayInParis();
      const past = ms.filter((m) => m.dueDate < today);
      await t.http.patch(`/api/milestones/${past[0].id}`).set(...bearer(x.advisor)).send({ status: 'done' }).expect(200);
      await t.http.patch(`/api/milestones/${past[1].id}`).set(...bearer(x.advisor)).send({ status: 'blocked' }).expect(200);
      await t.http.post(`/api/projects/${q.body.id}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);

      const dash = await t.http.get(`/api/cohorts/${c.body.id}/dashboard`).set(...bearer(x.advisor)).expect(200);
      expect(dash.body.today).toBe(today);
      expect((dash.body.projects as { title: string }[]).map((r) => r.title)).toEqual(['A projet', 'B projet']);
      const row = (dash.body.projects as { projectId: string }[]).find((r) => r.projectId === p.body.id) as Record<string, unknown>;
      expect(row.milestones).toEqual({ todo: 15, inProgress: 0, done: 1, blocked: 1, total: 17 });
      expect(row.lateCount).toBe(past.length - 1);
      expect(row.nextDue).toMatchObject({ late: true });
      expect(row.coachingMinutes).toBe(0);
      const coachDash = await t.http.get(`/api/cohorts/${c.body.id}/dashboard`).set(...bearer(x.coach)).expect(200);
      expect((coachDash.body.projects as { projectId: string }[]).map((r) => r.projectId)).toEqual([q.body.id]);
    });
  });
});
