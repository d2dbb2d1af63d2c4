import { randomUUID } from 'node:crypto';
import { assignedHours, monthsSpanned } from '@filiere/experts';
import { addDays, todayInParis } from '@filiere/programmes';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, UserFixture, validSiret } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

const today = todayInParis();
const month = today.slice(0, 7);

const company = (communeCode: string, nafCode = '24.51Z') => ({ siret: validSiret(), name: 'Fonderie Test', nafCode, communeCode, sizeBand: '12' });

/**
 * Coaches and experts: the directory (organisations, expertise list, profiles), monthly load,
 * coach suggestions for a project, academic teams and their deliverables, group trainings with
 * capacity under concurrent registrations, the timeline, and two tenants side by side.
 */
describe('Coaches and experts', () => {
  let t: TestApp;
  let x: TenantFixture;
  let y: TenantFixture;
  let cohortId: string;
  let start: string;
  let end: string;
  let p1: string; // Besançon foundry: the suggestions target
  let p2: string;
  let p3: string;
  let cCci: UserFixture;
  let cFin: UserFixture;
  let cSchool: UserFixture;
  let cAssigned: UserFixture;
  const orgs: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    x = await createTenant(t);
    y = await createTenant(t);
    const coach = (): Promise<UserFixture> => createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'coach' });
    cCci = await coach();
    cFin = await coach();
    cSchool = await coach();
    cAssigned = await coach();
    start = addDays(today, -30);
    end = addDays(start, 180);
    const cohort = await t.http
      .post('/api/cohorts')
      .set(...bearer(x.advisor))
      .send(cohortBody({ startDate: start, endDate: end, coachingHoursPerProject: 24 }))
      .expect(201);
    cohortId = cohort.body.id;
    const project = async (title: string, communeCode: string): Promise<string> =>
      (await t.http.post(`/api/cohorts/${cohortId}/projects`).set(...bearer(x.advisor)).send(projectBody({ title, company: company(communeCode) })).expect(201)).body.id;
    p1 = await project('A — Fonderie', '25056');
    p2 = await project('B — Usinage', '25388');
    p3 = await project('C — Capteurs', '39198');
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, p1, x.holder.id]);
  });
  afterAll(() => t.close());

  describe('directory', () => {
    it('keeps organisations per tenant, names unique', async () => {
      for (const [key, name, kind] of [
        ['cci', 'CCI Saône-Doubs', 'cci'],
        ['consulting', 'Finéo Conseil', 'consulting'],
        ['school', 'UTBM', 'school'],
      ] as const) {
        const res = await t.http.post('/api/organisations').set(...bearer(x.advisor)).send({ name, kind, communeCode: '25056' }).expect(201);
        expect(res.body).toMatchObject({ name, kind, communeCode: '25056' });
        orgs[key] = res.body.id;
      }
      const dup = await t.http.post('/api/organisations').set(...bearer(x.admin)).send({ name: 'UTBM', kind: 'school' }).expect(409);
      expect(dup.body.code).toBe('ORGANISATION_EXISTS');
      const bad = await t.http.post('/api/organisations').set(...bearer(x.admin)).send({ name: 'X', kind: 'bank' }).expect(400);
      expect(bad.body.errors[0].field).toBe('kind');
      const schools = await t.http.get('/api/organisations?kind=school').set(...bearer(x.coach)).expect(200);
      expect(schools.body.items.map((o: { name: string }) => o.name)).toEqual(['UTBM']);
      // The other tenant sees none of them and cannot touch them.
      expect((await t.http.get('/api/organisations').set(...bearer(y.advisor)).expect(200)).body.items).toEqual([]);
      await t.http.patch(`/api/organisations/${orgs.school}`).set(...bearer(y.advisor)).send({ name: 'Volée' }).expect(404);
      const renamed = await t.http.patch(`/api/organisations/${orgs.school}`).set(...bearer(x.advisor)).send({ website: 'https://www.utbm.fr' }).expect(200);
      expect(renamed.body.website).toBe('https://www.utbm.fr');
    });

    it('seeds the expertise list with the programme’s fields and lets staff add to it', async () => {
      const list = await t.http.get('/api/expertise-tags').set(...bearer(x.coach)).expect(200);
      const labels = list.body.items.map((i: { label: string }) => i.label);
      expect(labels).toEqual(expect.arrayContaining(['Sourcing amont', 'Industrie 4.0', 'Matériaux', 'Économie circulaire', 'Financement', 'Marché', 'Export']));
      await t.http.post('/api/expertise-tags').set(...bearer(x.advisor)).send({ label: '  Fonderie ' }).expect(201);
      expect((await t.http.post('/api/expertise-tags').set(...bearer(x.advisor)).send({ label: 'fonderie' }).expect(409)).body.code).toBe('TAG_EXISTS');
      expect((await t.http.post('/api/expertise-tags').set(...bearer(x.advisor)).send({ label: 'economie circulaire' }).expect(409)).body.code).toBe('TAG_EXISTS');
      const after = await t.http.get('/api/expertise-tags').set(...bearer(x.advisor)).expect(200);
      expect(after.body.items).toContainEqual({ label: 'Fonderie', isDefault: false });
      const other = await t.http.get('/api/expertise-tags').set(...bearer(y.advisor)).expect(200);
      expect(other.body.items.map((i: { label: string }) => i.label)).not.toContain('Fonderie');
    });

    it('lets a coach edit their own profile and advisors edit anyone’s', async () => {
      const own = await t.http
        .put(`/api/experts/${cCci.id}`)
        .set(...bearer(cCci))
        .send({ organisationId: orgs.cci, tags: ['sourcing AMONT'], nafDivisions: ['28'], homeCommuneCode: '25056', capacityHoursPerMonth: 30, languages: ['fr', 'en'], bio: 'Conseillère industrie.' })
        .expect(200);
      expect(own.body).toMatchObject({ userId: cCci.id, tags: ['Sourcing amont'], homeCommuneName: 'Besançon', capacityHoursPerMonth: 30, organisation: { name: 'CCI Saône-Doubs', kind: 'cci' } });
      // Not someone else's.
      await t.http.put(`/api/experts/${cFin.id}`).set(...bearer(cCci)).send({ tags: [], nafDivisions: [], capacityHoursPerMonth: 1 }).expect(404);
      await t.http.get(`/api/experts/${cFin.id}`).set(...bearer(cCci)).expect(404);
      await t.http
        .put(`/api/experts/${cFin.id}`)
        .set(...bearer(x.advisor))
        .send({ organisationId: orgs.consulting, tags: ['Financement', 'Export'], nafDivisions: ['24'], homeCommuneCode: '69123', capacityHoursPerMonth: 10 })
        .expect(200);
      await t.http
        .put(`/api/experts/${cSchool.id}`)
        .set(...bearer(x.admin))
        .send({ organisationId: orgs.school, tags: ['Matériaux', 'Économie circulaire'], nafDivisions: [], homeCommuneCode: '25388', capacityHoursPerMonth: 16 })
        .expect(200);
      await t.http
        .put(`/api/experts/${cAssigned.id}`)
        .set(...bearer(x.advisor))
        .send({ organisationId: orgs.consulting, tags: ['Industrie 4.0'], nafDivisions: ['24', '25'], homeCommuneCode: '25056', capacityHoursPerMonth: 5 })
        .expect(200);
    });

    it('refuses what is not in the lists, and people who are not coaches', async () => {
      const res = await t.http.put(`/api/experts/${cCci.id}`).set(...bearer(cCci)).send({ tags: ['Astrologie'], nafDivisions: ['2'], capacityHoursPerMonth: 500 }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['capacityHoursPerMonth', 'nafDivisions']);
      const tag = await t.http.put(`/api/experts/${cCci.id}`).set(...bearer(cCci)).send({ tags: ['Astrologie'], nafDivisions: [], capacityHoursPerMonth: 5 }).expect(400);
      expect(tag.body.errors).toEqual([{ field: 'tags.0', message: 'not in the tenant’s expertise list' }]);
      const division = await t.http.put(`/api/experts/${cCci.id}`).set(...bearer(cCci)).send({ tags: [], nafDivisions: ['25', '04'], capacityHoursPerMonth: 5 }).expect(400);
      expect(division.body.errors).toEqual([{ field: 'nafDivisions.1', message: 'not a NAF rév. 2 division' }]);
      const commune = await t.http.put(`/api/experts/${cCci.id}`).set(...bearer(cCci)).send({ tags: [], nafDivisions: [], capacityHoursPerMonth: 5, homeCommuneCode: '99999' }).expect(400);
      expect(commune.body.errors[0].field).toBe('homeCommuneCode');
      const org = await t.http.put(`/api/experts/${cCci.id}`).set(...bearer(x.advisor)).send({ tags: [], nafDivisions: [], capacityHoursPerMonth: 5, organisationId: randomUUID() }).expect(400);
      expect(org.body.errors[0].field).toBe('organisationId');
      await t.http.put(`/api/experts/${x.holder.id}`).set(...bearer(x.advisor)).send({ tags: [], nafDivisions: [], capacityHoursPerMonth: 5 }).expect(404);
      await t.http.get(`/api/experts/${cCci.id}`).set(...bearer(y.advisor)).expect(404);
      // Nothing changed.
      expect((await t.http.get(`/api/experts/${cCci.id}`).set(...bearer(cCci)).expect(200)).body.capacityHoursPerMonth).toBe(30);
    });

    it('lists every coach of the tenant, filterable by expertise', async () => {
      const all = await t.http.get('/api/experts?limit=2').set(...bearer(x.advisor)).expect(200);
      expect(all.body.items).toHaveLength(2);
      const next = await t.http.get(`/api/experts?limit=50&cursor=${all.body.nextCursor}`).set(...bearer(x.advisor)).expect(200);
      const ids = [...all.body.items, ...next.body.items].map((e: { userId: string }) => e.userId);
      expect(ids.sort()).toEqual([x.coach.id, cCci.id, cFin.id, cSchool.id, cAssigned.id].sort());
      const finance = await t.http.get('/api/experts?tag=financement').set(...bearer(x.advisor)).expect(200);
      expect(finance.body.items.map((e: { userId: string }) => e.userId)).toEqual([cFin.id]);
      const none = (await t.http.get('/api/experts').set(...bearer(x.advisor)).expect(200)).body.items.find((e: { userId: string }) => e.userId === x.coach.id);
      expect(none).toMatchObject({ organisation: null, tags: [], capacityHoursPerMonth: 0, updatedAt: null });
      expect((await t.http.get('/api/experts').set(...bearer(y.advisor)).expect(200)).body.items.map((e: { userId: string }) => e.userId)).toEqual([y.coach.id]);
    });
  });

  describe('load', () => {
    it('counts planned hours from assignments and logged hours from sessions, and flags over capacity', async () => {
      await t.http.post(`/api/projects/${p1}/coaches`).set(...bearer(x.advisor)).send({ userId: cAssigned.id }).expect(201);
      await t.http.post(`/api/projects/${p2}/coaches`).set(...bearer(x.advisor)).send({ userId: cAssigned.id }).expect(201);
      await t.http
        .post(`/api/projects/${p1}/sessions`)
        .set(...bearer(cAssigned))
        .send({ date: today, durationMinutes: 90, mode: 'onsite', topics: ['Industrie 4.0'], notes: 'Audit de la ligne.' })
        .expect(201);
      const res = await t.http.get(`/api/experts/load?month=${month}`).set(...bearer(x.advisor)).expect(200);
      const row = res.body.items.find((i: { userId: string }) => i.userId === cAssigned.id);
      const expected = assignedHours(
        [1, 2].map(() => ({ budgetHours: 24, coachCount: 1, cohortStartDate: start, cohortEndDate: end })),
        month,
      );
      expect(expected).toBeCloseTo((2 * 24) / monthsSpanned(start, end), 1);
      expect(row).toEqual({ userId: cAssigned.id, name: 'Test coach', capacityHours: 5, assignedHours: expected, loggedHours: 1.5, projectCount: 2, overCapacity: true });
      expect(res.body.items[0].userId).toBe(cAssigned.id); // over capacity first
      expect(res.body.items.find((i: { userId: string }) => i.userId === cCci.id)).toMatchObject({ assignedHours: 0, loggedHours: 0, overCapacity: false });
      // Another month: the session does not count.
      const later = await t.http.get(`/api/experts/load?month=${addDays(end, 40).slice(0, 7)}`).set(...bearer(x.advisor)).expect(200);
      expect(later.body.items.find((i: { userId: string }) => i.userId === cAssigned.id)).toMatchObject({ assignedHours: 0, loggedHours: 0, overCapacity: false });
      expect((await t.http.get('/api/experts/load?month=2027-13').set(...bearer(x.advisor)).expect(400)).body.errors[0].field).toBe('month');
    });
  });

  describe('suggestions', () => {
    const known = (items: { userId: string }[], ids: string[]): string[] => items.map((i) => i.userId).filter((id) => ids.includes(id));

    it('ranks the unassigned coaches for the project, with reasons in French', async () => {
      const res = await t.http.get(`/api/projects/${p1}/coach-suggestions`).set(...bearer(x.advisor)).expect(200);
      const ids = [cCci.id, cFin.id, cSchool.id, cAssigned.id, x.coach.id];
      // CCI 9 (sourcing 2 + capacity 2 + near 2 + CCI rule 3); school 7 and finance 7 (school has more free hours); no profile 0.
      expect(known(res.body.items, ids)).toEqual([cCci.id, cSchool.id, cFin.id, x.coach.id]);
      const [first] = res.body.items;
      expect(first).toMatchObject({ userId: cCci.id, score: 9, organisationName: 'CCI Saône-Doubs', organisationKind: 'cci', freeHours: 30, distanceKm: 0 });
      expect(first.reasons).toEqual([
        'Utile pour les jalons ouverts : Sourcing amont (Sourcing amont)',
        'Disponible : 30 h libres ce mois-ci',
        'Proche du projet (0 km)',
        'Règle de la CCI : le projet n’a pas encore de coach CCI',
      ]);
      const fin = res.body.items.find((i: { userId: string }) => i.userId === cFin.id);
      expect(fin.reasons).toEqual(expect.arrayContaining(['Connaît le secteur du projet (division NAF 24)', 'Utile pour les jalons ouverts : Financement (Suite)']));
      expect(fin.reasons.some((r: string) => r.startsWith('Éloigné du projet ('))).toBe(true);
      expect(res.body.neededTopics).toEqual(expect.arrayContaining(['Sourcing amont', 'Marché', 'Financement']));
    });

    it('puts requested topics first, and follows the tenant’s CCI rule setting', async () => {
      const asked = await t.http.get(`/api/projects/${p1}/coach-suggestions?topics=Financement,export`).set(...bearer(x.advisor)).expect(200);
      expect(asked.body.items[0]).toMatchObject({ userId: cFin.id, score: 11, matchedTopics: ['Financement', 'Export'] });
      expect(asked.body.items[0].reasons[0]).toBe('Expertise demandée : Financement, Export');

      expect((await t.http.get('/api/experts/settings').set(...bearer(x.advisor)).expect(200)).body).toEqual({ requireCciCoach: true });
      await t.http.put('/api/experts/settings').set(...bearer(x.admin)).send({ requireCciCoach: 'no' }).expect(400);
      await t.http.put('/api/experts/settings').set(...bearer(x.admin)).send({ requireCciCoach: false }).expect(200);
      const off = await t.http.get(`/api/projects/${p1}/coach-suggestions`).set(...bearer(x.advisor)).expect(200);
      expect(off.body.items.find((i: { userId: string }) => i.userId === cCci.id).score).toBe(6);
      expect((await t.http.get('/api/experts/settings').set(...bearer(y.advisor)).expect(200)).body).toEqual({ requireCciCoach: true });
      await t.http.put('/api/experts/settings').set(...bearer(x.admin)).send({ requireCciCoach: true }).expect(200);

      // Once a CCI coach is assigned, the rule is met: no bonus, and that coach is no longer suggested.
      await t.http.post(`/api/projects/${p1}/coaches`).set(...bearer(x.advisor)).send({ userId: cCci.id }).expect(201);
      const met = await t.http.get(`/api/projects/${p1}/coach-suggestions`).set(...bearer(x.advisor)).expect(200);
      expect(met.body.items.map((i: { userId: string }) => i.userId)).not.toContain(cCci.id);
      expect(met.body.items.flatMap((i: { reasons: string[] }) => i.reasons)).not.toContain('Règle de la CCI : le projet n’a pas encore de coach CCI');
      await t.http.delete(`/api/projects/${p1}/coaches/${cCci.id}`).set(...bearer(x.advisor)).expect(204);
    });

    it('answers 404 for another tenant’s project', async () => {
      await t.http.get(`/api/projects/${p1}/coach-suggestions`).set(...bearer(y.advisor)).expect(404);
    });
  });

  describe('academic teams', () => {
    let teacher: UserFixture;
    let student: UserFixture;
    let teamId: string;

    beforeAll(async () => {
      teacher = await createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'coach' });
      student = await createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'coach' });
    });

    it('attaches a school team to a project for a deliverable', async () => {
      const res = await t.http
        .post(`/api/projects/${p1}/academic-teams`)
        .set(...bearer(x.advisor))
        .send({
          title: 'Étude de marché — pièces de fonderie',
          dueDate: addDays(today, 30),
          schoolOrganisationId: orgs.school,
          members: [
            { userId: teacher.id, role: 'teacher' },
            { userId: student.id, role: 'student' },
            { name: 'Léa Martin (M1)', role: 'student' },
          ],
        })
        .expect(201);
      teamId = res.body.id;
      expect(res.body).toMatchObject({ projectId: p1, schoolName: 'UTBM', status: 'planned', late: false, documentUrl: null });
      expect(res.body.members.map((m: { userId: string | null; role: string }) => [m.role, m.userId === null])).toEqual([
        ['teacher', false],
        ['student', true],
        ['student', false],
      ]);
      const bad = await t.http
        .post(`/api/projects/${p1}/academic-teams`)
        .set(...bearer(x.advisor))
        .send({ title: 'X', dueDate: today, schoolOrganisationId: orgs.consulting, members: [{ userId: x.holder.id, role: 'student' }, { role: 'student' }] })
        .expect(422);
      expect(bad.body.code).toBe('NOT_A_SCHOOL');
      const members = await t.http
        .post(`/api/projects/${p1}/academic-teams`)
        .set(...bearer(x.advisor))
        .send({ title: 'X', dueDate: today, members: [{ userId: x.holder.id, role: 'student' }, { role: 'student' }] })
        .expect(400);
      expect(members.body.errors.map((e: { field: string }) => e.field)).toEqual(['members.0.userId', 'members.1.name']);
      expect((await t.http.get(`/api/projects/${p1}/academic-teams`).set(...bearer(x.advisor)).expect(200)).body.items).toHaveLength(1);
    });

    it('lets a team member see their project only', async () => {
      await t.http.get(`/api/projects/${p1}`).set(...bearer(student)).expect(200);
      await t.http.get(`/api/projects/${p2}`).set(...bearer(student)).expect(404);
      await t.http.get(`/api/projects/${p2}/academic-teams`).set(...bearer(student)).expect(404);
      const listed = await t.http.get(`/api/cohorts/${cohortId}/projects`).set(...bearer(student)).expect(200);
      expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([p1]);
      expect((await t.http.get(`/api/academic-teams/${teamId}`).set(...bearer(student)).expect(200)).body.id).toBe(teamId);
      // Someone else's team and the other tenant: 404.
      await t.http.get(`/api/academic-teams/${teamId}`).set(...bearer(x.coach)).expect(404);
      await t.http.get(`/api/academic-teams/${teamId}`).set(...bearer(y.advisor)).expect(404);
      await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(y.advisor)).send({ title: 'Volé' }).expect(404);
      // The holder reads it.
      expect((await t.http.get(`/api/projects/${p1}/academic-teams`).set(...bearer(x.holder)).expect(200)).body.items[0].id).toBe(teamId);
    });

    it('takes the deliverable as an upload, readable by whoever sees the project', async () => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
      const up = await t.http
        .put(`/api/academic-teams/${teamId}/document`)
        .set(...bearer(student))
        .attach('file', pdf, { filename: 'Étude de marché — v1.pdf', contentType: 'application/pdf' })
        .expect(200);
      expect(up.body.documentUrl).toMatch(new RegExp(`/api/academic-teams/${teamId}/document$`));
      const down = await t.http
        .get(`/api/academic-teams/${teamId}/document`)
        .set(...bearer(x.holder))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(down.headers['content-type']).toBe('application/pdf');
      expect(down.headers['content-disposition']).toContain("filename*=UTF-8''%C3%89tude%20de%20march%C3%A9");
      expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
      const wrongType = await t.http.put(`/api/academic-teams/${teamId}/document`).set(...bearer(student)).attach('file', Buffer.from('MZ'), { filename: 'x.exe', contentType: 'application/x-msdownload' }).expect(400);
      expect(wrongType.body.errors[0].field).toBe('file');
      await t.http.put(`/api/academic-teams/${teamId}/document`).set(...bearer(student)).send({}).expect(400);
      const big = await t.http.put(`/api/academic-teams/${teamId}/document`).set(...bearer(student)).attach('file', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), { filename: 'gros.pdf', contentType: 'application/pdf' });
      expect(big.status).toBe(413);
      await t.http.put(`/api/academic-teams/${teamId}/document`).set(...bearer(x.coach)).attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' }).expect(404);
      await t.http.put(`/api/academic-teams/${teamId}/document`).set(...bearer(cAssigned)).attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' }).expect(403);
      await t.http.get(`/api/academic-teams/${teamId}/document`).set(...bearer(y.advisor)).expect(404);
      // The stored file is unchanged by the refused uploads.
      const [{ size }] = await t.dataSource.query<{ size: number }[]>('SELECT size_bytes AS size FROM academic_documents WHERE team_id = $1', [teamId]);
      expect(size).toBe(pdf.length);
    });

    it('runs the deliverable: submitted by the team, assessed by its teacher', async () => {
      // Without a document (the uploaded one unlinked), no submission.
      await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(student)).send({ documentUrl: null }).expect(200);
      const noDoc = await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(student)).send({ status: 'submitted' }).expect(422);
      expect(noDoc.body.code).toBe('DELIVERABLE_INCOMPLETE');
      await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(student)).send({ dueDate: addDays(today, 60) }).expect(403);
      await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(cAssigned)).send({ documentUrl: 'https://example.fr/x.pdf' }).expect(403);
      const submitted = await t.http
        .patch(`/api/academic-teams/${teamId}`)
        .set(...bearer(student))
        .send({ status: 'submitted', documentUrl: 'https://drive.example.fr/etude-marche.pdf' })
        .expect(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', documentUrl: 'https://drive.example.fr/etude-marche.pdf' });
      expect(submitted.body.submittedAt).toEqual(expect.any(String));
      const teacherInbox = await t.http.get('/api/notifications').set(...bearer(teacher)).expect(200);
      expect(teacherInbox.body.items.map((n: { type: string; title: string }) => [n.type, n.title])).toContainEqual(['deliverable_submitted', 'Livrable remis : Étude de marché — pièces de fonderie']);
      await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(student)).send({ assessment: 'Très bien', grade: 20 }).expect(403);
      await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(teacher)).send({ status: 'assessed' }).expect(422);
      const assessed = await t.http
        .patch(`/api/academic-teams/${teamId}`)
        .set(...bearer(teacher))
        .send({ status: 'assessed', assessment: 'Étude solide, sources à compléter.', grade: 15.5 })
        .expect(200);
      expect(assessed.body).toMatchObject({ status: 'assessed', grade: 15.5, assessment: 'Étude solide, sources à compléter.' });
      expect((await t.http.patch(`/api/academic-teams/${teamId}`).set(...bearer(x.advisor)).send({ status: 'planned' }).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');

      const timeline = await t.http.get(`/api/projects/${p1}/timeline`).set(...bearer(x.holder)).expect(200);
      const summaries = timeline.body.items.map((i: { summary: string }) => i.summary);
      expect(summaries).toEqual(
        expect.arrayContaining([
          `Équipe académique : « Étude de marché — pièces de fonderie » à rendre le ${addDays(today, 30).split('-').reverse().join('/')}`,
          'Livrable « Étude de marché — pièces de fonderie » remis par l’équipe académique',
          'Livrable « Étude de marché — pièces de fonderie » évalué par l’enseignant (note : 15,5/20)',
        ]),
      );
    });
  });

  describe('group trainings', () => {
    let trainingId: string;
    const startsAt = `${addDays(today, 14)}T09:00:00+01:00`;

    it('creates a training for projects of the cohort', async () => {
      const res = await t.http
        .post(`/api/cohorts/${cohortId}/trainings`)
        .set(...bearer(x.advisor))
        .send({ topic: 'Achats responsables et sourcing local', trainerName: 'Marc Durand', startsAt, durationMinutes: 180, mode: 'onsite', location: 'CCI, Besançon', capacity: 3, projectIds: [p1, p2] })
        .expect(201);
      trainingId = res.body.id;
      expect(res.body).toMatchObject({ capacity: 3, seatsTaken: 0, seatsLeft: 3, mode: 'onsite' });
      expect(res.body.projects.map((p: { projectId: string }) => p.projectId).sort()).toEqual([p1, p2].sort());
      const other = await t.http.post(`/api/cohorts/${cohortId}/trainings`).set(...bearer(x.advisor)).send({ topic: 'X', trainerName: 'Y', startsAt, durationMinutes: 60, mode: 'online', location: 'visio', capacity: 1, projectIds: [randomUUID()] });
      expect(other.status).toBe(422);
      await t.http.post(`/api/cohorts/${cohortId}/trainings`).set(...bearer(y.advisor)).send({ topic: 'X', trainerName: 'Y', startsAt, durationMinutes: 60, mode: 'online', location: 'visio', capacity: 1 }).expect(404);
      // The holder of an invited project is told, in French.
      const inbox = await t.http.get('/api/notifications').set(...bearer(x.holder)).expect(200);
      const invitation = inbox.body.items.find((n: { type: string }) => n.type === 'training_invitation');
      expect(invitation.title).toBe(`Formation « Achats responsables et sourcing local » le ${addDays(today, 14).split('-').reverse().join('/')}`);
      expect(invitation.body).toContain('est invité à la formation collective « Achats responsables et sourcing local »');
      expect(invitation.body).toContain('à 09 h 00 (CCI, Besançon)');
    });

    it('shows it to the invited projects’ people only', async () => {
      expect((await t.http.get(`/api/cohorts/${cohortId}/trainings`).set(...bearer(x.holder)).expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual([trainingId]);
      await t.http.get(`/api/trainings/${trainingId}`).set(...bearer(x.holder)).expect(200);
      await t.http.get(`/api/trainings/${trainingId}`).set(...bearer(y.advisor)).expect(404);
      // A coach of p3 only: not invited.
      const c3 = await createUser(t, { tenantId: x.id, tenantSlug: x.slug, role: 'coach' });
      await t.http.post(`/api/projects/${p3}/coaches`).set(...bearer(x.advisor)).send({ userId: c3.id }).expect(201);
      await t.http.get(`/api/trainings/${trainingId}`).set(...bearer(c3)).expect(404);
      expect((await t.http.get(`/api/cohorts/${cohortId}/trainings`).set(...bearer(c3)).expect(200)).body.items).toEqual([]);
      // Inviting p3 lets them in.
      await t.http.post(`/api/trainings/${trainingId}/invitations`).set(...bearer(x.advisor)).send({ projectIds: [p3] }).expect(201);
      await t.http.get(`/api/trainings/${trainingId}`).set(...bearer(c3)).expect(200);
    });

    it('never exceeds the capacity under concurrent registrations', async () => {
      const holderSeat = await t.http.post(`/api/trainings/${trainingId}/registrations`).set(...bearer(x.holder)).send({ projectId: p1 }).expect(201);
      expect(holderSeat.body).toMatchObject({ userId: x.holder.id, name: 'Test holder', projectId: p1, attended: null });
      expect((await t.http.post(`/api/trainings/${trainingId}/registrations`).set(...bearer(x.holder)).send({ projectId: p1 }).expect(409)).body.code).toBe('ALREADY_REGISTERED');
      // The holder cannot register for a project that is not theirs.
      await t.http.post(`/api/trainings/${trainingId}/registrations`).set(...bearer(x.holder)).send({ projectId: p2 }).expect(404);
      const attempts = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.http.post(`/api/trainings/${trainingId}/registrations`).set(...bearer(x.advisor)).send({ projectId: p1, name: `Participant ${i}` })),
      );
      const statuses = attempts.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 409, 409, 409, 409, 409, 409]);
      expect(attempts.filter((r) => r.status === 409).every((r) => r.body.code === 'TRAINING_FULL')).toBe(true);
      const [{ n }] = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM training_registrations WHERE training_id = $1', [trainingId]);
      expect(n).toBe(3);
      const view = await t.http.get(`/api/trainings/${trainingId}`).set(...bearer(x.advisor)).expect(200);
      expect(view.body).toMatchObject({ seatsTaken: 3, seatsLeft: 0 });
      // The holder sees the registrations of their project only.
      const holderView = await t.http.get(`/api/trainings/${trainingId}`).set(...bearer(x.holder)).expect(200);
      expect(holderView.body.registrations.every((r: { projectId: string }) => r.projectId === p1)).toBe(true);
      // Freeing a seat lets someone else in.
      await t.http.delete(`/api/trainings/${trainingId}/registrations/${holderSeat.body.id}`).set(...bearer(x.holder)).expect(204);
      await t.http.post(`/api/trainings/${trainingId}/registrations`).set(...bearer(x.advisor)).send({ projectId: p3, name: 'Invité de C' }).expect(201);
    });

    it('records attendance once started, and counts it in the project timeline', async () => {
      const regs = (await t.http.get(`/api/trainings/${trainingId}`).set(...bearer(x.advisor)).expect(200)).body.registrations as { id: string; projectId: string }[];
      const body = { items: regs.map((r) => ({ registrationId: r.id, attended: r.projectId !== p3 })) };
      expect((await t.http.put(`/api/trainings/${trainingId}/attendance`).set(...bearer(x.advisor)).send(body).expect(409)).body.code).toBe('TRAINING_NOT_STARTED');
      await t.dataSource.query(`UPDATE trainings SET starts_at = now() - interval '1 hour' WHERE id = $1`, [trainingId]);
      const closed = await t.http.post(`/api/trainings/${trainingId}/registrations`).set(...bearer(x.advisor)).send({ projectId: p1, name: 'Retardataire' }).expect(409);
      expect(closed.body.code).toBe('TRAINING_STARTED');
      const done = await t.http.put(`/api/trainings/${trainingId}/attendance`).set(...bearer(x.advisor)).send(body).expect(200);
      expect(done.body.registrations.map((r: { attended: boolean }) => r.attended).sort()).toEqual([false, true, true]);
      await t.http
        .put(`/api/trainings/${trainingId}/attendance`)
        .set(...bearer(x.advisor))
        .send({ items: [{ registrationId: p1, attended: true }] })
        .expect(400);
      const attendedForP1 = regs.filter((r) => r.projectId === p1).length;
      expect(attendedForP1).toBe(2);
      const timeline = await t.http.get(`/api/projects/${p1}/timeline`).set(...bearer(x.advisor)).expect(200);
      const item = timeline.body.items.find((i: { kind: string }) => i.kind === 'training.attended');
      expect(item).toMatchObject({ id: trainingId, data: { topic: 'Achats responsables et sourcing local', attendees: attendedForP1 } });
      expect(item.summary).toMatch(/^Formation « Achats responsables et sourcing local » du \d{2}\/\d{2}\/\d{4} \(3 h\) : 2 participants présents$/);
      const p3Timeline = await t.http.get(`/api/projects/${p3}/timeline`).set(...bearer(x.advisor)).expect(200);
      expect(p3Timeline.body.items.some((i: { kind: string }) => i.kind === 'training.attended')).toBe(false);

      // The cohort dashboard counts them, with the academic deliverable of p1.
      const dash = await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set(...bearer(x.advisor)).expect(200);
      const row = (id: string) => dash.body.projects.find((p: { projectId: string }) => p.projectId === id);
      expect(row(p1)).toMatchObject({ deliverables: { total: 1, submitted: 1, late: 0 }, trainings: { attended: 1, participants: 2 } });
      expect(row(p3)).toMatchObject({ deliverables: { total: 0, submitted: 0, late: 0 }, trainings: { attended: 0, participants: 0 } });
    });
  });
});
