import type { INestApplicationContext } from '@nestjs/common';
import { MatchingService } from '@filiere/financing';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, UserFixture, waitUntil } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';
import { startWorker } from './worker';

const PRET_INDUSTRIE_PME = '5c0e0000-0000-4000-8000-000000000002';
const C3IV = '5c0e0000-0000-4000-8000-000000000011';
const BFC_AVANCES = '5c0e0000-0000-4000-8000-000000000019';
const INNO_SOBRIETE = '5c0e0000-0000-4000-8000-000000000020';

interface MatchItem {
  scheme: { id: string; name: string };
  eligible: boolean;
  score: number;
  met: string[];
  unmet: string[];
  unknown: string[];
  nextDeadline: { date: string; kind: string } | null;
}

const regional = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Fonds régional de relocalisation',
  funder: 'Région Bourgogne-Franche-Comté',
  kind: 'subvention',
  perimeter: { scope: 'regions', codes: ['27'] },
  sizes: ['PME'],
  stages: ['realisation'],
  expenseTypes: ['investissement'],
  maxRatePercent: 30,
  deMinimis: true,
  predepositOn: '2099-03-01',
  closesOn: '2099-06-30',
  sourceUrl: 'https://www.bourgognefranchecomte.fr/',
  description: 'Aide test',
  ...over,
});

/**
 * Financing: the seeded national catalogue, tenants' own schemes, profiles and explained
 * matches, the fan-out after a scheme change, plans and their warnings, deadlines, the iCal
 * feed, and who may do what.
 */
describe('Financing', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  let platformAdmin: UserFixture;
  let matching: MatchingService;
  let besancon: string; // tenant a, Besançon (BFC), holder + coach assigned
  let rennes: string; // tenant a, Rennes (Bretagne)
  let otherTenantProject: string; // tenant b, Besançon

  const newProject = async (tenant: TenantFixture, company: Record<string, unknown>): Promise<string> => {
    const cohort = await t.http.post('/api/cohorts').set(...bearer(tenant.advisor)).send(cohortBody()).expect(201);
    const base = projectBody();
    const res = await t.http
      .post(`/api/cohorts/${cohort.body.id}/projects`)
      .set(...bearer(tenant.advisor))
      .send({ ...base, company: { ...(base.company as object), ...company } })
      .expect(201);
    return res.body.id as string;
  };
  const matchesOf = async (user: UserFixture, projectId: string): Promise<MatchItem[]> => (await t.http.get(`/api/projects/${projectId}/financing-matches`).set(...bearer(user)).expect(200)).body.items;

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    a = await createTenant(t);
    b = await createTenant(t);
    platformAdmin = await createUser(t, { role: 'platform_admin' });
    matching = t.app.get(MatchingService);
    besancon = await newProject(a, { communeCode: '25056', nafCode: '25.62B', sizeBand: '12' });
    rennes = await newProject(a, { communeCode: '35238', nafCode: '25.62B', sizeBand: '12' });
    otherTenantProject = await newProject(b, { communeCode: '25056' });
    for (const [role, user] of [['holder', a.holder], ['coach', a.coach]] as const) {
      await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, $4)`, [a.id, besancon, user.id, role]);
    }
  });
  afterAll(() => t.close());

  describe('catalogue', () => {
    it('lists the seeded national schemes with their sources; closed ones are closed', async () => {
      const res = await t.http.get('/api/financing-schemes?owner=national&limit=200').set(...bearer(a.holder)).expect(200);
      const byId = new Map((res.body.items as { id: string; status: string; sourceUrl: string; owner: string }[]).map((s) => [s.id, s]));
      expect(byId.size).toBe(25);
      for (const s of byId.values()) {
        expect(s.sourceUrl).toMatch(/^https?:\/\//);
        expect(s.owner).toBe('national');
      }
      expect(byId.get(C3IV)?.status).toBe('closed');
      expect(byId.get('5c0e0000-0000-4000-8000-000000000006')?.status).toBe('closed');
      expect(byId.get(PRET_INDUSTRIE_PME)?.status).toBe('open');
      const closed = await t.http.get('/api/financing-schemes?status=closed&limit=200').set(...bearer(a.advisor)).expect(200);
      expect((closed.body.items as { id: string }[]).map((s) => s.id)).toEqual(expect.arrayContaining([C3IV]));
    });

    it('a tenant admin adds regional schemes, never national ones, and cannot edit national ones', async () => {
      await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ perimeter: { scope: 'national', codes: [] } })).expect(422);
      await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ perimeter: { scope: 'regions', codes: ['99'] } })).expect(422);
      await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ colour: 'blue' })).expect(400);
      await t.http.post('/api/financing-schemes').set(...bearer(a.advisor)).send(regional()).expect(403);
      const patch = await t.http.patch(`/api/financing-schemes/${PRET_INDUSTRIE_PME}`).set(...bearer(a.admin)).send({ name: 'Mine' }).expect(403);
      expect(patch.body.code).toBe('NATIONAL_SCHEME_READ_ONLY');
      await t.http.patch(`/api/financing-schemes/${PRET_INDUSTRIE_PME}`).set(...bearer(a.admin)).send({ name: null }).expect(400);
      const created = await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ name: 'Fonds A' })).expect(201);
      expect(created.body).toMatchObject({ owner: 'tenant', status: 'open', perimeter: { scope: 'regions', codes: ['27'] } });
      const [audit] = await t.dataSource.query<{ action: string }[]>(`SELECT action FROM audit_events WHERE entity_id = $1`, [created.body.id]);
      expect(audit?.action).toBe('financing_scheme.create');
      // Another tenant neither sees nor edits it.
      await t.http.get(`/api/financing-schemes/${created.body.id}`).set(...bearer(b.advisor)).expect(404);
      await t.http.patch(`/api/financing-schemes/${created.body.id}`).set(...bearer(b.admin)).send({ name: 'x' }).expect(404);
      await t.http.get(`/api/financing-schemes/${created.body.id}`).set(...bearer(platformAdmin)).expect(404);
      const listB = await t.http.get('/api/financing-schemes?owner=tenant').set(...bearer(b.advisor)).expect(200);
      expect(listB.body.items).toEqual([]);
    });

    it('status follows the dates; closing by hand wins', async () => {
      const s = await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ name: 'Fonds passé', opensOn: '2020-01-01', closesOn: '2021-01-01', predepositOn: null })).expect(201);
      expect(s.body.status).toBe('closed');
      const reopened = await t.http.patch(`/api/financing-schemes/${s.body.id}`).set(...bearer(a.admin)).send({ closesOn: '2099-01-01' }).expect(200);
      expect(reopened.body.status).toBe('open');
      const upcoming = await t.http.patch(`/api/financing-schemes/${s.body.id}`).set(...bearer(a.admin)).send({ opensOn: '2098-01-01' }).expect(200);
      expect(upcoming.body.status).toBe('upcoming');
      const closed = await t.http.patch(`/api/financing-schemes/${s.body.id}`).set(...bearer(a.admin)).send({ status: 'closed' }).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', closedManually: true });
      await t.http.patch(`/api/financing-schemes/${s.body.id}`).set(...bearer(a.admin)).send({ opensOn: '2099-06-01', closesOn: '2099-01-01' }).expect(422);
    });

    it('the platform admin edits national schemes', async () => {
      const res = await t.http.patch(`/api/financing-schemes/${INNO_SOBRIETE}`).set(...bearer(platformAdmin)).send({ lastVerifiedAt: '2026-11-23' }).expect(200);
      expect(res.body.lastVerifiedAt).toBe('2026-11-23');
      await t.http.get('/api/financing-schemes?owner=tenant').set(...bearer(platformAdmin)).expect(200);
    });

    it('exports CSV (French Excel) and JSON, and imports them back, all or nothing', async () => {
      const csv = await t.http.get('/api/financing-schemes/export.csv').set(...bearer(b.admin)).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.startsWith('\uFEFFIdentifiant;Nom;Financeur;Type d’aide;Périmètre;Codes du périmètre')).toBe(true);
      expect(csv.text).toContain('Prêt Industrie PME');
      // Tenant b imports a regional scheme from CSV, then updates it by re-importing its export.
      const header = csv.text.replace(/^\uFEFF/, '').split('\r\n')[0];
      const line = ';Aide bretonne test;Région Bretagne;subvention;regions;53;PME;C;;;realisation;investissement;50000,00;200000,00;40;Oui;;;31/12/2099;annual;Non;https://www.bretagne.bzh/;22/11/2026;Test';
      const imported = await t.http.post('/api/financing-schemes/import').set(...bearer(b.admin)).send({ csv: `${header}\r\n${line}\r\n` }).expect(200);
      expect(imported.body).toMatchObject({ created: 1, updated: 0 });
      expect(imported.body.items[0]).toMatchObject({ amountMinCents: 5_000_000, amountMaxCents: 20_000_000, maxRatePercent: 40, deMinimis: true, closesOn: '2099-12-31', recurrence: 'annual' });
      const json = await t.http.get('/api/financing-schemes/export.json').set(...bearer(b.admin)).expect(200);
      const mine = (json.body.schemes as { id: string; owner: string; name: string }[]).filter((s) => s.owner === 'tenant');
      expect(mine.map((s) => s.name)).toEqual(['Aide bretonne test']);
      const again = await t.http.get('/api/financing-schemes/export.csv?').set(...bearer(b.admin)).expect(200);
      const ownLine = again.text.split('\r\n').find((l) => l.includes('Aide bretonne test')) ?? '';
      const updated = await t.http.post('/api/financing-schemes/import').set(...bearer(b.admin)).send({ csv: `${header}\r\n${ownLine.replace('Aide bretonne test', 'Aide bretonne renommée')}\r\n` }).expect(200);
      expect(updated.body).toMatchObject({ created: 0, updated: 1 });
      // A bad row: nothing is written.
      const before = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM financing_schemes');
      const bad = await t.http
        .post('/api/financing-schemes/import')
        .set(...bearer(b.admin))
        .send({ schemes: [regional({ name: 'Ok', perimeter: { scope: 'regions', codes: ['53'] } }), regional({ kind: 'cadeau' })] })
        .expect(400);
      expect(bad.body.errors[0].field).toBe('schemes.1.kind');
      // Importing over a national scheme is refused (422) for a tenant admin.
      await t.http.post('/api/financing-schemes/import').set(...bearer(b.admin)).send({ schemes: [regional({ id: PRET_INDUSTRIE_PME, perimeter: { scope: 'regions', codes: ['53'] } })] }).expect(422);
      const after = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM financing_schemes');
      expect(after).toEqual(before);
    });
  });

  describe('profile and explained matches', () => {
    it('a project change requests a re-match through the outbox (coalesced)', async () => {
      const runs = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM job_runs WHERE name = 'financing.match-project' AND payload->>'projectId' = $1 AND finished_at IS NULL`, [besancon]);
      expect(runs[0]?.n).toBe(1);
      await t.http.patch(`/api/projects/${besancon}`).set(...bearer(a.advisor)).send({ investmentCents: 40_000_000 }).expect(200);
      await t.http.patch(`/api/projects/${besancon}`).set(...bearer(a.advisor)).send({ investmentCents: 50_000_000 }).expect(200);
      const after = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM job_runs WHERE name = 'financing.match-project' AND payload->>'projectId' = $1 AND finished_at IS NULL`, [besancon]);
      expect(after[0]?.n).toBe(1);
      const trigger = await t.http.post(`/api/projects/${besancon}/financing-matches`).set(...bearer(a.coach)).send({}).expect(202);
      expect(trigger.body.status).toBe('queued');
      await t.http.post(`/api/projects/${otherTenantProject}/financing-matches`).set(...bearer(a.advisor)).send({}).expect(404);
    });

    it('unknown profile data lands in unknown; once known, eligibility is explained in French', async () => {
      await matching.rematchProjects([besancon]);
      let items = await matchesOf(a.holder, besancon);
      const pip = items.find((m) => m.scheme.id === PRET_INDUSTRIE_PME);
      expect(pip).toMatchObject({ eligible: false, unmet: [] });
      expect(pip?.unknown).toEqual(['âge de l’entreprise inconnu', 'étape du projet inconnue', 'type de dépenses inconnu']);
      expect(pip?.met).toEqual(expect.arrayContaining(['PME : oui (effectif 20 à 49)', 'activité NAF 25.62B visée', 'périmètre national']));
      // Regional schemes of other régions are not listed for a Besançon project.
      expect(items.map((m) => m.scheme.id)).not.toContain(INNO_SOBRIETE);
      expect(items.map((m) => m.scheme.id)).toContain(BFC_AVANCES);

      await t.http.patch(`/api/projects/${besancon}/financing-profile`).set(...bearer(a.holder)).send({ companyCreatedOn: '2099-01-01' }).expect(400);
      await t.http.patch(`/api/projects/${besancon}/financing-profile`).set(...bearer(a.holder)).send({ stage: 'rêve' }).expect(400);
      const profile = await t.http
        .patch(`/api/projects/${besancon}/financing-profile`)
        .set(...bearer(a.holder))
        .send({ companyCreatedOn: '2012-04-02', stage: 'realisation', expenseTypes: ['investissement'], deMinimisPriorCents: 10_000_000 })
        .expect(200);
      expect(profile.body).toMatchObject({ companyCreatedOn: '2012-04-02', stage: 'realisation', expenseTypes: ['investissement'] });
      const result = await matching.rematchProjects([besancon]);
      expect(result.newlyEligible).toBeGreaterThan(0);
      const res = await t.http.get(`/api/projects/${besancon}/financing-matches`).set(...bearer(a.advisor)).expect(200);
      expect(res.body.computedAt).toEqual(expect.any(String));
      items = res.body.items;
      expect(items[0]?.eligible).toBe(true);
      const eligibleIds = items.filter((m) => m.eligible).map((m) => m.scheme.id);
      expect(eligibleIds).toEqual(expect.arrayContaining([PRET_INDUSTRIE_PME, BFC_AVANCES]));
      expect(items.find((m) => m.scheme.id === PRET_INDUSTRIE_PME)?.met).toEqual(expect.arrayContaining(['entreprise créée le 02/04/2012 (14 ans, minimum 3 ans)', 'étape réalisation : oui']));
      expect(items.find((m) => m.scheme.id === C3IV)?.unmet).toEqual(expect.arrayContaining(['dispositif clôturé le 31/12/2025']));
      // Eligible first, then by score.
      const order = items.map((m) => [m.eligible ? 1 : 0, m.score]);
      expect(order).toEqual([...order].sort((x, y) => (y[0] ?? 0) - (x[0] ?? 0) || (y[1] ?? 0) - (x[1] ?? 0)));
    });

    it('newly eligible schemes notify the holder and the advisors, once', async () => {
      const holderNotes = await t.http.get('/api/notifications').set(...bearer(a.holder)).expect(200);
      const note = (holderNotes.body.items as { type: string; title: string; body: string }[]).find((n) => n.type === 'financing_eligible');
      expect(note?.title).toMatch(/nouveaux dispositifs de financement éligibles/);
      expect(note?.body).toContain('Prêt Industrie PME');
      const advisorNotes = await t.http.get('/api/notifications').set(...bearer(a.advisor)).expect(200);
      expect((advisorNotes.body.items as { type: string }[]).filter((n) => n.type === 'financing_eligible')).toHaveLength(1);
      const again = await matching.rematchProjects([besancon]);
      expect(again).toMatchObject({ newlyEligible: 0, notified: 0 });
    });

    it('who sees matches: holders of the project, not partners, not other tenants', async () => {
      await t.http.get(`/api/projects/${besancon}/financing-matches`).set(...bearer(a.partner)).expect(403);
      await t.http.get(`/api/projects/${besancon}/financing-matches`).set(...bearer(b.advisor)).expect(404);
      await t.http.get(`/api/projects/${rennes}/financing-matches`).set(...bearer(a.holder)).expect(404);
      await t.http.patch(`/api/projects/${rennes}/financing-profile`).set(...bearer(a.coach)).send({ stage: 'reflexion' }).expect(404);
      await t.http.get(`/api/projects/${besancon}/financing-profile`).set(...bearer(b.admin)).expect(404);
    });
  });

  describe('fan-out after a scheme change', () => {
    it('reaches exactly the projects the scheme may concern, across tenants for national schemes', async () => {
      const scheme = await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ name: 'Fonds fan-out' })).expect(201);
      const id = scheme.body.id as string;
      const [run] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM job_runs WHERE name = 'financing.scheme-changed' AND payload->>'schemeId' = $1`, [id]);
      expect(run?.n).toBe(1);
      // Tenant a, région 27: the Besançon project only (not Rennes, not tenant b's Besançon project).
      expect(await matching.affectedProjects(id)).toEqual([besancon]);
      const stored = async (): Promise<string[]> => (await t.dataSource.query<{ project_id: string }[]>('SELECT project_id FROM financing_matches WHERE scheme_id = $1 ORDER BY project_id', [id])).map((r) => r.project_id);
      await matching.rematchProjects(await matching.affectedProjects(id));
      expect(await stored()).toEqual([besancon]);
      expect((await matchesOf(a.advisor, besancon)).map((m) => m.scheme.id)).toContain(id);
      // Moved to Bretagne: Rennes now, and Besançon which had a match to withdraw.
      await t.http.patch(`/api/financing-schemes/${id}`).set(...bearer(a.admin)).send({ perimeter: { scope: 'regions', codes: ['53'] } }).expect(200);
      expect(await matching.affectedProjects(id)).toEqual([besancon, rennes].sort());
      await matching.rematchProjects(await matching.affectedProjects(id));
      expect(await stored()).toEqual([rennes]);
      expect((await matchesOf(a.advisor, besancon)).map((m) => m.scheme.id)).not.toContain(id);
      expect((await matchesOf(a.advisor, rennes)).map((m) => m.scheme.id)).toContain(id);
      // A national scheme concerns every tenant's projects.
      const national = await matching.affectedProjects(PRET_INDUSTRIE_PME);
      expect(national).toEqual(expect.arrayContaining([besancon, rennes, otherTenantProject]));
      const all = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM projects');
      expect(national).toHaveLength(all[0]?.n ?? -1);
    });
  });

  describe('financing plan', () => {
    it('totals, coverage, rate caps and warnings; refuses unknown schemes and other tenants’ schemes', async () => {
      const own = await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ name: 'Fonds plan', maxRatePercent: 30 })).expect(201);
      const otherTenant = await t.http.post('/api/financing-schemes').set(...bearer(b.admin)).send(regional({ name: 'Fonds B' })).expect(201);
      const empty = await t.http.get(`/api/projects/${besancon}/financing-plan`).set(...bearer(a.holder)).expect(200);
      expect(empty.body).toMatchObject({ lines: [], totalCents: 0, updatedAt: null });
      const plan = await t.http
        .put(`/api/projects/${besancon}/financing-plan`)
        .set(...bearer(a.coach))
        .send({ lines: [{ schemeId: own.body.id, amountCents: 20_000_000 }, { schemeId: PRET_INDUSTRIE_PME, amountCents: 25_000_000 }], note: 'Plan v1' })
        .expect(200);
      expect(plan.body).toMatchObject({ investmentCents: 50_000_000, totalCents: 45_000_000, coveragePercent: 90, deMinimisCents: 20_000_000, deMinimisPriorCents: 10_000_000 });
      expect(plan.body.lines[0]).toMatchObject({ schemeId: own.body.id, ratePercent: 40, maxRatePercent: 30, capCents: 15_000_000 });
      expect((plan.body.warnings as { code: string }[]).map((w) => w.code)).toEqual(['RATE_EXCEEDED']);
      const over = await t.http
        .put(`/api/projects/${besancon}/financing-plan`)
        .set(...bearer(a.advisor))
        .send({ lines: [{ schemeId: own.body.id, amountCents: 25_000_000 }, { schemeId: PRET_INDUSTRIE_PME, amountCents: 30_000_000 }] })
        .expect(200);
      expect((over.body.warnings as { code: string }[]).map((w) => w.code)).toEqual(['RATE_EXCEEDED', 'AID_ABOVE_INVESTMENT', 'DE_MINIMIS_EXCEEDED']);
      expect(over.body.note).toBe('Plan v1');
      const unknown = await t.http.put(`/api/projects/${besancon}/financing-plan`).set(...bearer(a.advisor)).send({ lines: [{ schemeId: otherTenant.body.id, amountCents: 1 }] }).expect(422);
      expect(unknown.body.errors[0].field).toBe('lines.0.schemeId');
      await t.http.put(`/api/projects/${besancon}/financing-plan`).set(...bearer(a.advisor)).send({ lines: [{ schemeId: PRET_INDUSTRIE_PME, amountCents: 1 }, { schemeId: PRET_INDUSTRIE_PME, amountCents: 2 }] }).expect(400);
      await t.http.put(`/api/projects/${besancon}/financing-plan`).set(...bearer(a.holder)).send({ lines: [] }).expect(403);
      await t.http.get(`/api/projects/${besancon}/financing-plan`).set(...bearer(b.advisor)).expect(404);
      const stored = await t.http.get(`/api/projects/${besancon}/financing-plan`).set(...bearer(a.holder)).expect(200);
      expect(stored.body.totalCents).toBe(55_000_000);
    });
  });

  describe('deadlines and the iCal feed', () => {
    it('lists upcoming dates of the project’s schemes and serves them in a secret, rotatable feed', async () => {
      const scheme = await t.http.post('/api/financing-schemes').set(...bearer(a.admin)).send(regional({ name: 'Fonds échéances', predepositOn: '2099-02-01', closesOn: '2099-05-31' })).expect(201);
      await matching.rematchProjects([besancon]);
      const res = await t.http.get(`/api/projects/${besancon}/financing-deadlines`).set(...bearer(a.holder)).expect(200);
      const mine = (res.body.items as { schemeId: string; date: string; kind: string; eligible: boolean }[]).filter((d) => d.schemeId === scheme.body.id);
      expect(mine).toEqual([
        expect.objectContaining({ date: '2099-02-01', kind: 'predeposit', eligible: true }),
        expect.objectContaining({ date: '2099-05-31', kind: 'closing', eligible: true }),
      ]);
      const dates = (res.body.items as { date: string }[]).map((d) => d.date);
      expect(dates).toEqual([...dates].sort());
      await t.http.get(`/api/projects/${besancon}/financing-deadlines`).set(...bearer(b.advisor)).expect(404);

      const { body } = await t.http.get('/api/me/calendar').set(...bearer(a.holder)).expect(200);
      const url = new URL(body.url as string);
      expect(url.pathname).toMatch(/^\/api\/calendar\/[0-9a-f]{32}[A-Za-z0-9_-]{43}\.ics$/);
      expect((await t.http.get('/api/me/calendar').set(...bearer(a.holder)).expect(200)).body.url).toBe(body.url);
      const ics = await t.http.get(url.pathname).expect(200);
      expect(ics.headers['content-type']).toContain('text/calendar');
      expect(ics.text).toContain('BEGIN:VCALENDAR');
      expect(ics.text.replace(/\r\n /g, '')).toContain('SUMMARY:Pré-dépôt : Fonds échéances (Relocaliser des pièces usinées)');
      expect(ics.text).toContain('DTSTART;VALUE=DATE:20990201');
      expect(ics.text).toContain('SUMMARY:Jalon : ');
      // Another user's feed does not show this project.
      const other = await t.http.get('/api/me/calendar').set(...bearer(b.advisor)).expect(200);
      expect((await t.http.get(new URL(other.body.url as string).pathname).expect(200)).text).not.toContain('Fonds échéances');
      // Rotation: the old URL is dead at once.
      const rotated = await t.http.delete('/api/me/calendar').set(...bearer(a.holder)).expect(200);
      expect(rotated.body.url).not.toBe(body.url);
      await t.http.get(url.pathname).expect(404);
      await t.http.get(new URL(rotated.body.url as string).pathname).expect(200);
      const forged = url.pathname.replace(/[A-Za-z0-9_-]{4}\.ics$/, 'AAAA.ics');
      await t.http.get(forged).expect(404);
      await t.http.get('/api/calendar/nope.ics').expect(404);
    });
  });

  describe('through the worker', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startWorker();
    });
    afterAll(() => worker.close());

    it('a profile change re-matches the project; the nightly job keeps statuses and matches', async () => {
      await t.http.patch(`/api/projects/${rennes}/financing-profile`).set(...bearer(a.advisor)).send({ companyCreatedOn: '2001-01-01', stage: 'realisation', expenseTypes: ['investissement'] }).expect(200);
      // The stored match (what notifications and deadlines read) is refreshed by the worker.
      await waitUntil(async () => {
        const [row] = await t.dataSource.query<{ eligible: boolean }[]>('SELECT eligible FROM financing_matches WHERE project_id = $1 AND scheme_id = $2', [rennes, INNO_SOBRIETE]);
        return row?.eligible === true ? row : undefined;
      }, 20_000, 'Rennes stored as eligible to INNO Sobriété');
      await t.dataSource.query(`UPDATE financing_schemes SET status = 'open' WHERE id = $1`, [C3IV]);
      const run = await t.http.post(`/api/projects/${rennes}/financing-matches`).set(...bearer(a.advisor)).send({}).expect(202);
      await waitUntil(async () => ((await t.http.get(`/api/jobs/${run.body.id}`).set(...bearer(a.advisor))).body.status === 'succeeded' ? true : undefined), 20_000, 'match job');
      const jobs = t.app.get(MatchingService);
      expect(await jobs.refreshStatuses()).toEqual([C3IV]);
      const result = await jobs.rematchAll();
      const [projects] = await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM projects');
      expect(result.projects).toBe(projects?.n);
    });
  });
});
