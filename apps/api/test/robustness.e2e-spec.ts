import { randomUUID } from 'node:crypto';
import type { Role } from '@filiere/platform/auth';
import { bearer, createResources, createTenant, createTestApp, createUser, registeredRoutes, RegisteredRoute, TenantFixture, TestApp, UserFixture } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

/**
 * Bad input never crashes the API: every registered route, called by a role it allows with
 * malformed path parameters, unknown ids, unknown or mistyped fields and junk query strings,
 * answers a 4xx in the error shape of API.md (never a 5xx), and changes nothing.
 */
describe('Robustness: every route refuses bad input with a 4xx', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let platformAdmin: UserFixture;
  let routes: RegisteredRoute[];
  let fingerprint: () => Promise<string>;
  let realIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    tenant = await createTenant(t);
    platformAdmin = await createUser(t, { role: 'platform_admin' });
    const r = await createResources(t, tenant);
    // Real ids by the path's first segment, so that validation (not a 404) answers junk bodies.
    realIds = { cohorts: r.cohortId, projects: r.projectId, milestones: r.milestoneId, programmes: r.programmeId, sessions: r.sessionId, workshops: r.workshopId, projectId: r.projectId, userId: tenant.coach.id };
    routes = registeredRoutes(t.app).filter((r) => r.rule?.kind !== 'public' || !r.path.includes('login'));
    // The content of every table: "changes nothing" means not one row written, audit included.
    const tables = (await t.dataSource.query<{ name: string }[]>(`SELECT quote_ident(relname) AS name FROM pg_stat_user_tables WHERE relname <> 'migrations' ORDER BY relname`)).map((r) => r.name);
    fingerprint = async () => {
      const parts = tables.map((name) => `SELECT '${name}' AS name, (SELECT md5(COALESCE(string_agg(x::text, ',' ORDER BY x::text), '')) FROM ${name} x) AS hash`);
      const rows = await t.dataSource.query<{ name: string; hash: string }[]>(parts.join(' UNION ALL '));
      return rows.map((r) => `${r.name}:${r.hash}`).join('\n');
    };
  });
  afterAll(() => t.close());

  function caller(route: RegisteredRoute): UserFixture | null {
    if (route.rule?.kind === 'public') return null;
    const roles = (route.rule?.roles ?? []);
    const role = (['admin', 'advisor', 'platform_admin', 'coach', 'holder', 'partner'] as Role[]).find((r) => roles.includes(r));
    if (!role) return null;
    return role === 'platform_admin' ? platformAdmin : tenant[role];
  }

  function call(route: RegisteredRoute, path: string, body?: unknown, query = '') {
    const verb = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    const req = t.http[verb](`/api${path}${query}`);
    const user = caller(route);
    if (user) req.set(...bearer(user));
    return body === undefined || route.method === 'GET' ? req : req.send(body as object);
  }

  const withParams = (path: string, value: (name: string) => string) => path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(value(name)));

  /** What went wrong with an answer that should have been a 4xx in the API.md error shape (null: nothing). */
  const not4xx = (route: RegisteredRoute, what: string, res: { status: number; body: { code?: unknown; statusCode?: unknown } }): string | null => {
    if (res.status < 400 || res.status >= 500) return `${route.key} (${what}) → ${res.status}`;
    if (typeof res.body.code !== 'string' || res.body.statusCode !== res.status) return `${route.key} (${what}) → ${res.status} without the error shape: ${JSON.stringify(res.body).slice(0, 200)}`;
    return null;
  };

  it('malformed path parameters answer 4xx', async () => {
    const before = await fingerprint();
    const problems: (string | null)[] = [];
    for (const route of routes.filter((r) => r.path.includes(':'))) {
      for (const bad of ['not-a-uuid', "1' OR '1'='1", '%E2%82', '00000000-0000-0000-0000-000000000000x']) {
        problems.push(not4xx(route, `param ${bad}`, await call(route, withParams(route.path, () => bad), {})));
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });

  it('unknown ids answer 404, not 500', async () => {
    const problems: (string | null)[] = [];
    for (const route of routes.filter((r) => r.path.includes(':'))) {
      problems.push(not4xx(route, 'unknown id', await call(route, withParams(route.path, () => randomUUID()), {})));
    }
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('unknown and mistyped fields in bodies answer 400 and change nothing', async () => {
    const before = await fingerprint();
    const problems: (string | null)[] = [];
    const writes = routes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method) && !r.path.includes(':') && r.takesBody);
    expect(writes.length).toBeGreaterThan(10);
    for (const route of writes) {
      for (const body of [{ unexpectedField: 'x' }, { name: 42, title: [], email: {}, date: 'not-a-date', limit: -1 }, [1, 2, 3], 'texte']) {
        problems.push(not4xx(route, `body ${JSON.stringify(body)}`, await call(route, route.path, body)));
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });

  it('junk bodies on existing resources answer 400 and change nothing', async () => {
    const before = await fingerprint();
    const problems: (string | null)[] = [];
    const writes = routes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method) && r.path.includes(':') && r.takesBody && realIds[r.path.split('/')[1] ?? '']);
    expect(writes.length).toBeGreaterThan(10);
    for (const route of writes) {
      const first = route.path.split('/')[1] ?? '';
      const path = withParams(route.path, (name) => (name === 'id' ? realIds[first] : realIds[name]) ?? randomUUID());
      for (const body of [{ unexpectedField: 'x' }, { status: 'nimporte', title: 42, dueDate: '2026-02-30', durationMinutes: 'long', amountCents: 1.5 }, [1, 2, 3]]) {
        problems.push(not4xx(route, `body ${JSON.stringify(body)}`, await call(route, path, body)));
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
    expect(await fingerprint()).toBe(before);
    // The fingerprint does see a write.
    await t.http.patch(`/api/milestones/${realIds.milestones}`).set(...bearer(tenant.advisor)).send({ status: 'done' }).expect(200);
    expect(await fingerprint()).not.toBe(before);
  });

  it('a NUL character in a body, a query or a path answers 400 naming the field (where the route reads it), never 5xx; bodies change nothing', async () => {
    const before = await fingerprint();
    const problems: string[] = [];
    let refused = { body: 0, query: 0 };
    // Routes that read no JSON body (file uploads) or no query answer as without them; the others refuse the NUL.
    const check = (route: RegisteredRoute, what: 'body' | 'query' | 'path', field: string, res: { status: number; body: { errors?: { field: string; message: string }[] } }): void => {
      const error = res.body.errors?.[0];
      const nul = res.status === 400 && error?.message.includes('NUL') === true;
      if (nul && error?.field !== field) problems.push(`${route.key} (${what}) → the NUL reported on ${error?.field}`);
      else if (res.status >= 500) problems.push(`${route.key} (${what}) → ${res.status}`);
      if (nul && what !== 'path') refused = { ...refused, [what]: refused[what] + 1 };
    };
    for (const route of routes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method) && r.takesBody && caller(r))) {
      const first = route.path.split('/')[1] ?? '';
      const path = withParams(route.path, (name) => (name === 'id' ? realIds[first] : realIds[name]) ?? randomUUID());
      check(route, 'body', 'company.name', await call(route, path, { company: { name: 'Forges\u0000 du Jura' } }));
    }
    // (Before the reads: GET /me/calendar makes the caller's feed on its first call.)
    expect(await fingerprint()).toBe(before);
    for (const route of routes.filter((r) => r.method === 'GET' && !r.path.includes(':') && caller(r))) {
      check(route, 'query', 'q', await call(route, route.path, undefined, '?q=a%00b'));
    }
    const withId = routes.find((r) => r.method === 'GET' && r.path === '/projects/:id');
    if (!withId) throw new Error('GET /projects/:id is not registered');
    const res = await call(withId, '/projects/a%00b');
    expect([res.status, res.body.errors]).toEqual([400, [{ field: 'id', message: 'must not contain the NUL character (U+0000)' }]]);
    expect(problems).toEqual([]);
    expect(refused.body).toBeGreaterThan(40);
    expect(refused.query).toBeGreaterThan(10);
  });

  it('junk query strings on lists answer 4xx or a page, never 5xx', async () => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && !r.path.includes(':'))) {
      for (const query of ['?limit=abc', '?limit=100000', '?cursor=%%%', '?cursor=eyJ0IjoiYSJ9', '?from=2026-13-45&to=x', '?q=' + 'x'.repeat(5000), '?near=99999&radiusKm=-3']) {
        const res = await call(route, route.path, undefined, query);
        if (res.status >= 500) problems.push(`${route.key}${query.slice(0, 40)} → ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
