import { bearer, cohortBody, createTenant, createTestApp, projectBody, TenantFixture, TestApp } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

interface World {
  cohortId: string;
  projectId: string;
  milestoneId: string;
  programmeId: string;
  organisationId: string;
  teamId: string;
  trainingId: string;
}

/**
 * Two tenants side by side: nothing of one is readable, listable or writable from the other,
 * and attempted writes leave the other tenant's rows exactly as they were.
 */
describe('Tenant isolation', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let wa: World;
  let wb: World;

  async function world(tenant: TenantFixture): Promise<World> {
    const programme = await t.http.post('/api/programmes/00000000-0000-4000-8000-000000000001/copy').set(...bearer(tenant.advisor)).send({ name: `Programme ${tenant.slug}` }).expect(201);
    const cohort = await t.http.post('/api/cohorts').set(...bearer(tenant.advisor)).send(cohortBody({ programmeId: programme.body.id })).expect(201);
    const project = await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(tenant.advisor)).send(projectBody()).expect(201);
    await t.http.post(`/api/projects/${project.body.id}/coaches`).set(...bearer(tenant.advisor)).send({ userId: tenant.coach.id }).expect(201);
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [tenant.id, project.body.id, tenant.holder.id]);
    const organisation = await t.http.post('/api/organisations').set(...bearer(tenant.advisor)).send({ name: 'École', kind: 'school' }).expect(201);
    const team = await t.http
      .post(`/api/projects/${project.body.id}/academic-teams`)
      .set(...bearer(tenant.advisor))
      .send({ title: 'Étude de marché', dueDate: '2027-04-15', schoolOrganisationId: organisation.body.id, members: [{ name: 'Léa', role: 'student' }] })
      .expect(201);
    const training = await t.http
      .post(`/api/cohorts/${cohort.body.id}/trainings`)
      .set(...bearer(tenant.advisor))
      .send({ topic: 'Achats', trainerName: 'Marc', startsAt: '2030-03-10T09:00:00+01:00', durationMinutes: 60, mode: 'online', location: 'visio', capacity: 5, projectIds: [project.body.id] })
      .expect(201);
    return {
      cohortId: cohort.body.id,
      projectId: project.body.id,
      milestoneId: project.body.milestones[0].id,
      programmeId: programme.body.id,
      organisationId: organisation.body.id,
      teamId: team.body.id,
      trainingId: training.body.id,
    };
  }

  async function snapshot(tenantId: string): Promise<unknown> {
    const q = (sql: string) => t.dataSource.query(sql, [tenantId]);
    return {
      cohorts: await q('SELECT * FROM cohorts WHERE tenant_id = $1 ORDER BY id'),
      projects: await q('SELECT * FROM projects WHERE tenant_id = $1 ORDER BY id'),
      milestones: await q('SELECT * FROM milestones WHERE tenant_id = $1 ORDER BY id'),
      programmes: await q('SELECT * FROM programmes WHERE tenant_id = $1 ORDER BY id'),
      members: await q('SELECT * FROM project_members WHERE tenant_id = $1 ORDER BY id'),
      memberships: await q('SELECT * FROM memberships WHERE tenant_id = $1 ORDER BY id'),
      organisations: await q('SELECT * FROM expert_organisations WHERE tenant_id = $1 ORDER BY id'),
      profiles: await q('SELECT * FROM expert_profiles WHERE tenant_id = $1 ORDER BY id'),
      academicTeams: await q('SELECT * FROM academic_teams WHERE tenant_id = $1 ORDER BY id'),
      academicMembers: await q('SELECT * FROM academic_team_members WHERE tenant_id = $1 ORDER BY id'),
      trainings: await q('SELECT * FROM trainings WHERE tenant_id = $1 ORDER BY id'),
      trainingInvitations: await q('SELECT * FROM training_invitations WHERE tenant_id = $1 ORDER BY id'),
      trainingRegistrations: await q('SELECT * FROM training_registrations WHERE tenant_id = $1 ORDER BY id'),
      observatory: await q('SELECT * FROM project_observatory WHERE tenant_id = $1 ORDER BY id'),
    };
  }

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    a = await createTenant(t, { regionCode: '27' });
    b = await createTenant(t, { regionCode: '53' });
    wa = await world(a);
    wb = await world(b);
  });
  afterAll(() => t.close());

  const roles = ['admin', 'advisor', 'coach', 'holder', 'partner'] as const;

  it.each(roles)('%s of B cannot read any resource of A (404, or 403 where the role never may)', async (role) => {
    const user = b[role];
    const reads = [
      `/api/cohorts/${wa.cohortId}`,
      `/api/cohorts/${wa.cohortId}/projects`,
      `/api/cohorts/${wa.cohortId}/dashboard`,
      `/api/projects/${wa.projectId}`,
      `/api/projects/${wa.projectId}/milestones`,
      `/api/programmes/${wa.programmeId}`,
      `/api/projects/${wa.projectId}/coach-suggestions`,
      `/api/projects/${wa.projectId}/academic-teams`,
      `/api/academic-teams/${wa.teamId}`,
      `/api/cohorts/${wa.cohortId}/trainings`,
      `/api/trainings/${wa.trainingId}`,
      `/api/experts/${a.coach.id}`,
      `/api/projects/${wa.projectId}/observatory`,
      `/api/reports/cohorts/${wa.cohortId}`,
      `/api/reports/observatory?cohortId=${wa.cohortId}`,
    ];
    for (const path of reads) {
      const res = await t.http.get(path).set(...bearer(user));
      expect({ path, status: res.status }).toEqual({ path, status: res.body.message?.startsWith?.('Your role') ? 403 : 404 });
    }
  });

  it.each(['admin', 'advisor'] as const)('%s of B cannot write any resource of A, and A is unchanged', async (role) => {
    const user = b[role];
    const before = await snapshot(a.id);
    const writes: [string, string, object][] = [
      ['patch', `/api/cohorts/${wa.cohortId}`, { name: 'pirate' }],
      ['post', `/api/cohorts/${wa.cohortId}/projects`, projectBody()],
      ['patch', `/api/projects/${wa.projectId}`, { title: 'pirate' }],
      ['post', `/api/projects/${wa.projectId}/coaches`, { userId: b.coach.id }],
      ['delete', `/api/projects/${wa.projectId}/coaches/${a.coach.id}`, {}],
      ['patch', `/api/milestones/${wa.milestoneId}`, { status: 'done' }],
      ['patch', `/api/programmes/${wa.programmeId}`, { name: 'pirate' }],
      ['post', `/api/programmes/${wa.programmeId}/copy`, {}],
      ['post', '/api/invitations', { email: 'x@pirate.fr', role: 'holder', projectId: wa.projectId }],
      ['patch', `/api/organisations/${wa.organisationId}`, { name: 'pirate' }],
      ['put', `/api/experts/${a.coach.id}`, { tags: [], nafDivisions: [], capacityHoursPerMonth: 1 }],
      ['post', `/api/projects/${wa.projectId}/academic-teams`, { title: 'pirate', dueDate: '2027-04-15' }],
      ['patch', `/api/academic-teams/${wa.teamId}`, { title: 'pirate' }],
      ['post', `/api/academic-teams/${wa.teamId}/members`, { name: 'pirate', role: 'student' }],
      ['post', `/api/cohorts/${wa.cohortId}/trainings`, { topic: 'pirate', trainerName: 'X', startsAt: '2030-03-10T09:00:00+01:00', durationMinutes: 60, mode: 'online', location: 'x', capacity: 1 }],
      ['post', `/api/trainings/${wa.trainingId}/invitations`, { projectIds: [wb.projectId] }],
      ['post', `/api/trainings/${wa.trainingId}/registrations`, { projectId: wa.projectId, name: 'pirate' }],
      ['put', `/api/trainings/${wa.trainingId}/attendance`, { items: [] }],
      ['put', `/api/projects/${wa.projectId}/observatory`, { kind: 'company', planned: { jobs: 1 } }],
    ];
    for (const [verb, path, body] of writes) {
      const res = await (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[verb](path).set(...bearer(user)).send(body);
      expect({ verb, path, status: res.status }).toEqual({ verb, path, status: 404 });
    }
    expect(await snapshot(a.id)).toEqual(before);
  });

  it('coach and holder of B cannot touch A either', async () => {
    for (const user of [b.coach, b.holder]) {
      const res = await t.http.patch(`/api/milestones/${wa.milestoneId}`).set(...bearer(user)).send({ status: 'done' });
      expect(res.status).toBe(404);
      const res2 = await t.http.patch(`/api/projects/${wa.projectId}`).set(...bearer(user)).send({ summary: 'x' });
      expect(res2.status).toBe(404);
    }
  });

  it('B cannot assign one of A’s coaches to its own project', async () => {
    const res = await t.http.post(`/api/projects/${wb.projectId}/coaches`).set(...bearer(b.advisor)).send({ userId: a.coach.id }).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('lists never contain the other tenant’s rows', async () => {
    const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);
    const cohorts = await t.http.get('/api/cohorts').set(...bearer(b.advisor)).expect(200);
    expect(idsOf(cohorts)).toEqual([wb.cohortId]);
    const projects = await t.http.get('/api/projects').set(...bearer(b.advisor)).expect(200);
    expect(idsOf(projects)).toEqual([wb.projectId]);
    const programmes = await t.http.get('/api/programmes').set(...bearer(b.advisor)).expect(200);
    expect(idsOf(programmes)).toEqual(expect.arrayContaining([wb.programmeId, '00000000-0000-4000-8000-000000000001']));
    expect(idsOf(programmes)).not.toContain(wa.programmeId);
    const users = await t.http.get('/api/users').set(...bearer(b.admin)).expect(200);
    const userIds = (users.body.items as { id: string }[]).map((u) => u.id);
    expect(userIds).toEqual(expect.arrayContaining([b.admin.id, b.advisor.id, b.coach.id, b.holder.id, b.partner.id]));
    for (const u of [a.admin, a.advisor, a.coach, a.holder, a.partner]) expect(userIds).not.toContain(u.id);
    const audit = await t.http.get('/api/audit').set(...bearer(b.admin)).expect(200);
    const auditEntityIds = (audit.body.items as { entityId: string; tenantId: string }[]).map((e) => e.entityId);
    expect(auditEntityIds).toContain(wb.cohortId);
    expect(auditEntityIds).not.toContain(wa.cohortId);
    expect((audit.body.items as { tenantId: string }[]).every((e) => e.tenantId === b.id)).toBe(true);
    const auditOfA = await t.http.get(`/api/audit?id=${wa.projectId}`).set(...bearer(b.admin)).expect(200);
    expect(auditOfA.body.items).toEqual([]);
  });

  it('the same company may run a project in each tenant (unique constraints include the tenant)', async () => {
    const siret = (await t.dataSource.query<{ company_siret: string }[]>('SELECT company_siret FROM projects WHERE id = $1', [wa.projectId]))[0].company_siret;
    const body = projectBody();
    const res = await t.http
      .post(`/api/cohorts/${wb.cohortId}/projects`)
      .set(...bearer(b.advisor))
      .send({ ...body, company: { ...(body.company as object), siret } })
      .expect(201);
    expect(res.body.company.siret).toBe(siret);
  });

  it('the same cohort name may exist in both tenants', async () => {
    const name = 'Promotion partagée 2027';
    await t.http.post('/api/cohorts').set(...bearer(a.advisor)).send(cohortBody({ name })).expect(201);
    await t.http.post('/api/cohorts').set(...bearer(b.advisor)).send(cohortBody({ name })).expect(201);
    await t.http.post('/api/cohorts').set(...bearer(b.advisor)).send(cohortBody({ name })).expect(409);
  });
});
