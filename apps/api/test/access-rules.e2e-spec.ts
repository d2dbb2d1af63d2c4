import { Role } from '@filiere/platform/auth';
import { bearer, createResources, createTenant, createTestApp, createUser, registeredRoutes, TenantFixture, TestApp, UserFixture } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

type Who = Role | 'public';
const ALL: Role[] = ['platform_admin', 'admin', 'advisor', 'coach', 'holder', 'partner'];
const TENANT_ROLES: Role[] = ['admin', 'advisor', 'coach', 'holder', 'partner'];

/**
 * The role matrix of API.md, route by route. Every registered route must be here, with exactly
 * the roles its decorator declares, and each role is tried for real against the running app.
 */
const MATRIX: Record<string, Who[]> = {
  'POST /auth/login': ['public'],
  'POST /auth/refresh': ['public'],
  'POST /auth/logout': ALL,
  'GET /me': ALL,
  'POST /tenants': ['platform_admin'],
  'GET /tenants': ['platform_admin'],
  'POST /invitations': ['admin', 'advisor'],
  'POST /invitations/accept': ['public'],
  'GET /users': ['admin', 'advisor'],
  'GET /programmes': ['admin', 'advisor', 'coach', 'platform_admin'],
  'POST /programmes': ['admin', 'advisor'],
  'GET /programmes/:id': ['admin', 'advisor', 'coach', 'platform_admin'],
  'PATCH /programmes/:id': ['admin', 'advisor', 'platform_admin'],
  'POST /programmes/:id/copy': ['admin', 'advisor'],
  'GET /cohorts': ['admin', 'advisor', 'coach', 'partner'],
  'POST /cohorts': ['admin', 'advisor'],
  'GET /cohorts/:id': ['admin', 'advisor', 'coach', 'partner'],
  'PATCH /cohorts/:id': ['admin', 'advisor'],
  'GET /cohorts/:id/dashboard': ['admin', 'advisor', 'coach'],
  'GET /cohorts/:id/projects': ['admin', 'advisor', 'coach', 'holder'],
  'POST /cohorts/:id/projects': ['admin', 'advisor'],
  'GET /projects/:id': ['admin', 'advisor', 'coach', 'holder'],
  'PATCH /projects/:id': ['admin', 'advisor', 'coach', 'holder'],
  'POST /projects/:id/coaches': ['admin', 'advisor'],
  'DELETE /projects/:id/coaches/:userId': ['admin', 'advisor'],
  'GET /projects/:id/milestones': ['admin', 'advisor', 'coach', 'holder'],
  'PATCH /milestones/:id': ['admin', 'advisor', 'coach', 'holder'],
  'GET /projects/:id/sessions': ['admin', 'advisor', 'coach', 'holder'],
  'POST /projects/:id/sessions': ['admin', 'advisor', 'coach'],
  'GET /projects/:id/coaching-budget': ['admin', 'advisor', 'coach', 'holder'],
  'GET /sessions/:id': ['admin', 'advisor', 'coach', 'holder'],
  'PATCH /sessions/:id': ['admin', 'advisor', 'coach'],
  'POST /sessions/:id/next-steps/convert': ['admin', 'advisor', 'coach'],
  'GET /coaching/topics': ['admin', 'advisor', 'coach'],
  'GET /cohorts/:id/workshops': ['admin', 'advisor', 'coach', 'holder', 'partner'],
  'POST /cohorts/:id/workshops': ['admin', 'advisor'],
  'GET /workshops/:id': ['admin', 'advisor', 'coach', 'holder', 'partner'],
  'PUT /workshops/:id/evaluations/:projectId': ['partner'],
  'GET /workshops/:id/evaluations': ['admin', 'advisor', 'partner'],
  'POST /workshops/:id/close': ['admin', 'advisor'],
  'GET /workshops/:id/results': ['admin', 'advisor', 'coach', 'holder', 'partner'],
  'GET /workshops/:id/results.csv': ['admin', 'advisor', 'coach', 'holder', 'partner'],
  'POST /workshops/:id/awards': ['admin', 'advisor'],
  'GET /billing-settings': ['admin', 'advisor'],
  'PUT /billing-settings': ['admin'],
  'POST /projects/:id/invoices': ['admin', 'advisor'],
  'GET /invoices': ['admin', 'advisor', 'holder'],
  'GET /invoices/export.csv': ['admin', 'advisor'],
  'GET /invoices/:id': ['admin', 'advisor', 'holder'],
  'PATCH /invoices/:id': ['admin', 'advisor'],
  'DELETE /invoices/:id': ['admin', 'advisor'],
  'POST /invoices/:id/issue': ['admin', 'advisor'],
  'GET /invoices/:id/pdf': ['admin', 'advisor', 'holder'],
  'POST /invoices/:id/payments': ['admin', 'advisor'],
  'POST /invoices/:id/credit-notes': ['admin', 'advisor'],
  'GET /credit-notes/:id/pdf': ['admin', 'advisor', 'holder'],
  'GET /projects/:id/timeline': ['admin', 'advisor', 'coach', 'holder'],
  'GET /organisations': ['admin', 'advisor', 'coach'],
  'POST /organisations': ['admin', 'advisor'],
  'PATCH /organisations/:id': ['admin', 'advisor'],
  'GET /expertise-tags': ['admin', 'advisor', 'coach'],
  'POST /expertise-tags': ['admin', 'advisor'],
  'GET /experts': ['admin', 'advisor'],
  'GET /experts/load': ['admin', 'advisor'],
  'GET /experts/settings': ['admin', 'advisor'],
  'PUT /experts/settings': ['admin'],
  'GET /experts/:userId': ['admin', 'advisor', 'coach'],
  'PUT /experts/:userId': ['admin', 'advisor', 'coach'],
  'GET /projects/:id/coach-suggestions': ['admin', 'advisor'],
  'GET /projects/:id/academic-teams': ['admin', 'advisor', 'coach', 'holder'],
  'POST /projects/:id/academic-teams': ['admin', 'advisor'],
  'GET /academic-teams/:id': ['admin', 'advisor', 'coach', 'holder'],
  'PATCH /academic-teams/:id': ['admin', 'advisor', 'coach'],
  'POST /academic-teams/:id/members': ['admin', 'advisor'],
  'PUT /academic-teams/:id/document': ['admin', 'advisor', 'coach'],
  'GET /academic-teams/:id/document': ['admin', 'advisor', 'coach', 'holder'],
  'GET /cohorts/:id/trainings': ['admin', 'advisor', 'coach', 'holder'],
  'POST /cohorts/:id/trainings': ['admin', 'advisor'],
  'GET /trainings/:id': ['admin', 'advisor', 'coach', 'holder'],
  'POST /trainings/:id/invitations': ['admin', 'advisor'],
  'POST /trainings/:id/registrations': ['admin', 'advisor', 'coach', 'holder'],
  'DELETE /trainings/:id/registrations/:registrationId': ['admin', 'advisor', 'coach', 'holder'],
  'PUT /trainings/:id/attendance': ['admin', 'advisor'],
  'GET /audit': ['admin', 'platform_admin'],
  'GET /health': ['public'],
  'GET /metrics': ['public'],
  'GET /notifications': TENANT_ROLES,
  'POST /notifications/read-all': TENANT_ROLES,
  'POST /notifications/:id/read': TENANT_ROLES,
  'GET /notifications/preferences': TENANT_ROLES,
  'PUT /notifications/preferences': TENANT_ROLES,
  'GET /jobs/:id': ['platform_admin', 'admin', 'advisor', 'coach'],
  'POST /suppliers/imports': ['platform_admin', 'admin'],
  'GET /suppliers/imports': ['platform_admin', 'admin'],
  'GET /suppliers/imports/:id': ['platform_admin', 'admin'],
  'GET /suppliers': ['admin', 'advisor', 'coach'],
  'GET /suppliers/:siret': ['admin', 'advisor', 'coach'],
  'PUT /suppliers/:siret/annotation': ['admin', 'advisor', 'coach'],
  'POST /projects/:id/sourcing-requests': ['admin', 'advisor', 'coach'],
  'GET /projects/:id/sourcing-requests': ['admin', 'advisor', 'coach', 'holder'],
  'GET /sourcing-requests/:id': ['admin', 'advisor', 'coach', 'holder'],
  'GET /sourcing-requests/:id/candidates': ['admin', 'advisor', 'coach', 'holder'],
  'GET /sourcing-requests/:id/candidates.csv': ['admin', 'advisor', 'coach', 'holder'],
  'PATCH /sourcing-candidates/:id': ['admin', 'advisor', 'coach'],
  'GET /buyers': ['admin', 'advisor', 'coach'],
  'POST /buyers': ['admin', 'advisor'],
  'GET /buyers/:id': ['admin', 'advisor', 'coach'],
  'PATCH /buyers/:id': ['admin', 'advisor'],
  'DELETE /buyers/:id': ['admin', 'advisor'],
  'POST /buyers/:id/purchase-categories': ['admin', 'advisor'],
  'DELETE /buyers/:id/purchase-categories/:categoryId': ['admin', 'advisor'],
  'POST /buyers/:id/purchase-ledger': ['admin', 'advisor'],
  'GET /buyers/:id/purchase-ledger-analyses': ['admin', 'advisor', 'coach'],
  'GET /projects/:id/local-buyers': ['admin', 'advisor', 'coach', 'holder'],
  'GET /financing-schemes': ['platform_admin', 'admin', 'advisor', 'coach', 'holder'],
  'POST /financing-schemes': ['platform_admin', 'admin'],
  'GET /financing-schemes/export.json': ['platform_admin', 'admin', 'advisor', 'coach', 'holder'],
  'GET /financing-schemes/export.csv': ['platform_admin', 'admin', 'advisor', 'coach', 'holder'],
  'POST /financing-schemes/import': ['platform_admin', 'admin'],
  'GET /financing-schemes/:id': ['platform_admin', 'admin', 'advisor', 'coach', 'holder'],
  'PATCH /financing-schemes/:id': ['platform_admin', 'admin'],
  'GET /projects/:id/financing-profile': ['admin', 'advisor', 'coach', 'holder'],
  'PATCH /projects/:id/financing-profile': ['admin', 'advisor', 'coach', 'holder'],
  'POST /projects/:id/financing-matches': ['admin', 'advisor', 'coach'],
  'GET /projects/:id/financing-matches': ['admin', 'advisor', 'coach', 'holder'],
  'GET /projects/:id/financing-deadlines': ['admin', 'advisor', 'coach', 'holder'],
  'GET /projects/:id/financing-plan': ['admin', 'advisor', 'coach', 'holder'],
  'PUT /projects/:id/financing-plan': ['admin', 'advisor', 'coach'],
  'GET /me/calendar': TENANT_ROLES,
  'POST /me/calendar-token': TENANT_ROLES,
  'DELETE /me/calendar': TENANT_ROLES,
  'GET /calendar/:token.ics': ['public'],
  'GET /observatory/tags': ['admin', 'advisor', 'coach', 'holder'],
  'POST /observatory/tags': ['admin', 'advisor'],
  'PATCH /observatory/tags/:id': ['admin', 'advisor'],
  'GET /projects/:id/observatory': ['admin', 'advisor', 'coach', 'holder'],
  'PUT /projects/:id/observatory': ['admin', 'advisor'],
  'GET /reports/cohorts/:id': ['admin', 'advisor'],
  'GET /reports/observatory': ['admin', 'advisor'],
  'GET /reports/network': ['platform_admin'],
  'GET /platform/observatory': ['platform_admin'],
  'GET /cohorts/:id/export.xlsx': ['admin', 'advisor'],
  'GET /cohorts/:id/export.csv': ['admin', 'advisor'],
  'GET /projects/:id/one-pager.pdf': ['admin', 'advisor', 'coach', 'holder', 'partner'],
  'GET /follow-ups/:projectId/:token': ['public'],
  'POST /follow-ups/:projectId/:token': ['public'],
  'GET /follow-ups/:projectId/:token/form': ['public'],
  'POST /follow-ups/:projectId/:token/form': ['public'],
};

describe('Access rules', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let platformAdmin: UserFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    tenant = await createTenant(t);
    platformAdmin = await createUser(t, { role: 'platform_admin' });
    const r = await createResources(t, tenant);
    ids[':id'] = r.cohortId;
    ids.cohort = r.cohortId;
    ids.project = r.projectId;
    ids.milestone = r.milestoneId;
    ids.programme = r.programmeId;
    ids[':userId'] = tenant.coach.id;
    ids.session = r.sessionId;
    ids.workshop = r.workshopId;
  });
  afterAll(() => t.close());

  it('every registered route declares an explicit access rule', () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.rule).map((r) => r.key)).toEqual([]);
  });

  it('the registered routes and their rules are exactly the role matrix', () => {
    const declared: Record<string, Who[]> = {};
    for (const r of registeredRoutes(t.app)) {
      declared[r.key] = r.rule?.kind === 'public' ? ['public'] : [...(r.rule?.roles ?? [])].sort();
    }
    const expected = Object.fromEntries(Object.entries(MATRIX).map(([k, v]) => [k, [...v].sort()]));
    expect(declared).toEqual(expected);
  });

  function concretePath(route: string): string {
    const [, path = ''] = route.split(' ');
    let resourceId = ids.cohort;
    if (path.startsWith('/projects')) resourceId = ids.project;
    if (path.startsWith('/milestones')) resourceId = ids.milestone;
    if (path.startsWith('/programmes')) resourceId = ids.programme;
    if (path.startsWith('/sessions')) resourceId = ids.session;
    if (path.startsWith('/workshops')) resourceId = ids.workshop;
    return `/api${path.replace(':userId', ids[':userId'] ?? '').replace(':projectId', ids.project ?? '').replace(':id', resourceId ?? '')}`;
  }

  function send(route: string, user: UserFixture | null) {
    const [method = 'GET'] = route.split(' ');
    const path = concretePath(route);
    const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put';
    const req = t.http[verb](path);
    if (user) req.set(...bearer(user));
    // An empty body: the role check runs before validation, so it is enough to see the rule.
    return method === 'GET' || method === 'DELETE' ? req : req.send({});
  }

  const protectedRoutes = Object.entries(MATRIX).filter(([, who]) => !who.includes('public'));

  it.each(protectedRoutes)('%s refuses a request without a token (401)', async (route) => {
    const res = await send(route, null);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it.each(protectedRoutes.flatMap(([route, who]) => [...TENANT_ROLES, 'platform_admin'].map((role) => [route, role, who.includes(role as Role)] as const)))(
    '%s as %s → allowed: %s',
    async (route, role, allowed) => {
      const user = role === 'platform_admin' ? platformAdmin : tenant[role as Exclude<Role, 'platform_admin'>];
      const res = await send(route, user);
      const refusedByRole = res.status === 403 && String(res.body.message).startsWith('Your role');
      expect(res.status).not.toBe(401);
      expect({ route, role, refusedByRole }).toEqual({ route, role, refusedByRole: !allowed });
    },
  );
});
