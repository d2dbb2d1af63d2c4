import { DEMO_PASSWORD, runDemoSeed } from '@filiere/demo';
import { cohortBody, createTestApp, TestApp } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

/** GET /api/projects: the projects of every cohort the reader may see (the web app's "my projects"). */
describe('GET /api/projects', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(AppModule);
    await runDemoSeed(() => undefined);
  }, 60_000);
  afterAll(() => t.close());

  const tokenOf = async (email: string): Promise<string> => ((await t.http.post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200)).body as { accessToken: string }).accessToken;
  const list = async (email: string, query = ''): Promise<{ status: number; body: { items: { title: string; cohortId: string }[]; nextCursor: string | null } }> => {
    const res = await t.http.get(`/api/projects${query}`).set('authorization', `Bearer ${await tokenOf(email)}`);
    return { status: res.status, body: res.body as never };
  };

  it('staff see every project of their tenant only, coaches their assigned ones, holders their own', async () => {
    expect((await list('conseiller.bfc@demo.filiere.fr')).body.items).toHaveLength(10);
    expect((await list('conseiller.bretagne@demo.filiere.fr')).body.items).toHaveLength(3);
    expect((await list('coach.bfc@demo.filiere.fr')).body.items).toHaveLength(4);
    expect((await list('porteur.bfc@demo.filiere.fr')).body.items).toHaveLength(1);
    expect((await list('partenaire.bfc@demo.filiere.fr')).status).toBe(403);
  });

  it('pages with a cursor and filters like the cohort list', async () => {
    const first = await list('conseiller.bfc@demo.filiere.fr', '?limit=4');
    expect(first.body.items).toHaveLength(4);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list('conseiller.bfc@demo.filiere.fr', `?limit=4&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`);
    expect(second.body.items.map((p) => p.title)).not.toContain(first.body.items[0]?.title);
    const q = await list('conseiller.bfc@demo.filiere.fr', '?q=fonderie');
    expect(q.body.items.length).toBeGreaterThan(0);
    expect((await list('conseiller.bfc@demo.filiere.fr', '?limit=0')).status).toBe(400);
  });

  it('answers each project exactly as GET /api/projects/:id does, for every role, filter and page of a cohort', async () => {
    const get = async (token: string, path: string): Promise<{ items: { id: string; cohortId: string; status: string }[]; nextCursor: string | null }> => (await t.http.get(path).set('authorization', `Bearer ${token}`).expect(200)).body as never;
    const advisor = await tokenOf('conseiller.bfc@demo.filiere.fr');
    const all = await get(advisor, '/api/projects');
    const cohortId = all.items[0]?.cohortId ?? '';
    const status = all.items[0]?.status ?? '';
    const seen = new Set<string>();
    for (const email of ['conseiller.bfc@demo.filiere.fr', 'admin.bfc@demo.filiere.fr', 'coach.bfc@demo.filiere.fr', 'porteur.bfc@demo.filiere.fr']) {
      const token = await tokenOf(email);
      const pages: string[] = [`/api/cohorts/${cohortId}/projects?limit=3`, `/api/cohorts/${cohortId}/projects?status=${status}`, `/api/cohorts/${cohortId}/projects?q=e`, '/api/projects?q=e&status=' + status];
      for (let path: string | undefined = pages.shift(); path; path = pages.shift()) {
        const page = await get(token, path);
        for (const item of page.items) {
          seen.add(item.id);
          expect(item).toEqual((await t.http.get(`/api/projects/${item.id}`).set('authorization', `Bearer ${token}`).expect(200)).body);
        }
        if (page.nextCursor) pages.unshift(`${path.replace(/&cursor=[^&]*/, '')}&cursor=${encodeURIComponent(page.nextCursor)}`);
      }
    }
    expect(seen.size).toBe(10);
    // Members, reference labels and amounts are there (not only ids).
    const one = (await get(advisor, `/api/cohorts/${cohortId}/projects`)).items as unknown as { members: unknown[]; company: { nafLabel: string; communeName: string; regionCode: string } }[];
    expect(one.some((p) => p.members.length > 0)).toBe(true);
    expect(one.every((p) => p.company.nafLabel !== '' && p.company.communeName !== '' && p.company.regionCode !== '')).toBe(true);
    // Another tenant's cohort: 404, as before.
    await t.http.get(`/api/cohorts/${cohortId}/projects`).set('authorization', `Bearer ${await tokenOf('conseiller.bretagne@demo.filiere.fr')}`).expect(404);
    // A cohort without projects: an empty page for staff; a coach with no project in it does not see it (404).
    const empty = (await t.http.post('/api/cohorts').set('authorization', `Bearer ${advisor}`).send(cohortBody()).expect(201)).body as { id: string };
    expect(await get(advisor, `/api/cohorts/${empty.id}/projects`)).toEqual({ items: [], nextCursor: null });
    await t.http.get(`/api/cohorts/${empty.id}/projects`).set('authorization', `Bearer ${await tokenOf('coach.bfc@demo.filiere.fr')}`).expect(404);
    // The dashboard checks the cohort in its statement too: the same answers.
    expect((await t.http.get(`/api/cohorts/${empty.id}/dashboard`).set('authorization', `Bearer ${advisor}`).expect(200)).body).toMatchObject({ cohortId: empty.id, projects: [], coaches: [] });
    await t.http.get(`/api/cohorts/${empty.id}/dashboard`).set('authorization', `Bearer ${await tokenOf('coach.bfc@demo.filiere.fr')}`).expect(404);
    await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set('authorization', `Bearer ${await tokenOf('conseiller.bretagne@demo.filiere.fr')}`).expect(404);
    const coachView = (await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set('authorization', `Bearer ${await tokenOf('coach.bfc@demo.filiere.fr')}`).expect(200)).body as { projects: unknown[] };
    expect(coachView.projects).toHaveLength(4);
    expect(((await t.http.get(`/api/cohorts/${cohortId}/dashboard`).set('authorization', `Bearer ${advisor}`).expect(200)).body as { projects: unknown[] }).projects).toHaveLength(10);
  });
});
