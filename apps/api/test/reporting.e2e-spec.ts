import * as ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { vatNumberFromSiren } from '@filiere/reference-data';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, validSiret } from '@filiere/platform/testing';
import type { Response } from 'superagent';
import { NETWORK_REFERENCE_SQL, NETWORK_SQL } from '@filiere/reporting';
import { AppModule } from '../src/app.module';

const settingsBody = (): Record<string, unknown> => {
  const siret = validSiret();
  return { legalName: 'CCI de test', siret, vatNumber: vatNumberFromSiren(siret.slice(0, 9)), addressLine: '46 avenue Villarceau', postalCode: '25000', city: 'Besançon', iban: 'FR76 3000 6000 0112 3456 7890 189' };
};

/**
 * The text of a PDF, by pdf-parse (pdf.js) in a child Node process: pdf.js is ESM and loads its
 * worker with a dynamic import, which Jest's CommonJS mode cannot run.
 */
const pdfText = (pdf: Buffer): string =>
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import { PDFParse } from 'pdf-parse'; const c = []; for await (const x of process.stdin) c.push(x); const p = new PDFParse({ data: new Uint8Array(Buffer.concat(c)) }); process.stdout.write((await p.getText()).text); await p.destroy();"],
    { input: pdf, cwd: process.cwd() },
  ).toString('utf8');

/** supertest parser collecting a binary body (the response is the Node stream). */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Reports and observatory: a cohort of three projects built through the API (plus sourcing
 * candidates and financing matches written directly), its report checked against figures
 * computed by hand; the tenant observatory; the network roll-up and its suppression rule;
 * who may read what.
 */
describe('Reporting', () => {
  let t: TestApp;
  let x: TenantFixture; // région 27, the cohort under test
  let y: TenantFixture; // région 53, four projects
  let z: TenantFixture; // région 44, two projects: suppressed
  let cohortId: string;
  const p: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let milestoneTotal = 0;

  const newCohort = async (tenant: TenantFixture, extra: Record<string, unknown> = {}): Promise<string> =>
    (await t.http.post('/api/cohorts').set(...bearer(tenant.advisor)).send(cohortBody({ startDate: '2026-01-05', endDate: '2026-06-30', ...extra })).expect(201)).body.id;
  const newProject = async (tenant: TenantFixture, cohort: string, extra: Record<string, unknown> = {}): Promise<{ id: string; milestones: { id: string }[] }> =>
    (await t.http.post(`/api/cohorts/${cohort}/projects`).set(...bearer(tenant.advisor)).send(projectBody(extra)).expect(201)).body;
  const setStatus = async (tenant: TenantFixture, id: string, ...statuses: string[]): Promise<void> => {
    for (const status of statuses) await t.http.patch(`/api/projects/${id}`).set(...bearer(tenant.advisor)).send({ status }).expect(200);
  };

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    x = await createTenant(t, { regionCode: '27' });
    y = await createTenant(t, { regionCode: '53' });
    z = await createTenant(t, { regionCode: '44' });
    cohortId = await newCohort(x, { coachingHoursPerProject: 10 });
    const a = await newProject(x, cohortId, { title: 'Projet Alpha' });
    const b = await newProject(x, cohortId, { title: 'Projet Bravo' });
    const c = await newProject(x, cohortId, { title: 'Projet Charlie' });
    p.a = a.id;
    p.b = b.id;
    p.c = c.id;
    milestoneTotal = a.milestones.length + b.milestones.length + c.milestones.length;
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder'), ($1, $2, $4, 'coach')`, [x.id, p.a, x.holder.id, x.coach.id]);
    // Milestones: two of Alpha done (after their due date: the cohort ran in the first half of 2026).
    for (const m of a.milestones.slice(0, 2)) await t.http.patch(`/api/milestones/${m.id}`).set(...bearer(x.advisor)).send({ status: 'done' }).expect(200);
    // Statuses: Alpha completed, Bravo selected, Charlie applied.
    await setStatus(x, p.a, 'selected', 'active', 'completed');
    await setStatus(x, p.b, 'selected');
    // Coaching: 90 + 60 minutes on Alpha, 30 on Bravo.
    for (const [project, minutes] of [[p.a, 90], [p.a, 60], [p.b, 30]] as const) {
      await t.http.post(`/api/projects/${project}/sessions`).set(...bearer(x.advisor)).send({ date: '2026-02-02', durationMinutes: minutes, mode: 'onsite', topics: ['Financement'], notes: 'Séance' }).expect(201);
    }
    // Fees: Alpha issued and partly paid (1 000 €), Bravo issued and paid, Charlie a draft.
    await t.http.put('/api/billing-settings').set(...bearer(x.admin)).send(settingsBody()).expect(200);
    const invoice = async (project: string, issue: boolean): Promise<{ id: string; totalInclVatCents: number }> => {
      const d = await t.http.post(`/api/projects/${project}/invoices`).set(...bearer(x.advisor)).send({}).expect(201);
      if (issue) await t.http.post(`/api/invoices/${d.body.id}/issue`).set(...bearer(x.advisor)).send({}).expect(200);
      return d.body;
    };
    const ia = await invoice(p.a, true);
    const ib = await invoice(p.b, true);
    await invoice(p.c, false);
    const today = new Date().toISOString().slice(0, 10);
    await t.http.post(`/api/invoices/${ia.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: 100_000, paidAt: today, method: 'transfer' }).expect(201);
    await t.http.post(`/api/invoices/${ib.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: ib.totalInclVatCents, paidAt: today, method: 'transfer' }).expect(201);
    // Sourcing: one upstream request on Alpha (new, contacted, qualified), one downstream on Bravo (interested, declined).
    const request = async (project: string, direction: string, statuses: string[]): Promise<void> => {
      const [r] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO sourcing_requests (tenant_id, project_id, direction, label, radius_km, status, created_by_user_id) VALUES ($1, $2, $3, 'Besoin', 150, 'succeeded', $4) RETURNING id`,
        [x.id, project, direction, x.advisor.id],
      );
      for (const [i, status] of statuses.entries()) {
        await t.dataSource.query(`INSERT INTO sourcing_candidates (tenant_id, request_id, project_id, siret, name, rank, score, status) VALUES ($1, $2, $3, $4, 'Fournisseur', $5, 50, $6)`, [x.id, r?.id, project, validSiret(), i + 1, status]);
      }
    };
    await request(p.a, 'upstream', ['new', 'contacted', 'qualified']);
    await request(p.b, 'downstream', ['interested', 'declined']);
    // Financing: Alpha eligible to two schemes, Bravo to one, Charlie possibly to one.
    const schemes = await t.dataSource.query<{ id: string }[]>('SELECT id FROM financing_schemes WHERE tenant_id IS NULL ORDER BY name LIMIT 2');
    const [s1, s2] = schemes.map((s) => s.id);
    for (const [project, scheme, eligible] of [[p.a, s1, true], [p.a, s2, true], [p.b, s1, true], [p.c, s2, false]] as const) {
      await t.dataSource.query(`INSERT INTO financing_matches (tenant_id, project_id, scheme_id, eligible, score, unknown_count, computed_at) VALUES ($1, $2, $3, $4, 100, 0, now()) ON CONFLICT DO NOTHING`, [x.id, project, scheme, eligible]);
    }
    // Workshop: Alpha 8/10, Bravo 6/10 by the partner; closed; a prize to Alpha.
    const w = await t.http
      .post(`/api/cohorts/${cohortId}/workshops`)
      .set(...bearer(x.advisor))
      .send({ title: 'Ateliers intensifs', startsAt: '2026-05-12T09:00:00+02:00', endsAt: '2026-05-13T17:00:00+02:00', location: 'Évreux', criteria: [{ key: 'innovation', label: 'Innovation', weight: 1, maxScore: 10 }], projectIds: [p.a, p.b], partnerUserIds: [x.partner.id] })
      .expect(201);
    await t.http.put(`/api/workshops/${w.body.id}/evaluations/${p.a}`).set(...bearer(x.partner)).send({ scores: { innovation: 8 } }).expect(200);
    await t.http.put(`/api/workshops/${w.body.id}/evaluations/${p.b}`).set(...bearer(x.partner)).send({ scores: { innovation: 6 } }).expect(200);
    await t.http.post(`/api/workshops/${w.body.id}/close`).set(...bearer(x.advisor)).send({}).expect(200);
    await t.http.post(`/api/workshops/${w.body.id}/awards`).set(...bearer(x.advisor)).send({ projectId: p.a, prize: 'Prix du jury', awardedBy: 'Région' }).expect(201);
  });
  afterAll(() => t.close());

  describe('observatory record of a project', () => {
    it('seeds the French tag lists and refuses tags that are not in them (400, nothing changed)', async () => {
      const tags = await t.http.get('/api/observatory/tags?category=motivation').set(...bearer(x.advisor)).expect(200);
      expect(tags.body.items.map((i: { label: string }) => i.label)).toContain('Maîtrise de la qualité');
      const bad = await t.http.put(`/api/projects/${p.a}/observatory`).set(...bearer(x.advisor)).send({ motivations: ['Maîtrise de la qualité', 'Inconnue'] }).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'motivations[1]' })]);
      const unchanged = await t.http.get(`/api/projects/${p.a}/observatory`).set(...bearer(x.advisor)).expect(200);
      expect(unchanged.body.motivations).toEqual([]);
      expect(unchanged.body.planned).toMatchObject({ jobs: 5, investmentCents: 50_000_000 });
    });

    it('records type, tags and outcomes; tenant tags can be added', async () => {
      await t.http.post('/api/observatory/tags').set(...bearer(x.admin)).send({ category: 'obstacle', label: 'Délais de raccordement électrique' }).expect(201);
      await t.http.post('/api/observatory/tags').set(...bearer(x.admin)).send({ category: 'obstacle', label: 'délais de raccordement ÉLECTRIQUE' }).expect(409);
      const res = await t.http
        .put(`/api/projects/${p.a}/observatory`)
        .set(...bearer(x.advisor))
        .send({ kind: 'company', motivations: ['maitrise de la qualite', 'Réduction des délais'], obstacles: ['Recrutement difficile', 'Délais de raccordement électrique'], planned: { jobs: 10, importSubstitutionCents: 5_000_000 }, achieved: { jobs: 4, investmentCents: 20_000_000 } })
        .expect(200);
      expect(res.body).toMatchObject({ kind: 'company', planned: { jobs: 10, investmentCents: 50_000_000, importSubstitutionCents: 5_000_000 }, achieved: { jobs: 4, investmentCents: 20_000_000 } });
      expect(res.body.motivations.map((m: { label: string }) => m.label)).toEqual(['Maîtrise de la qualité', 'Réduction des délais']);
      await t.http.put(`/api/projects/${p.b}/observatory`).set(...bearer(x.advisor)).send({ motivations: ['Maîtrise de la qualité'], planned: { jobs: 3 } }).expect(200);
      await t.http.put(`/api/projects/${p.b}/observatory`).set(...bearer(x.advisor)).send({ planned: { jobs: -1 } }).expect(400);
    });

    it('a tenant’s tags are its own: another tenant cannot see or change them', async () => {
      const mine = await t.http.get('/api/observatory/tags?category=obstacle').set(...bearer(x.advisor)).expect(200);
      const tag = (mine.body.items as { id: string; label: string }[]).find((i) => i.label === 'Délais de raccordement électrique');
      expect(tag).toBeDefined();
      await t.http.patch(`/api/observatory/tags/${tag?.id}`).set(...bearer(y.admin)).send({ label: 'pirate' }).expect(404);
      const theirs = await t.http.get('/api/observatory/tags?category=obstacle').set(...bearer(y.advisor)).expect(200);
      expect((theirs.body.items as { label: string }[]).map((i) => i.label)).not.toContain('Délais de raccordement électrique');
      const archived = await t.http.patch(`/api/observatory/tags/${tag?.id}`).set(...bearer(x.admin)).send({ archived: true }).expect(200);
      expect(archived.body).toMatchObject({ label: 'Délais de raccordement électrique', archived: true });
      // Archived: kept on the project that has it, refused on another.
      await t.http.put(`/api/projects/${p.a}/observatory`).set(...bearer(x.advisor)).send({ obstacles: ['Recrutement difficile', 'Délais de raccordement électrique'] }).expect(200);
      await t.http.put(`/api/projects/${p.b}/observatory`).set(...bearer(x.advisor)).send({ obstacles: ['Délais de raccordement électrique'] }).expect(400);
      await t.http.patch(`/api/observatory/tags/${tag?.id}`).set(...bearer(x.admin)).send({ archived: false }).expect(200);
    });

    it('holders read their own record, coaches their assigned ones; others get 404 and partners 403', async () => {
      await t.http.get(`/api/projects/${p.a}/observatory`).set(...bearer(x.holder)).expect(200);
      await t.http.get(`/api/projects/${p.b}/observatory`).set(...bearer(x.holder)).expect(404);
      await t.http.get(`/api/projects/${p.a}/observatory`).set(...bearer(x.coach)).expect(200);
      await t.http.get(`/api/projects/${p.c}/observatory`).set(...bearer(x.coach)).expect(404);
      await t.http.put(`/api/projects/${p.a}/observatory`).set(...bearer(x.holder)).send({}).expect(403);
      await t.http.get(`/api/projects/${p.a}/observatory`).set(...bearer(x.partner)).expect(403);
      await t.http.get(`/api/projects/${p.a}/observatory`).set(...bearer(y.advisor)).expect(404);
      await t.http.put(`/api/projects/${p.a}/observatory`).set(...bearer(y.advisor)).send({}).expect(404);
    });
  });

  describe('cohort report', () => {
    it('gives the figures computed by hand', async () => {
      const res = await t.http.get(`/api/reports/cohorts/${cohortId}`).set(...bearer(x.advisor)).expect(200);
      const r = res.body;
      expect(r.projects).toEqual({ total: 3, applied: 1, selected: 1, active: 0, completed: 1, withdrawn: 0 });
      // Every milestone was due by the end of June 2026: all but the two done are late, and those two were done late.
      expect(r.milestones).toMatchObject({ total: milestoneTotal, done: 2, late: milestoneTotal - 2, doneLate: 2, projectsWithLate: 3, completionPercent: Math.round((2 * 1000) / milestoneTotal) / 10 });
      // 90 + 60 + 30 minutes = 3 h, against 10 h × 3 projects.
      expect(r.coaching).toEqual({ minutes: 180, hours: 3, sessions: 3, projectsCoached: 2, budgetHours: 30, usedPercent: 10 });
      // Two fee invoices of 2 490 € + 20 % VAT = 2 988 €; 1 000 € + 2 988 € paid.
      expect(r.fees).toEqual({ invoices: 2, drafts: 1, invoicedExclVatCents: 498_000, invoicedInclVatCents: 597_600, paidCents: 398_800, creditedCents: 0, outstandingCents: 198_800, overdue: 0 });
      expect(r.sourcing).toEqual({ requests: 2, upstream: 1, downstream: 1, candidates: 5, shortlisted: 0, contacted: 4, interested: 2, qualified: 1 });
      expect(r.financing).toEqual({ eligibleMatches: 3, projectsWithEligible: 2, schemes: 2, possibleMatches: 1 });
      expect(r.workshops).toHaveLength(1);
      expect(r.workshops[0]).toMatchObject({ status: 'closed', presentingProjects: 2, partners: 1, evaluations: 2, awards: [{ projectId: p.a, prize: 'Prix du jury', awardedBy: 'Région' }] });
      expect(r.workshops[0].results.map((x: { title: string; weightedScore: number; rank: number }) => [x.title, x.weightedScore, x.rank])).toEqual([
        ['Projet Alpha', 80, 1],
        ['Projet Bravo', 60, 2],
      ]);
      // Planned: Alpha 10 jobs (record), Bravo 3 (record), Charlie 5 (project); investment 50 M cents each (from the projects).
      expect(r.outcomes.planned).toEqual({ jobs: 18, investmentCents: 150_000_000, importSubstitutionCents: 5_000_000, productionStarts: 0 });
      expect(r.outcomes.achieved).toEqual({ jobs: 4, investmentCents: 20_000_000, importSubstitutionCents: null, productionStarted: 0 });
      expect(r.outcomes.followUps).toEqual({ answered: 0, pending: 0 });
    });

    it('is for admins and advisors of the tenant only', async () => {
      await t.http.get(`/api/reports/cohorts/${cohortId}`).set(...bearer(x.admin)).expect(200);
      await t.http.get(`/api/reports/cohorts/${cohortId}`).set(...bearer(x.coach)).expect(403);
      await t.http.get(`/api/reports/cohorts/${cohortId}`).set(...bearer(y.advisor)).expect(404);
      await t.http.get('/api/reports/cohorts/not-a-uuid').set(...bearer(x.advisor)).expect(400);
    });
  });

  describe('tenant observatory', () => {
    it('counts by type, tags, funnel and outcomes for a year and a cohort', async () => {
      const res = await t.http.get('/api/reports/observatory?year=2026').set(...bearer(x.advisor)).expect(200);
      expect(res.body).toMatchObject({ year: 2026, projects: 3, byKind: { company: 1, activity: 2, value_chain: 0 }, funnel: { applied: 3, selected: 2, active: 1, completed: 1, withdrawn: 0 } });
      expect(res.body.motivations).toEqual([
        { key: 'maitrise de la qualite', label: 'Maîtrise de la qualité', projects: 2 },
        { key: 'reduction des delais', label: 'Réduction des délais', projects: 1 },
      ]);
      expect(res.body.obstacles.map((o: { label: string }) => o.label).sort()).toEqual(['Délais de raccordement électrique', 'Recrutement difficile']);
      expect(res.body.outcomes).toMatchObject({ plannedJobs: 18, achievedJobs: 4, plannedInvestmentCents: 150_000_000, achievedInvestmentCents: 20_000_000 });
      const none = await t.http.get('/api/reports/observatory?year=2025').set(...bearer(x.advisor)).expect(200);
      expect(none.body.projects).toBe(0);
      const byCohort = await t.http.get(`/api/reports/observatory?cohortId=${cohortId}`).set(...bearer(x.advisor)).expect(200);
      expect(byCohort.body.projects).toBe(3);
      await t.http.get(`/api/reports/observatory?cohortId=${cohortId}`).set(...bearer(y.advisor)).expect(404);
      await t.http.get('/api/reports/observatory?year=deux').set(...bearer(x.advisor)).expect(400);
    });
  });

  describe('exports', () => {
    it('the workbook opens with exceljs: sheets, French headers, dates as dates, money as numbers in €, frozen header, filters', async () => {
      const res = await t.http.get(`/api/cohorts/${cohortId}/export.xlsx`).set(...bearer(x.advisor)).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never); // exceljs's own Buffer type
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Projets', 'Jalons', 'Séances', 'Résultats ateliers', 'Factures', 'Résultats']);
      const projects = wb.getWorksheet('Projets')!;
      expect(projects.getRow(1).values).toEqual([undefined, 'Projet', 'Entreprise', 'SIRET', 'Code NAF', 'Commune (INSEE)', 'Type de relocalisation', 'Statut', 'Emplois prévus', 'Investissement prévu', 'Créé le']);
      expect(projects.rowCount).toBe(4);
      expect(projects.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(projects.autoFilter).toBe('A1:J1');
      const alpha = projects.getRow(2);
      expect(alpha.getCell(1).value).toBe('Projet Alpha');
      expect(alpha.getCell(6).value).toBe('Entreprise');
      expect(alpha.getCell(9).value).toBe(500_000);
      expect(alpha.getCell(9).numFmt).toContain('€');
      expect(alpha.getCell(10).value).toBeInstanceOf(Date);
      const invoices = wb.getWorksheet('Factures')!;
      expect(invoices.getRow(1).getCell(8).value).toBe('Montant TTC');
      const issued = invoices.getRow(2);
      expect(issued.getCell(3).value).toBeInstanceOf(Date);
      expect(issued.getCell(8).value).toBe(2988);
      expect(issued.getCell(8).numFmt).toBe('#,##0.00 "€"');
      expect(wb.getWorksheet('Jalons')!.rowCount).toBe(1 + milestoneTotal);
      expect(wb.getWorksheet('Séances')!.rowCount).toBe(4);
      const results = wb.getWorksheet('Résultats ateliers')!;
      expect([results.getRow(2).getCell(3).value, results.getRow(2).getCell(4).value, results.getRow(2).getCell(5).value, results.getRow(2).getCell(8).value]).toEqual([1, 'Projet Alpha', 80, 'Prix du jury (Région)']);
      const outcomes = wb.getWorksheet('Résultats')!;
      expect(outcomes.getRow(2).getCell(4).value).toBe(4);
      expect(outcomes.getRow(2).getCell(6).value).toBe(200_000);
    });

    it('each table as CSV: BOM, `;`, French headers and numbers', async () => {
      const res = await t.http.get(`/api/cohorts/${cohortId}/export.csv?table=invoices`).set(...bearer(x.advisor)).expect(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.text.charCodeAt(0)).toBe(0xfeff);
      const rows: string[][] = parse(res.text.slice(1), { delimiter: ';' });
      expect(rows[0]).toEqual(['Numéro', 'Projet', 'Date d’émission', 'Échéance', 'Statut', 'Montant HT', 'TVA', 'Montant TTC', 'Payé', 'Avoirs', 'Reste dû']);
      expect(rows).toHaveLength(4);
      expect(rows[1]?.slice(5)).toEqual(['2490,00', '498,00', '2988,00', '1000,00', '0,00', '1988,00']);
      expect(rows[1]?.[2]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      for (const table of ['projects', 'milestones', 'sessions', 'workshop_results', 'outcomes']) {
        await t.http.get(`/api/cohorts/${cohortId}/export.csv?table=${table}`).set(...bearer(x.advisor)).expect(200);
      }
      await t.http.get(`/api/cohorts/${cohortId}/export.csv?table=secrets`).set(...bearer(x.advisor)).expect(400);
      await t.http.get(`/api/cohorts/${cohortId}/export.csv?table=projects`).set(...bearer(x.coach)).expect(403);
      await t.http.get(`/api/cohorts/${cohortId}/export.csv?table=projects`).set(...bearer(y.admin)).expect(404);
      await t.http.get(`/api/cohorts/${cohortId}/export.xlsx`).set(...bearer(y.admin)).expect(404);
    });
  });

  describe('project one-pager (PDF)', () => {
    it('is a French PDF with company, product, progress, workshop score, financing and outcomes', async () => {
      const res = await t.http.get(`/api/projects/${p.a}/one-pager.pdf`).set(...bearer(x.partner)).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
      expect(text).toContain('Projet Alpha');
      expect(text).toContain('Usinage Test');
      expect(text).toContain('Pièces usinées');
      expect(text).toContain('relocalisation d’une entreprise');
      expect(text).toContain(`Jalons du rétroplanning : 2 sur ${milestoneTotal / 3} terminés`);
      expect(text).toContain('Ateliers intensifs : score 80 / 100, rang 1 sur 2');
      expect(text).toContain('Prix du jury (Région)');
      expect(text).toMatch(/Emplois 10 4/);
      expect(text).toMatch(/Investissement 500 000,00 € 200 000,00 €/);
      const schemes = await t.dataSource.query<{ name: string }[]>('SELECT s.name FROM financing_matches fm JOIN financing_schemes s ON s.id = fm.scheme_id WHERE fm.project_id = $1 AND fm.eligible', [p.a]);
      for (const s of schemes) expect(text).toContain(s.name.slice(0, 20));
    });

    it('partners get it for the projects of their workshops only; holders for their own', async () => {
      await t.http.get(`/api/projects/${p.c}/one-pager.pdf`).set(...bearer(x.partner)).expect(404);
      await t.http.get(`/api/projects/${p.a}/one-pager.pdf`).set(...bearer(x.holder)).expect(200);
      await t.http.get(`/api/projects/${p.b}/one-pager.pdf`).set(...bearer(x.holder)).expect(404);
      await t.http.get(`/api/projects/${p.c}/one-pager.pdf`).set(...bearer(x.coach)).expect(404);
      await t.http.get(`/api/projects/${p.a}/one-pager.pdf`).set(...bearer(y.advisor)).expect(404);
    });
  });

  describe('personal iCal feed', () => {
    const feed = async (user: { token: string }): Promise<string> => {
      const { body } = await t.http.post('/api/me/calendar-token').set(...bearer(user)).send({}).expect(200);
      return (await t.http.get(new URL(body.url as string).pathname).expect(200)).text.replace(/\r\n /g, '');
    };
    const count = (ics: string, prefix: string): number => ics.split('\r\n').filter((l) => l.startsWith(prefix)).length;

    it('shows each user what the API shows them: sessions, milestones, workshops, deadlines', async () => {
      const advisor = await feed(x.advisor);
      expect(count(advisor, 'SUMMARY:Séance d’accompagnement')).toBe(3);
      expect(advisor).toContain('SUMMARY:Ateliers intensifs : Ateliers intensifs');
      expect(advisor).toContain('DTSTART;VALUE=DATE:20260512');
      expect(advisor).toContain('DTEND;VALUE=DATE:20260514');
      const holder = await feed(x.holder); // holder of Alpha
      expect(count(holder, 'SUMMARY:Séance d’accompagnement : Projet Alpha')).toBe(2);
      expect(holder).not.toContain('Projet Bravo');
      expect(holder).toContain('SUMMARY:Ateliers intensifs');
      const partner = await feed(x.partner);
      expect(partner).toContain('SUMMARY:Ateliers intensifs');
      expect(partner).not.toContain('Séance');
      expect(partner).not.toContain('Jalon');
      const outsider = await feed(y.partner);
      expect(outsider).not.toContain('BEGIN:VEVENT');
      // A new token: the previous URL stops working.
      const first = await t.http.post('/api/me/calendar-token').set(...bearer(x.coach)).send({}).expect(200);
      const second = await t.http.post('/api/me/calendar-token').set(...bearer(x.coach)).send({}).expect(200);
      await t.http.get(new URL(first.body.url as string).pathname).expect(404);
      const coach = (await t.http.get(new URL(second.body.url as string).pathname).expect(200)).text;
      expect(count(coach, 'SUMMARY:Séance')).toBe(2);
    });
  });

  describe('network roll-up', () => {
    beforeAll(async () => {
      const cy = await newCohort(y);
      for (let i = 0; i < 4; i++) await newProject(y, cy, { title: `Projet Breton ${i}`, company: { siret: validSiret(), name: `Entreprise Bretonne ${i}`, nafCode: '25.62B', communeCode: '29019', sizeBand: '12' } });
      const cz = await newCohort(z);
      for (let i = 0; i < 2; i++) await newProject(z, cz, { title: `Secret Fonderie Zeta ${i}`, company: { siret: validSiret(), name: `Fonderie Confidentielle ${i}`, nafCode: '24.51Z', communeCode: '57463', sizeBand: '12' } });
    });

    it('suppresses the région of two projects, and a second région so that the total does not give it back', async () => {
      const res = await t.http.get('/api/reports/network?year=2026').set(...bearer(await platformAdmin())).expect(200);
      const json = JSON.stringify(res.body);
      // The tenant's own obstacle tag is on one project only: left out, label and key.
      for (const secret of ['Secret Fonderie', 'Fonderie Confidentielle', 'Projet Alpha', 'Entreprise Bretonne', 'CCI ', 'raccordement']) expect(json).not.toContain(secret);
      const byCode = Object.fromEntries(res.body.regions.map((r: { regionCode: string }) => [r.regionCode, r]));
      expect(byCode['44'].projects).toEqual({ value: null, projects: null, suppressed: true });
      // Only one région hidden would be national total − the others: the smallest other (27, 3 projects) is hidden too.
      expect(byCode['27'].projects).toEqual({ value: null, projects: null, suppressed: true });
      expect(byCode['27'].byKind.company.suppressed).toBe(true);
      expect(byCode['53']).toMatchObject({ regionName: 'Bretagne', projects: { value: 4, projects: 4, suppressed: false }, byKind: { activity: { value: 4, suppressed: false }, company: { value: 0, suppressed: false } } });
      expect(res.body.national.projects).toEqual({ value: 9, projects: 9, suppressed: false });
      // One company project nationally: too few, hidden.
      expect(res.body.national.byKind.company.suppressed).toBe(true);
      const same = await t.http.get('/api/platform/observatory?year=2026').set(...bearer(await platformAdmin())).expect(200);
      expect(same.body).toEqual(res.body);
      await t.http.get('/api/reports/network').set(...bearer(x.admin)).expect(403);
    });

    it('reads per-cohort roll-ups that give exactly what the projects give, after every kind of change', async () => {
      type Answer = { figures: { region: string; projects: number }[]; tags: unknown[] };
      const both = async (year: number | null): Promise<[Answer, Answer]> => {
        const [[fast], [reference]] = await Promise.all([t.dataSource.query<Answer[]>(NETWORK_SQL, [null, year, null]), t.dataSource.query<Answer[]>(NETWORK_REFERENCE_SQL, [null, year, null])]);
        return [fast, reference];
      };
      const same = async (): Promise<Answer> => {
        for (const year of [2025, 2026, null]) {
          const [fast, reference] = await both(year);
          expect(fast).toEqual(reference);
        }
        return (await both(null))[0];
      };
      const nationalProjects = (a: Answer): number | undefined => a.figures.find((f) => (f as { national?: number }).national === 1)?.projects;
      const before = await same();
      expect(nationalProjects(before)).toBe(9);
      expect(before.tags.length).toBeGreaterThan(0);
      // Through the API: a status, an observatory record (tags, outcomes), a new project.
      await setStatus(y, (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM projects WHERE tenant_id = $1 ORDER BY title LIMIT 1`, [y.id]))[0]?.id ?? '', 'selected');
      await t.http.put(`/api/projects/${p.c}/observatory`).set(...bearer(x.advisor)).send({ kind: 'value_chain', motivations: ['Empreinte carbone'], successFactors: ['Foncier disponible'], achieved: { jobs: 2, importSubstitutionCents: 1_000 } }).expect(200);
      const cz = (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM cohorts WHERE tenant_id = $1`, [z.id]))[0]?.id ?? '';
      await newProject(z, cz, { title: 'Troisième projet', company: { siret: validSiret(), name: 'Entreprise Zeta 3', nafCode: '24.51Z', communeCode: '57463', sizeBand: '12' } });
      expect(nationalProjects(await same())).toBe(10);
      // In SQL: a record's tags and outcomes, a record deleted, a project moved to another cohort, then deleted.
      await t.dataSource.query(`UPDATE project_observatory SET obstacles = ARRAY['recrutement difficile', 'recrutement difficile'], planned_jobs = NULL WHERE project_id = $1`, [p.a]);
      await same();
      await t.dataSource.query(`DELETE FROM project_observatory WHERE project_id = $1`, [p.b]);
      await same();
      const [moved] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM projects WHERE tenant_id = $1 AND title = 'Troisième projet'`, [z.id]);
      const old = await newCohort(z, { startDate: '2025-02-03', endDate: '2025-07-31' });
      await t.dataSource.query(`UPDATE projects SET cohort_id = $2 WHERE id = $1`, [moved?.id, old]);
      expect(nationalProjects((await both(2025))[0])).toBe(1);
      await same();
      // A cohort moved to another year, a tenant to another région: read from the cohort and tenant, nothing to refresh.
      await t.dataSource.query(`UPDATE cohorts SET start_date = '2025-01-06' WHERE id = $1`, [cz]);
      await t.dataSource.query(`UPDATE tenants SET region_code = '53' WHERE id = $1`, [z.id]);
      await same();
      await t.dataSource.query(`DELETE FROM projects WHERE id = $1`, [moved?.id]);
      expect(nationalProjects(await same())).toBe(9);
      // Two transactions changing projects of one cohort at the same time: the second refresh waits for the first commit.
      const [r1, r2] = [t.dataSource.createQueryRunner(), t.dataSource.createQueryRunner()];
      try {
        await r1.startTransaction();
        await r2.startTransaction();
        await r1.query(`UPDATE projects SET status = 'withdrawn' WHERE id = $1`, [p.a]);
        const second = r2.query(`UPDATE projects SET kind = 'activity', jobs_planned = 42 WHERE id = $1`, [p.b]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await r1.commitTransaction();
        await second;
        await r2.commitTransaction();
      } finally {
        await r1.release();
        await r2.release();
      }
      await same();
      // Restore what the other tests of this file expect.
      await t.dataSource.query(`UPDATE cohorts SET start_date = '2026-01-05' WHERE id = $1`, [cz]);
      await t.dataSource.query(`UPDATE tenants SET region_code = '44' WHERE id = $1`, [z.id]);
    });
  });

  let admin: { token: string } | undefined;
  async function platformAdmin(): Promise<{ token: string }> {
    admin ??= await createUser(t, { role: 'platform_admin' });
    return admin;
  }
});
