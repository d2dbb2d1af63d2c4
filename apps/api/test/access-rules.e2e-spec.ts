import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule, Role } from '@filiere/platform/auth';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, UserFixture } from '@filiere/platform/testing';
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
  'GET /projects': ['admin', 'advisor', 'coach', 'holder'],
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
  'DELETE /me/calendar': TENANT_ROLES,
  'GET /calendar/:token.ics': ['public'],
};

interface RegisteredRoute {
  key: string;
  rule: AccessRule | undefined;
}

function registeredRoutes(t: TestApp): RegisteredRoute[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RegisteredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '').replace(/^\/|\/$/g, '');
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const full = `/${[base, path.replace(/^\/|\/$/g, '')].filter(Boolean).join('/')}`;
      routes.push({ key: `${RequestMethod[method]} ${full}`, rule: reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [handler, wrapper.metatype]) });
    }
  }
  return routes;
}

describe('Access rules', () => {
  let t: TestApp;
  let tenant: TenantFixture;
  let platformAdmin: UserFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    tenant = await createTenant(t);
    platformAdmin = await createUser(t, { role: 'platform_admin' });
    const cohort = await t.http.post('/api/cohorts').set(...bearer(tenant.advisor)).send(cohortBody()).expect(201);
    const project = await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(tenant.advisor)).send(projectBody()).expect(201);
    const programme = await t.http.post('/api/programmes/00000000-0000-4000-8000-000000000001/copy').set(...bearer(tenant.advisor)).send({}).expect(201);
    ids[':id'] = cohort.body.id;
    ids.cohort = cohort.body.id;
    ids.project = project.body.id;
    ids.milestone = project.body.milestones[0].id;
    ids.programme = programme.body.id;
    ids[':userId'] = tenant.coach.id;
    const session = await t.http
      .post(`/api/projects/${project.body.id}/sessions`)
      .set(...bearer(tenant.advisor))
      .send({ date: '2026-01-05', durationMinutes: 60, mode: 'onsite', topics: ['Financement'], notes: 'Séance', nextSteps: [{ title: 'Relancer la banque' }] })
      .expect(201);
    ids.session = session.body.id;
    const workshop = await t.http
      .post(`/api/cohorts/${cohort.body.id}/workshops`)
      .set(...bearer(tenant.advisor))
      .send({
        title: 'Ateliers intensifs',
        startsAt: '2027-05-12T09:00:00+02:00',
        endsAt: '2027-05-13T17:00:00+02:00',
        location: 'Besançon',
        criteria: [{ key: 'innovation', label: 'Innovation', weight: 1, maxScore: 10 }],
        projectIds: [project.body.id],
        partnerUserIds: [tenant.partner.id],
      })
      .expect(201);
    ids.workshop = workshop.body.id;
  });
  afterAll(() => t.close());

  it('every registered route declares an explicit access rule', () => {
    const routes = registeredRoutes(t);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.rule).map((r) => r.key)).toEqual([]);
  });

  it('the registered routes and their rules are exactly the role matrix', () => {
    const declared: Record<string, Who[]> = {};
    for (const r of registeredRoutes(t)) {
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
