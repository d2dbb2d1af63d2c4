import { CoachingEvents } from '@filiere/coaching';
import { addDays, todayInParis } from '@filiere/programmes';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, UserFixture } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

interface SessionBody {
  date: string;
  durationMinutes: number;
  mode: string;
  topics: string[];
  notes: string;
  privateNotes?: string | null;
  nextSteps?: { title: string; dueDate?: string }[];
  attendees?: string[];
}

const today = todayInParis();

function sessionBody(overrides: Partial<SessionBody> = {}): SessionBody {
  return {
    date: addDays(today, -1),
    durationMinutes: 60,
    mode: 'onsite',
    topics: ['Sourcing amont'],
    notes: 'Revue des fournisseurs de fonte en Franche-Comté.',
    privateNotes: 'Le dirigeant hésite à investir avant l’été.',
    nextSteps: [],
    attendees: ['Claire Martin (dirigeante)'],
    ...overrides,
  };
}

/**
 * Coaching sessions: who logs and reads them, the holder's view without private notes, the
 * 7-day edit lock, topics, the coaching budget on the dashboard, next steps into milestones,
 * the project timeline, and two tenants side by side.
 */
describe('Coaching sessions', () => {
  let t: TestApp;
  let x: TenantFixture;
  let y: TenantFixture;
  let advisor2: UserFixture;
  let cohortId: string;
  let p1: string; // coach and holder assigned
  let p2: string; // nobody assigned
  const start = addDays(today, -30);

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    x = await createTenant(t);
    y = await createTenant(t);
    advisor2 = await createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'advisor' });
    const cohort = await t.http
      .post('/api/cohorts')
      .set(...bearer(x.advisor))
      .send(cohortBody({ startDate: start, endDate: addDays(start, 180), coachingHoursPerProject: 2 }))
      .expect(201);
    expect(cohort.body.coachingHoursPerProject).toBe(2);
    cohortId = cohort.body.id;
    p1 = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'A — Fonderie' })).expect(201)).body.id;
    p2 = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'B — Usinage' })).expect(201)).body.id;
    await t.http.post(`/api/projects/${p1}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, p1, x.holder.id]);
  });
  afterAll(() => t.close());

  describe('logging and reading', () => {
    let sessionId: string;

    it('lets the assigned coach log a session, with topics reusing the tenant’s spelling', async () => {
      const res = await t.http
        .post(`/api/projects/${p1}/sessions`)
        .set(...bearer(x.coach))
        .send(sessionBody({ topics: ['sourcing  AMONT', 'financement', 'Financement ', 'Jumeau numérique'], mode: 'remote', durationMinutes: 45 }))
        .expect(201);
      sessionId = res.body.id;
      expect(res.body).toMatchObject({
        projectId: p1,
        author: { userId: x.coach.id, name: 'Test coach' },
        durationMinutes: 45,
        mode: 'remote',
        topics: ['Sourcing amont', 'Financement', 'Jumeau numérique'],
        privateNotes: 'Le dirigeant hésite à investir avant l’été.',
        locked: false,
      });
      expect(Date.parse(res.body.editableUntil) - Date.parse(res.body.createdAt)).toBe(7 * 24 * 3600 * 1000);
      const again = await t.http.post(`/api/projects/${p1}/sessions`).set(...bearer(x.advisor)).send(sessionBody({ topics: ['JUMEAU NUMERIQUE'], durationMinutes: 15 })).expect(201);
      expect(again.body.topics).toEqual(['Jumeau numérique']);
    });

    it('shows holders their project’s sessions without the private notes field, staff with it', async () => {
      const holderList = await t.http.get(`/api/projects/${p1}/sessions`).set(...bearer(x.holder)).expect(200);
      expect(holderList.body.items).toHaveLength(2);
      for (const s of holderList.body.items as Record<string, unknown>[]) {
        expect(s).not.toHaveProperty('privateNotes');
        expect(s.notes).toEqual(expect.any(String));
      }
      expect(JSON.stringify(holderList.body)).not.toContain('hésite');
      const holderOne = await t.http.get(`/api/sessions/${sessionId}`).set(...bearer(x.holder)).expect(200);
      expect(holderOne.body).not.toHaveProperty('privateNotes');
      for (const staff of [x.advisor, x.admin, x.coach]) {
        const one = await t.http.get(`/api/sessions/${sessionId}`).set(...bearer(staff)).expect(200);
        expect(one.body.privateNotes).toBe('Le dirigeant hésite à investir avant l’été.');
      }
      const page = await t.http.get(`/api/projects/${p1}/sessions?limit=1`).set(...bearer(x.advisor)).expect(200);
      expect(page.body.items).toHaveLength(1);
      const next = await t.http.get(`/api/projects/${p1}/sessions?limit=1&cursor=${page.body.nextCursor}`).set(...bearer(x.advisor)).expect(200);
      expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
      expect(next.body.nextCursor).toBeNull();
    });

    it('never shows sessions to partners, nor to holders and coaches of other projects (404)', async () => {
      const partner = await t.http.get(`/api/projects/${p1}/sessions`).set(...bearer(x.partner)).expect(403);
      expect(partner.body.code).toBe('FORBIDDEN');
      await t.http.get(`/api/sessions/${sessionId}`).set(...bearer(x.partner)).expect(403);
      const s2 = await t.http.post(`/api/projects/${p2}/sessions`).set(...bearer(x.advisor)).send(sessionBody()).expect(201);
      const notAssigned = await t.http.get(`/api/projects/${p2}/sessions`).set(...bearer(x.coach)).expect(404);
      expect(notAssigned.body.code).toBe('NOT_FOUND');
      await t.http.get(`/api/sessions/${s2.body.id}`).set(...bearer(x.coach)).expect(404);
      await t.http.get(`/api/sessions/${s2.body.id}`).set(...bearer(x.holder)).expect(404);
      await t.http.patch(`/api/sessions/${s2.body.id}`).set(...bearer(x.coach)).send({ notes: 'x' }).expect(404);
      const before = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM coaching_sessions WHERE project_id = $1', [p2]);
      await t.http.post(`/api/projects/${p2}/sessions`).set(...bearer(x.coach)).send(sessionBody()).expect(404);
      await t.http.post(`/api/projects/${p1}/sessions`).set(...bearer(x.holder)).send(sessionBody()).expect(403);
      const after = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM coaching_sessions WHERE project_id = $1', [p2]);
      expect(after).toEqual(before);
    });

    it.each([
      [{ mode: 'video' }, 400, 'mode'],
      [{ durationMinutes: 0 }, 400, 'durationMinutes'],
      [{ durationMinutes: '60' }, 400, 'durationMinutes'],
      [{ date: '03/02/2027' }, 400, 'date'],
      [{ topics: ['ok', ''] }, 400, 'topics'],
      [{ nextSteps: [{ title: '' }] }, 400, 'nextSteps.0.title'],
      [{ colour: 'blue' }, 400, 'colour'],
      [{ date: addDays(today, 2) }, 422, 'date'],
    ])('rejects %j with %i naming %s', async (override, status, field) => {
      const res = await t.http.post(`/api/projects/${p1}/sessions`).set(...bearer(x.coach)).send(sessionBody(override as Partial<SessionBody>)).expect(status);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    });
  });

  describe('editing', () => {
    it('lets the author edit for 7 days (audited), refuses others (403) and then locks (409)', async () => {
      const created = await t.http.post(`/api/projects/${p2}/sessions`).set(...bearer(x.advisor)).send(sessionBody({ durationMinutes: 30 })).expect(201);
      const id = created.body.id as string;
      const edited = await t.http.patch(`/api/sessions/${id}`).set(...bearer(x.advisor)).send({ durationMinutes: 40, privateNotes: null, topics: ['Financement'] }).expect(200);
      expect(edited.body).toMatchObject({ durationMinutes: 40, privateNotes: null, topics: ['Financement'] });
      const other = await t.http.patch(`/api/sessions/${id}`).set(...bearer(advisor2)).send({ notes: 'pas à moi' }).expect(403);
      expect(other.body.code).toBe('NOT_SESSION_AUTHOR');
      await t.http.patch(`/api/sessions/${id}`).set(...bearer(x.admin)).send({ notes: 'pas à moi non plus' }).expect(403);

      await t.dataSource.query(`UPDATE coaching_sessions SET created_at = created_at - interval '8 days' WHERE id = $1`, [id]);
      const locked = await t.http.patch(`/api/sessions/${id}`).set(...bearer(x.advisor)).send({ notes: 'trop tard' }).expect(409);
      expect(locked.body.code).toBe('SESSION_LOCKED');
      const read = await t.http.get(`/api/sessions/${id}`).set(...bearer(x.advisor)).expect(200);
      expect(read.body).toMatchObject({ locked: true, durationMinutes: 40, notes: sessionBody().notes });

      const audit = await t.http.get(`/api/audit?entity=coaching_session&id=${id}`).set(...bearer(x.admin)).expect(200);
      expect((audit.body.items as { action: string }[]).map((e) => e.action)).toEqual(['coaching_session.create', 'coaching_session.update']);
      expect(audit.body.items[1].changes).toEqual({
        durationMinutes: { from: 30, to: 40 },
        privateNotes: { from: sessionBody().privateNotes, to: null },
        topics: { from: ['Sourcing amont'], to: ['Financement'] },
      });
    });
  });

  describe('topics', () => {
    it('suggests the tenant’s topics by use count, French defaults included, accents ignored', async () => {
      const all = await t.http.get('/api/coaching/topics').set(...bearer(x.coach)).expect(200);
      const labels = (all.body.items as { label: string; useCount: number }[]).map((i) => i.label);
      expect(labels).toEqual(expect.arrayContaining(['Sourcing amont', 'Sourcing aval', 'Étude de marché', 'Industrialisation', 'Financement', 'Jumeau numérique']));
      const counts = all.body.items as { label: string; useCount: number }[];
      expect(counts.map((c) => c.useCount)).toEqual([...counts.map((c) => c.useCount)].sort((a, b) => b - a));
      const sourcing = await t.http.get('/api/coaching/topics?q=SOURC').set(...bearer(x.coach)).expect(200);
      const used = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM coaching_sessions WHERE tenant_id = $1 AND topics ? 'Sourcing amont'`, [x.id]);
      expect(sourcing.body.items).toEqual([
        { label: 'Sourcing amont', useCount: used[0].n },
        { label: 'Sourcing aval', useCount: 0 },
      ]);
      const etude = await t.http.get('/api/coaching/topics?q=etude').set(...bearer(x.advisor)).expect(200);
      expect(etude.body.items).toEqual([{ label: 'Étude de marché', useCount: 0 }]);
      const other = await t.http.get('/api/coaching/topics?q=jumeau').set(...bearer(y.advisor)).expect(200);
      expect(other.body.items).toEqual([]);
      await t.http.get('/api/coaching/topics').set(...bearer(x.holder)).expect(403);
    });
  });

  describe('budget', () => {
    it('flags 80 % and 100 % of the cohort’s budget on the dashboards and signals each crossing once', async () => {
      const events = t.app.get(CoachingEvents);
      const crossed = jest.spyOn(events, 'budgetThresholdCrossed');
      const logged = jest.spyOn(events, 'sessionLogged');
      const cohort = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ startDate: start, endDate: addDays(start, 180), coachingHoursPerProject: 2 })).expect(201);
      const p = (await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Budget' })).expect(201)).body.id as string;
      await t.http.post(`/api/projects/${p}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);

      await t.http.post(`/api/projects/${p}/sessions`).set(...bearer(x.coach)).send(sessionBody({ durationMinutes: 60 })).expect(201);
      const row = async () => {
        const dash = await t.http.get(`/api/cohorts/${cohort.body.id}/dashboard`).set(...bearer(x.advisor)).expect(200);
        return { row: (dash.body.projects as Record<string, unknown>[])[0], coaches: dash.body.coaches as Record<string, unknown>[] };
      };
      expect((await row()).row).toMatchObject({ coachingMinutes: 60, coachingBudgetMinutes: 120, coachingUsedPercent: 50, coachingBudgetAlert: 'none' });
      expect(crossed).not.toHaveBeenCalled();

      await t.http.post(`/api/projects/${p}/sessions`).set(...bearer(x.advisor)).send(sessionBody({ durationMinutes: 40 })).expect(201);
      const warning = await row();
      expect(warning.row).toMatchObject({ coachingMinutes: 100, coachingUsedPercent: 83.3, coachingBudgetAlert: 'warning' });
      expect(warning.row.coachingByCoach).toEqual([
        { userId: x.coach.id, name: 'Test coach', minutes: 60, assigned: true },
        { userId: x.advisor.id, name: 'Test advisor', minutes: 40, assigned: false },
      ]);
      expect(crossed).toHaveBeenCalledTimes(1);
      expect(crossed.mock.calls[0]?.[1]).toMatchObject({ projectId: p, cohortId: cohort.body.id, thresholdPercent: 80, usedMinutes: 100, budgetMinutes: 120, actorUserId: x.advisor.id });

      await t.http.post(`/api/projects/${p}/sessions`).set(...bearer(x.coach)).send(sessionBody({ durationMinutes: 30 })).expect(201);
      const exceeded = await row();
      expect(exceeded.row).toMatchObject({ coachingMinutes: 130, coachingUsedPercent: 108.3, coachingBudgetAlert: 'exceeded' });
      expect(exceeded.coaches).toEqual([
        { userId: x.coach.id, name: 'Test coach', minutes: 90, assignedProjects: 1, budgetMinutes: 120 },
        { userId: x.advisor.id, name: 'Test advisor', minutes: 40, assignedProjects: 0, budgetMinutes: null },
      ]);
      expect(crossed).toHaveBeenCalledTimes(2);
      expect(crossed.mock.calls[1]?.[1]).toMatchObject({ thresholdPercent: 100, usedMinutes: 130 });
      expect(logged).toHaveBeenCalledTimes(3);
      expect(logged.mock.calls[0]?.[1]).toMatchObject({ projectId: p, projectTitle: 'Budget', authorUserId: x.coach.id, authorName: 'Test coach', durationMinutes: 60, holderUserIds: [] });
      expect(crossed.mock.calls[1]?.[1]).toMatchObject({ projectTitle: 'Budget' });

      const coachDash = await t.http.get(`/api/cohorts/${cohort.body.id}/dashboard`).set(...bearer(x.coach)).expect(200);
      expect(coachDash.body.projects[0]).toMatchObject({ coachingMinutes: 130, coachingBudgetAlert: 'exceeded' });

      const budget = await t.http.get(`/api/projects/${p}/coaching-budget`).set(...bearer(x.coach)).expect(200);
      expect(budget.body).toMatchObject({ projectId: p, budgetMinutes: 120, usedMinutes: 130, usedPercent: 108.3, alert: 'exceeded' });
      expect(budget.body.byCoach).toEqual([
        { userId: x.coach.id, name: 'Test coach', minutes: 90, sessions: 2, assigned: true },
        { userId: x.advisor.id, name: 'Test advisor', minutes: 40, sessions: 1, assigned: false },
      ]);

      // No budget: no alert, nothing signalled.
      await t.http.patch(`/api/cohorts/${cohort.body.id}`).set(...bearer(x.advisor)).send({ coachingHoursPerProject: null }).expect(200);
      expect((await row()).row).toMatchObject({ coachingBudgetMinutes: null, coachingUsedPercent: null, coachingBudgetAlert: 'none' });
      crossed.mockRestore();
      logged.mockRestore();
    });
  });

  describe('next steps into milestones', () => {
    it('creates milestones after the last one, with the given or default (+14 days) due dates, once', async () => {
      const res = await t.http
        .post(`/api/projects/${p1}/sessions`)
        .set(...bearer(x.coach))
        .send(sessionBody({ nextSteps: [{ title: 'Contacter trois fonderies' }, { title: 'Chiffrer le moule', dueDate: addDays(today, 30) }, { title: 'Relancer Bpifrance' }] }))
        .expect(201);
      const id = res.body.id as string;
      const bad = await t.http.post(`/api/sessions/${id}/next-steps/convert`).set(...bearer(x.coach)).send({ steps: [{ index: 7 }] }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'steps.0.index', message: 'no next step 7 (the session has 3)' }]);

      const first = await t.http.post(`/api/sessions/${id}/next-steps/convert`).set(...bearer(x.coach)).send({ steps: [{ index: 0 }, { index: 1, dueDate: addDays(today, 45) }] }).expect(201);
      expect(first.body.milestones).toEqual([
        expect.objectContaining({ title: 'Contacter trois fonderies', position: 17, dueDate: addDays(today, 14), startDate: today, status: 'todo', stepIndex: 0 }),
        expect.objectContaining({ title: 'Chiffrer le moule', position: 18, dueDate: addDays(today, 45), stepIndex: 1 }),
      ]);
      expect(first.body.session.nextSteps.map((s: { milestoneId: string | null }) => s.milestoneId)).toEqual([first.body.milestones[0].id, first.body.milestones[1].id, null]);

      const rest = await t.http.post(`/api/sessions/${id}/next-steps/convert`).set(...bearer(x.advisor)).send({}).expect(201);
      expect(rest.body.milestones).toEqual([expect.objectContaining({ title: 'Relancer Bpifrance', position: 19, stepIndex: 2 })]);
      const none = await t.http.post(`/api/sessions/${id}/next-steps/convert`).set(...bearer(x.coach)).send({}).expect(409);
      expect(none.body.code).toBe('NOTHING_TO_CONVERT');
      const twice = await t.http.post(`/api/sessions/${id}/next-steps/convert`).set(...bearer(x.coach)).send({ steps: [{ index: 1 }] }).expect(409);
      expect(twice.body.code).toBe('NEXT_STEP_ALREADY_CONVERTED');

      const milestones = await t.http.get(`/api/projects/${p1}/milestones`).set(...bearer(x.holder)).expect(200);
      expect(milestones.body.items).toHaveLength(20);
      const keys = (milestones.body.items as { key: string }[]).map((m) => m.key);
      expect(new Set(keys).size).toBe(20);
      expect(milestones.body.items.slice(17).map((m: { title: string; phase: string }) => [m.title, m.phase])).toEqual([
        ['Contacter trois fonderies', 'Prochaines étapes'],
        ['Chiffrer le moule', 'Prochaines étapes'],
        ['Relancer Bpifrance', 'Prochaines étapes'],
      ]);

      const drop = await t.http.patch(`/api/sessions/${id}`).set(...bearer(x.coach)).send({ nextSteps: [{ title: 'Autre chose' }] }).expect(409);
      expect(drop.body.code).toBe('NEXT_STEP_CONVERTED');
      const keep = await t.http
        .patch(`/api/sessions/${id}`)
        .set(...bearer(x.coach))
        .send({ nextSteps: [{ title: 'Contacter trois fonderies' }, { title: 'Chiffrer le moule' }, { title: 'Relancer Bpifrance' }, { title: 'Visiter le site' }] })
        .expect(200);
      expect(keep.body.nextSteps.map((s: { milestoneId: string | null }) => s.milestoneId !== null)).toEqual([true, true, true, false]);
    });
  });

  describe('timeline', () => {
    it('tells what happened to the project, newest first, paginated, without any notes', async () => {
      const ms = await t.http.get(`/api/projects/${p1}/milestones`).set(...bearer(x.advisor)).expect(200);
      await t.http.patch(`/api/milestones/${ms.body.items[0].id}`).set(...bearer(x.holder)).send({ status: 'done' }).expect(200);
      await t.http.patch(`/api/projects/${p1}`).set(...bearer(x.advisor)).send({ status: 'selected' }).expect(200);

      const feed = await t.http.get(`/api/projects/${p1}/timeline?limit=200`).set(...bearer(x.holder)).expect(200);
      const items = feed.body.items as { id: string; at: string; kind: string; summary: string; actor: { userId: string } | null; data: Record<string, unknown> }[];
      expect(items[0]).toMatchObject({ kind: 'project.status_changed', summary: 'Statut du projet : candidature → sélectionné', actor: { userId: x.advisor.id }, data: { from: 'applied', to: 'selected' } });
      expect(items[1]).toMatchObject({ kind: 'milestone.updated', summary: `Jalon « ${ms.body.items[0].title} » : à faire → terminé`, actor: { userId: x.holder.id } });
      const kinds = new Set(items.map((i) => i.kind));
      for (const k of ['project.created', 'project.coach_assigned', 'session.logged', 'milestone.created', 'milestone.updated', 'project.status_changed']) expect(kinds).toContain(k);
      expect(items.filter((i) => i.kind === 'session.logged')).toHaveLength(3);
      expect(items.find((i) => i.kind === 'session.logged')?.summary).toMatch(/^Séance d’accompagnement du \d{2}\/\d{2}\/\d{4} \(1 h, sur site\)$/);
      const ats = items.map((i) => i.at);
      expect(ats).toEqual([...ats].sort().reverse());
      expect(JSON.stringify(items)).not.toMatch(/hésite|Revue des fournisseurs/);

      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.http.get(`/api/projects/${p1}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}`).set(...bearer(x.coach)).expect(200);
        pages.push(...(res.body.items as { id: string }[]).map((i) => i.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(pages).toEqual(items.map((i) => i.id));

      await t.http.get(`/api/projects/${p1}/timeline`).set(...bearer(x.partner)).expect(403);
      await t.http.get(`/api/projects/${p2}/timeline`).set(...bearer(x.coach)).expect(404);
      await t.http.get(`/api/projects/${p1}/timeline?cursor=abc`).set(...bearer(x.coach)).expect(400);
    });
  });

  describe('two tenants', () => {
    async function snapshot(tenantId: string): Promise<unknown> {
      const q = (sql: string) => t.dataSource.query(sql, [tenantId]);
      return {
        sessions: await q('SELECT * FROM coaching_sessions WHERE tenant_id = $1 ORDER BY id'),
        topics: await q('SELECT * FROM coaching_topics WHERE tenant_id = $1 ORDER BY id'),
        milestones: await q('SELECT * FROM milestones WHERE tenant_id = $1 ORDER BY id'),
      };
    }

    it('B reads nothing of A’s coaching (404) and writes nothing to it', async () => {
      const s = await t.http.post(`/api/projects/${p1}/sessions`).set(...bearer(x.coach)).send(sessionBody({ nextSteps: [{ title: 'Étape' }] })).expect(201);
      const before = await snapshot(x.id);
      for (const user of [y.admin, y.advisor, y.coach, y.holder]) {
        for (const path of [`/api/projects/${p1}/sessions`, `/api/sessions/${s.body.id}`, `/api/projects/${p1}/timeline`, `/api/projects/${p1}/coaching-budget`]) {
          const res = await t.http.get(path).set(...bearer(user));
          expect({ path, role: user.role, status: res.status }).toEqual({ path, role: user.role, status: 404 });
        }
      }
      for (const user of [y.admin, y.advisor, y.coach]) {
        const writes: [string, string, object][] = [
          ['post', `/api/projects/${p1}/sessions`, sessionBody()],
          ['patch', `/api/sessions/${s.body.id}`, { notes: 'pirate' }],
          ['post', `/api/sessions/${s.body.id}/next-steps/convert`, {}],
        ];
        for (const [verb, path, body] of writes) {
          const res = await (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[verb](path).set(...bearer(user)).send(body);
          expect({ verb, path, role: user.role, status: res.status }).toEqual({ verb, path, role: user.role, status: 404 });
        }
      }
      expect(await snapshot(x.id)).toEqual(before);
    });
  });
});
