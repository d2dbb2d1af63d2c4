import { addDays, todayInParis } from '@filiere/programmes';
import { WorkshopEvents } from '@filiere/workshops';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, UserFixture } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

// Innovation counts twice as much as the market, scored on different scales.
const CRITERIA = [
  { key: 'innovation', label: 'Caractère innovant', weight: 2, maxScore: 10 },
  { key: 'marche', label: 'Marché et débouchés', weight: 1, maxScore: 20 },
];

/**
 * Ateliers intensifs: creating a workshop, who sees it (404 otherwise), partner evaluations and
 * their bounds, closing, the calibrated ranking on a hand-computed example, prizes, the CSV
 * export, and two tenants side by side.
 */
describe('Workshops', () => {
  let t: TestApp;
  let x: TenantFixture;
  let y: TenantFixture;
  let generous: UserFixture; // second invited partner
  let outsider: UserFixture; // partner of the tenant, not invited
  let otherCoach: UserFixture; // coach of the tenant, not assigned to a presenting project
  let cohortId: string;
  let otherCohortId: string;
  const projects: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  let workshopId: string;

  const workshopBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    title: 'Ateliers intensifs — printemps',
    startsAt: '2027-05-12T09:00:00+02:00',
    endsAt: '2027-05-13T17:30:00+02:00',
    location: 'CCI Saône-Doubs, Besançon',
    criteria: CRITERIA,
    projectIds: [projects.a, projects.b, projects.c],
    partnerUserIds: [x.partner.id, generous.id],
    ...overrides,
  });

  const put = (user: UserFixture, project: string, body: object, workshop = workshopId) =>
    t.http.put(`/api/workshops/${workshop}/evaluations/${project}`).set(...bearer(user)).send(body);

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    x = await createTenant(t);
    y = await createTenant(t);
    generous = await createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'partner' });
    outsider = await createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'partner' });
    otherCoach = await createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'coach' });
    const start = addDays(todayInParis(), -100);
    cohortId = (await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ startDate: start, endDate: addDays(start, 180) })).expect(201)).body.id;
    otherCohortId = (await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody()).expect(201)).body.id;
    projects.a = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Fonderie A' })).expect(201)).body.id;
    projects.b = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Usinage B' })).expect(201)).body.id;
    projects.c = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Capteurs C' })).expect(201)).body.id;
    projects.d = (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Cobotique D' })).expect(201)).body.id;
    await t.http.post(`/api/projects/${projects.b}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);
    await t.http.post(`/api/projects/${projects.d}/coaches`).set(...bearer(x.advisor)).send({ userId: otherCoach.id }).expect(201);
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, projects.b, x.holder.id]);
  });
  afterAll(() => t.close());

  describe('creating', () => {
    it('creates an open workshop with its rubric, projects in pitch order and invited partners', async () => {
      const res = await t.http.post(`/api/cohorts/${cohortId}/workshops`).set(...bearer(x.advisor)).send(workshopBody()).expect(201);
      workshopId = res.body.id;
      expect(res.body).toMatchObject({
        cohortId,
        status: 'open',
        closedAt: null,
        startsAt: '2027-05-12T07:00:00.000Z',
        criteria: CRITERIA,
        awards: [],
      });
      expect(res.body.projects.map((p: { title: string; position: number }) => [p.title, p.position])).toEqual([
        ['Fonderie A', 0],
        ['Usinage B', 1],
        ['Capteurs C', 2],
      ]);
      expect(res.body.partners.map((p: { userId: string }) => p.userId).sort()).toEqual([x.partner.id, generous.id].sort());
      const audit = await t.http.get(`/api/audit?entity=workshop&id=${workshopId}`).set(...bearer(x.admin)).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['workshop.create']);
    });

    it.each([
      ['a repeated criterion key', { criteria: [CRITERIA[0], { ...CRITERIA[1], key: 'innovation' }] }, 400, 'VALIDATION_FAILED', ['criteria.1.key']],
      ['a criterion without weight', { criteria: [{ key: 'x', label: 'X', maxScore: 10 }] }, 400, 'VALIDATION_FAILED', ['criteria.0.weight']],
      ['no criteria', { criteria: [] }, 400, 'VALIDATION_FAILED', ['criteria']],
      ['a date without zone', { startsAt: '2027-05-12T09:00:00' }, 400, 'VALIDATION_FAILED', ['startsAt']],
      ['an end before the start', { endsAt: '2027-05-11T09:00:00+02:00' }, 422, 'INVALID_DATE_RANGE', ['endsAt']],
    ])('rejects %s', async (_, override, status, code, fields) => {
      const before = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM workshops');
      const res = await t.http.post(`/api/cohorts/${cohortId}/workshops`).set(...bearer(x.advisor)).send(workshopBody(override)).expect(status);
      expect(res.body.code).toBe(code);
      expect([...new Set((res.body.errors as { field: string }[]).map((e) => e.field))]).toEqual(fields);
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM workshops')).toEqual(before);
    });

    it('refuses projects of another cohort and people who are not partners of the tenant (422, by position)', async () => {
      const elsewhere = (await t.http.post(`/api/cohorts/${otherCohortId}/projects`).set(...bearer(x.advisor)).send(projectBody()).expect(201)).body.id;
      const res = await t.http
        .post(`/api/cohorts/${cohortId}/workshops`)
        .set(...bearer(x.advisor))
        .send(workshopBody({ projectIds: [projects.a, elsewhere], partnerUserIds: [x.partner.id, x.coach.id, y.partner.id] }))
        .expect(422);
      expect(res.body.code).toBe('INVALID_PARTICIPANTS');
      expect(res.body.errors).toEqual([
        { field: 'projectIds.1', message: 'not a project of this cohort' },
        { field: 'partnerUserIds.1', message: 'not a partner of this tenant' },
        { field: 'partnerUserIds.2', message: 'not a partner of this tenant' },
      ]);
    });
  });

  describe('who sees it', () => {
    it('invited partners see the workshop and its cohort; others get 404', async () => {
      for (const user of [x.partner, generous]) {
        await t.http.get(`/api/workshops/${workshopId}`).set(...bearer(user)).expect(200);
        const list = await t.http.get(`/api/cohorts/${cohortId}/workshops`).set(...bearer(user)).expect(200);
        expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([workshopId]);
        await t.http.get(`/api/cohorts/${cohortId}`).set(...bearer(user)).expect(200);
        const cohorts = await t.http.get('/api/cohorts').set(...bearer(user)).expect(200);
        expect(cohorts.body.items.map((c: { id: string }) => c.id)).toEqual([cohortId]);
      }
      const notInvited = await t.http.get(`/api/workshops/${workshopId}`).set(...bearer(outsider)).expect(404);
      expect(notInvited.body.code).toBe('NOT_FOUND');
      await t.http.get(`/api/cohorts/${cohortId}/workshops`).set(...bearer(outsider)).expect(404);
      await t.http.get(`/api/cohorts/${cohortId}`).set(...bearer(outsider)).expect(404);
      await t.http.get(`/api/workshops/${workshopId}/results`).set(...bearer(outsider)).expect(404);
      // Partners still never read projects themselves.
      await t.http.get(`/api/projects/${projects.a}`).set(...bearer(x.partner)).expect(403);
    });

    it('coaches and holders of a presenting project see it (without the partners); others get 404', async () => {
      const coach = await t.http.get(`/api/workshops/${workshopId}`).set(...bearer(x.coach)).expect(200);
      expect(coach.body).not.toHaveProperty('partners');
      const holder = await t.http.get(`/api/workshops/${workshopId}`).set(...bearer(x.holder)).expect(200);
      expect(holder.body.projects).toHaveLength(3);
      const notAssigned = await t.http.get(`/api/workshops/${workshopId}`).set(...bearer(otherCoach)).expect(404);
      expect(notAssigned.body.code).toBe('NOT_FOUND');
      const list = await t.http.get(`/api/cohorts/${cohortId}/workshops`).set(...bearer(otherCoach)).expect(200);
      expect(list.body.items).toEqual([]);
      await t.http.get(`/api/workshops/${workshopId}/results`).set(...bearer(otherCoach)).expect(404);
    });
  });

  describe('evaluating', () => {
    const count = async (): Promise<number> => (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM workshop_evaluations'))[0].n;

    it.each([
      ['a score above maxScore', { innovation: 11, marche: 10 }, [{ field: 'scores.innovation', message: 'must be between 0 and 10' }]],
      ['a negative score', { innovation: 5, marche: -1 }, [{ field: 'scores.marche', message: 'must be between 0 and 20' }]],
      ['a missing criterion', { innovation: 5 }, [{ field: 'scores.marche', message: 'required: every criterion is scored' }]],
      ['an unknown criterion', { innovation: 5, marche: 5, design: 4 }, [{ field: 'scores.design', message: 'unknown criterion (the rubric has: innovation, marche)' }]],
      ['a score that is not a number', { innovation: '5', marche: 5 }, [{ field: 'scores.innovation', message: 'must be a number' }]],
    ])('rejects %s with a 400 field error and stores nothing', async (_, scores, errors) => {
      const before = await count();
      const res = await put(x.partner, projects.a, { scores }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(errors);
      expect(await count()).toBe(before);
    });

    it('rejects a body without scores, and unknown fields', async () => {
      const res = await put(x.partner, projects.a, { comment: 'x' }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('scores');
      await put(x.partner, projects.a, { scores: { innovation: 1, marche: 1 }, grade: 'A' }).expect(400);
    });

    it('answers 404 to a partner not invited and for a project not presenting', async () => {
      await put(outsider, projects.a, { scores: { innovation: 5, marche: 5 } }).expect(404);
      await put(x.partner, projects.d, { scores: { innovation: 5, marche: 5 } }).expect(404);
      await t.http.put(`/api/workshops/${workshopId}/evaluations/${projects.a}`).set(...bearer(x.advisor)).send({ scores: { innovation: 5, marche: 5 } }).expect(403);
    });

    it('keeps one evaluation per partner and project, replaced until closing (audited)', async () => {
      const first = await put(x.partner, projects.a, { scores: { innovation: 8, marche: 8 }, comment: 'Bon pitch' }).expect(200);
      expect(first.body).toMatchObject({ partnerUserId: x.partner.id, projectId: projects.a, weightedScore: 66.67, comment: 'Bon pitch' });
      const second = await put(x.partner, projects.a, { scores: { innovation: 3, marche: 6 } }).expect(200);
      expect(second.body).toMatchObject({ id: first.body.id, weightedScore: 30, comment: 'Bon pitch' });
      const rows = await t.dataSource.query('SELECT id FROM workshop_evaluations WHERE project_id = $1', [projects.a]);
      expect(rows).toHaveLength(1);
      const audit = await t.http.get(`/api/audit?entity=workshop_evaluation&id=${first.body.id}`).set(...bearer(x.admin)).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['workshop_evaluation.create', 'workshop_evaluation.update']);
      expect(audit.body.items[1].changes.scores).toEqual({ from: { innovation: 8, marche: 8 }, to: { innovation: 3, marche: 6 } });
    });
  });

  describe('closing, results and prizes', () => {
    it('computes results where calibration changes the winner (harsh vs generous partner), then freezes them', async () => {
      // Hand-computed (see results.spec.ts): the harsh partner scores A 30 and B 50, the generous one A 90 and C 80.
      await put(x.partner, projects.b, { scores: { innovation: 5, marche: 10 } }).expect(200);
      await put(generous, projects.a, { scores: { innovation: 9, marche: 18 } }).expect(200);
      await put(generous, projects.c, { scores: { innovation: 8, marche: 16 } }).expect(200);

      const early = await t.http.get(`/api/workshops/${workshopId}/results`).set(...bearer(x.holder)).expect(409);
      expect(early.body.code).toBe('RESULTS_NOT_PUBLISHED');
      const notYet = await t.http.post(`/api/workshops/${workshopId}/awards`).set(...bearer(x.advisor)).send({ projectId: projects.b, prize: 'Prix du jury', awardedBy: 'Région' }).expect(409);
      expect(notYet.body.code).toBe('WORKSHOP_NOT_CLOSED');
      const partnerView = await t.http.get(`/api/workshops/${workshopId}/results`).set(...bearer(generous)).expect(200);
      expect(partnerView.body).toHaveLength(3);
      const own = await t.http.get(`/api/workshops/${workshopId}/evaluations`).set(...bearer(generous)).expect(200);
      expect(own.body.map((e: { partnerUserId: string }) => e.partnerUserId)).toEqual([generous.id, generous.id]);
      const all = await t.http.get(`/api/workshops/${workshopId}/evaluations`).set(...bearer(x.advisor)).expect(200);
      expect(all.body).toHaveLength(4);

      const published = jest.spyOn(t.app.get(WorkshopEvents), 'resultsPublished');
      const closed = await t.http.post(`/api/workshops/${workshopId}/close`).set(...bearer(x.advisor)).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
      expect(published).toHaveBeenCalledTimes(1);
      expect(published.mock.calls[0]?.[1]).toMatchObject({ workshopId, workshopTitle: 'Ateliers intensifs — printemps', cohortId, closedAt: closed.body.closedAt, projectIds: [projects.a, projects.b, projects.c] });
      expect([...(published.mock.calls[0]?.[1].partnerUserIds ?? [])].sort()).toEqual([x.partner.id, generous.id].sort());
      published.mockRestore();
      const again = await t.http.post(`/api/workshops/${workshopId}/close`).set(...bearer(x.admin)).expect(409);
      expect(again.body.code).toBe('WORKSHOP_CLOSED');
      const frozen = await put(x.partner, projects.a, { scores: { innovation: 10, marche: 20 } }).expect(409);
      expect(frozen.body.code).toBe('WORKSHOP_CLOSED');

      const results = await t.http.get(`/api/workshops/${workshopId}/results`).set(...bearer(x.advisor)).expect(200);
      expect(results.body).toEqual([
        { projectId: projects.c, title: 'Capteurs C', weightedScore: 80, evaluationCount: 1, rank: 1, calibratedScore: -1, calibratedRank: 3, spread: 0, disagreement: false },
        { projectId: projects.a, title: 'Fonderie A', weightedScore: 60, evaluationCount: 2, rank: 2, calibratedScore: 0, calibratedRank: 2, spread: 30, disagreement: true },
        { projectId: projects.b, title: 'Usinage B', weightedScore: 50, evaluationCount: 1, rank: 3, calibratedScore: 1, calibratedRank: 1, spread: 0, disagreement: false },
      ]);
      // Holders and assigned coaches read them once closed.
      expect((await t.http.get(`/api/workshops/${workshopId}/results`).set(...bearer(x.holder)).expect(200)).body).toEqual(results.body);
      await t.http.get(`/api/workshops/${workshopId}/results`).set(...bearer(x.coach)).expect(200);
      const audit = await t.http.get(`/api/audit?entity=workshop&id=${workshopId}`).set(...bearer(x.admin)).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['workshop.create', 'workshop.close']);
    });

    it('records prizes after closing, for presenting projects only, once each; holders see them', async () => {
      const award = await t.http
        .post(`/api/workshops/${workshopId}/awards`)
        .set(...bearer(x.advisor))
        .send({ projectId: projects.b, prize: 'Prix de la relocalisation', awardedBy: 'Région Bourgogne-Franche-Comté' })
        .expect(201);
      expect(award.body).toMatchObject({ projectId: projects.b, projectTitle: 'Usinage B', prize: 'Prix de la relocalisation' });
      const dup = await t.http.post(`/api/workshops/${workshopId}/awards`).set(...bearer(x.admin)).send({ projectId: projects.b, prize: 'Prix de la relocalisation', awardedBy: 'Région' }).expect(409);
      expect(dup.body.code).toBe('AWARD_EXISTS');
      const notPresenting = await t.http.post(`/api/workshops/${workshopId}/awards`).set(...bearer(x.advisor)).send({ projectId: projects.d, prize: 'Coup de cœur', awardedBy: 'Bpifrance' }).expect(422);
      expect(notPresenting.body.errors).toEqual([{ field: 'projectId', message: 'not a project of this workshop' }]);
      await t.http.post(`/api/workshops/${workshopId}/awards`).set(...bearer(x.advisor)).send({ projectId: projects.b, prize: '' }).expect(400);
      await t.http.post(`/api/workshops/${workshopId}/awards`).set(...bearer(x.partner)).send({ projectId: projects.b, prize: 'x', awardedBy: 'y' }).expect(403);
      const holder = await t.http.get(`/api/workshops/${workshopId}`).set(...bearer(x.holder)).expect(200);
      expect(holder.body.awards).toEqual([expect.objectContaining({ projectId: projects.b, prize: 'Prix de la relocalisation', awardedBy: 'Région Bourgogne-Franche-Comté' })]);
    });

    it('exports the results as a CSV for Excel: BOM, French headers, ; and decimal commas', async () => {
      const res = await t.http
        .get(`/api/workshops/${workshopId}/results.csv`)
        .set(...bearer(x.advisor))
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="resultats-ateliers-2027-05-12.csv"');
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines).toEqual([
        'Rang;Projet;Score pondéré (sur 100);Nombre d’évaluations;Score calibré;Rang calibré;Écart-type;Désaccord entre évaluateurs;Prix',
        '1;Capteurs C;80,00;1;-1,000;3;0,00;Non;',
        '2;Fonderie A;60,00;2;0,000;2;30,00;Oui;',
        '3;Usinage B;50,00;1;1,000;1;0,00;Non;Prix de la relocalisation (Région Bourgogne-Franche-Comté)',
      ]);
      await t.http.get(`/api/workshops/${workshopId}/results.csv`).set(...bearer(outsider)).expect(404);
    });

    it('puts the published results and the prize on the project’s timeline', async () => {
      const feed = await t.http.get(`/api/projects/${projects.b}/timeline`).set(...bearer(x.holder)).expect(200);
      const items = feed.body.items as { kind: string; summary: string; data: Record<string, unknown> }[];
      expect(items[0]).toMatchObject({ kind: 'workshop.award', summary: 'Prix « Prix de la relocalisation » décerné par Région Bourgogne-Franche-Comté' });
      expect(items[1]).toMatchObject({ kind: 'workshop.results_published', summary: 'Résultats des ateliers intensifs « Ateliers intensifs — printemps » publiés', data: { workshopId, evaluationCount: 1 } });
    });
  });

  describe('two tenants', () => {
    async function snapshot(tenantId: string): Promise<unknown> {
      const q = (sql: string) => t.dataSource.query(sql, [tenantId]);
      return {
        workshops: await q('SELECT * FROM workshops WHERE tenant_id = $1 ORDER BY id'),
        projects: await q('SELECT * FROM workshop_projects WHERE tenant_id = $1 ORDER BY id'),
        partners: await q('SELECT * FROM workshop_partners WHERE tenant_id = $1 ORDER BY id'),
        evaluations: await q('SELECT * FROM workshop_evaluations WHERE tenant_id = $1 ORDER BY id'),
        awards: await q('SELECT * FROM workshop_awards WHERE tenant_id = $1 ORDER BY id'),
      };
    }

    it('B reads nothing of A’s workshops (404) and changes nothing', async () => {
      const open = (await t.http.post(`/api/cohorts/${cohortId}/workshops`).set(...bearer(x.advisor)).send(workshopBody({ title: 'Second atelier' })).expect(201)).body.id as string;
      const before = await snapshot(x.id);
      for (const user of [y.admin, y.advisor, y.coach, y.holder, y.partner]) {
        for (const path of [`/api/workshops/${workshopId}`, `/api/workshops/${workshopId}/results`, `/api/workshops/${workshopId}/results.csv`, `/api/cohorts/${cohortId}/workshops`]) {
          const res = await t.http.get(path).set(...bearer(user));
          expect({ path, role: user.role, status: res.status }).toEqual({ path, role: user.role, status: 404 });
        }
      }
      for (const user of [y.admin, y.advisor]) {
        const writes: [string, object][] = [
          [`/api/workshops/${open}/close`, {}],
          [`/api/workshops/${workshopId}/awards`, { projectId: projects.a, prize: 'Pirate', awardedBy: 'B' }],
          [`/api/cohorts/${cohortId}/workshops`, workshopBody()],
        ];
        for (const [path, body] of writes) {
          const res = await t.http.post(path).set(...bearer(user)).send(body);
          expect({ path, status: res.status }).toEqual({ path, status: 404 });
        }
        await t.http.get(`/api/workshops/${open}/evaluations`).set(...bearer(user)).expect(404);
      }
      const evaluation = await put(y.partner, projects.a, { scores: { innovation: 1, marche: 1 } }, open);
      expect(evaluation.status).toBe(404);
      // B's own workshop cannot pull in A's projects or partners.
      const yCohort = (await t.http.post('/api/cohorts').set(...bearer(y.advisor)).send(cohortBody()).expect(201)).body.id;
      const pull = await t.http.post(`/api/cohorts/${yCohort}/workshops`).set(...bearer(y.advisor)).send(workshopBody({ projectIds: [projects.a], partnerUserIds: [x.partner.id] })).expect(422);
      expect(pull.body.errors.map((e: { field: string }) => e.field)).toEqual(['projectIds.0', 'partnerUserIds.0']);
      expect(await snapshot(x.id)).toEqual(before);
    });
  });
});
