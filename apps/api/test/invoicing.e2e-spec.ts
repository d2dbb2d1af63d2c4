import { addDays, todayInParis } from '@filiere/programmes';
import { extractFacturXml, validateFacturXml } from '@filiere/invoicing';
import { vatNumberFromSiren } from '@filiere/reference-data';
import { bearer, cohortBody, createTenant, createTestApp, projectBody, TenantFixture, TestApp, validSiret } from '@filiere/platform/testing';
import type { Response } from 'superagent';
import { AppModule } from '../src/app.module';

const YEAR = todayInParis().slice(0, 4);
const fa = (n: number) => `FA-${YEAR}-${String(n).padStart(5, '0')}`;

function settingsBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const siret = validSiret();
  return {
    legalName: 'Chambre de commerce et d’industrie de test',
    siret,
    vatNumber: vatNumberFromSiren(siret.slice(0, 9)),
    addressLine: '46 avenue Villarceau',
    postalCode: '25000',
    city: 'Besançon',
    iban: 'FR76 3000 6000 0112 3456 7890 189',
    ...overrides,
  };
}

/** supertest parser collecting a binary body (the response is the Node stream). */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Fees and invoicing: settings, drafts from the cohort fee, hand-computed rounding, legal
 * numbering under concurrency (no gap, no duplicate, per tenant, nothing lost on rollback),
 * immutability, payments, credit notes, Factur-X, the accounting export and who sees what.
 */
describe('Invoicing', () => {
  let t: TestApp;
  let x: TenantFixture;
  let y: TenantFixture;
  let projectX: string; // the holder's project
  let otherProjectX: string;
  let projectY: string;

  const newProject = async (tenant: TenantFixture, title = 'Fonderie'): Promise<string> => {
    const start = addDays(todayInParis(), -30);
    const cohort = await t.http.post('/api/cohorts').set(...bearer(tenant.advisor)).send(cohortBody({ startDate: start, endDate: addDays(start, 180) })).expect(201);
    return (await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(tenant.advisor)).send(projectBody({ title })).expect(201)).body.id;
  };
  const draft = async (tenant: TenantFixture, project: string, body: object = {}) => (await t.http.post(`/api/projects/${project}/invoices`).set(...bearer(tenant.advisor)).send(body).expect(201)).body;
  const issue = (tenant: TenantFixture, id: string) => t.http.post(`/api/invoices/${id}/issue`).set(...bearer(tenant.advisor));

  beforeAll(async () => {
    t = await createTestApp(AppModule);
    x = await createTenant(t);
    y = await createTenant(t);
    projectX = await newProject(x);
    otherProjectX = await newProject(x, 'Usinage');
    projectY = await newProject(y);
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, projectX, x.holder.id]);
  });
  afterAll(() => t.close());

  it('billing settings: identifiers checked, admin only writes, issuing needs them', async () => {
    const d = await draft(y, projectY);
    const refused = await issue(y, d.id).expect(409);
    expect(refused.body.code).toBe('BILLING_SETTINGS_MISSING');
    const bad = await t.http.put('/api/billing-settings').set(...bearer(x.admin)).send(settingsBody({ iban: 'FR76 3000 6000 0112 3456 7890 188', vatNumber: 'FR00123456789' })).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['iban', 'vatNumber']);
    await t.http.get('/api/billing-settings').set(...bearer(x.advisor)).expect(404);
    await t.http.put('/api/billing-settings').set(...bearer(x.advisor)).send(settingsBody()).expect(403);
    const ok = await t.http.put('/api/billing-settings').set(...bearer(x.admin)).send(settingsBody({ paymentTermsDays: 30 })).expect(200);
    expect(ok.body).toMatchObject({ paymentTermsDays: 30, customerAccount: '411000', salesAccount: '706000', vatAccount: '445710', iban: 'FR7630006000011234567890189' });
    await t.http.put('/api/billing-settings').set(...bearer(y.admin)).send(settingsBody()).expect(200);
    expect((await issue(y, d.id).expect(200)).body.number).toBe(fa(1));
  });

  it('a draft without lines bills the cohort fee to the project’s company, VAT number from its SIREN', async () => {
    const d = await draft(x, projectX);
    expect(d).toMatchObject({ status: 'draft', number: null, totalExclVatCents: 249_000, totalVatCents: 49_800, totalInclVatCents: 298_800, balanceCents: 298_800, overdue: false });
    expect(d.lines).toHaveLength(1);
    expect(d.customer.vatNumber).toBe(vatNumberFromSiren(d.customer.siret.slice(0, 9)));
    expect(d.customer.city).toBe('Besançon');
    await t.http.delete(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).expect(204);
  });

  it('rounds VAT per line, half up, on a hand-computed multi-line invoice', async () => {
    const d = await draft(x, projectX, {
      lines: [
        { label: 'Frais de participation', quantity: 1, unitPriceCents: 249_000, vatRate: 20 },
        { label: 'Repas atelier', quantity: 3, unitPriceCents: 1_745, vatRate: 10 },
        { label: 'Ouvrage', quantity: 2, unitPriceCents: 1_999, vatRate: 5.5 },
        { label: 'Déplacement', quantity: 1.5, unitPriceCents: 3_333, vatRate: 20 },
      ],
    });
    expect(d.lines.map((l: { vatCents: number }) => l.vatCents)).toEqual([49_800, 524, 220, 1_000]);
    expect(d).toMatchObject({ totalExclVatCents: 263_233, totalVatCents: 51_544, totalInclVatCents: 314_777 });
    const bad = await t.http.post(`/api/projects/${projectX}/invoices`).set(...bearer(x.advisor)).send({ lines: [{ label: 'x', quantity: 1, unitPriceCents: 100, vatRate: 19.6 }] }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http.delete(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).expect(204);
  });

  it('100 concurrent issues → numbers 1..100, no gap, no duplicate; another tenant counts on its own; a rolled-back issue leaves no hole', async () => {
    const z = await createTenant(t);
    const w = await createTenant(t);
    for (const tenant of [z, w]) await t.http.put('/api/billing-settings').set(...bearer(tenant.admin)).send(settingsBody()).expect(200);
    const pz = await newProject(z);
    const pw = await newProject(w);
    const drafts: string[] = [];
    for (let i = 0; i < 100; i += 1) drafts.push((await draft(z, pz)).id);
    const wDrafts: string[] = [];
    for (let i = 0; i < 10; i += 1) wDrafts.push((await draft(w, pw)).id);

    const results = await Promise.all([...drafts.map((id) => issue(z, id)), ...wDrafts.map((id) => issue(w, id))]);
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const zNumbers = results.slice(0, 100).map((r) => r.body.number as string).sort();
    const wNumbers = results.slice(100).map((r) => r.body.number as string).sort();
    expect(zNumbers).toEqual(Array.from({ length: 100 }, (_, i) => fa(i + 1)));
    expect(wNumbers).toEqual(Array.from({ length: 10 }, (_, i) => fa(i + 1)));

    // A failure after the number was taken (a trigger refuses the update): everything rolls back.
    const failing = await draft(z, pz, { lines: [{ label: 'ÉCHEC FORCÉ', quantity: 1, unitPriceCents: 100, vatRate: 20 }] });
    await t.dataSource.query(`CREATE FUNCTION fail_issue() RETURNS trigger AS $$ BEGIN IF NEW.number IS NOT NULL AND NEW.lines->0->>'label' = 'ÉCHEC FORCÉ' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await t.dataSource.query(`CREATE TRIGGER fail_issue BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION fail_issue()`);
    try {
      await issue(z, failing.id).expect(500);
    } finally {
      await t.dataSource.query('DROP TRIGGER fail_issue ON invoices');
      await t.dataSource.query('DROP FUNCTION fail_issue()');
    }
    expect((await t.http.get(`/api/invoices/${failing.id}`).set(...bearer(z.advisor)).expect(200)).body).toMatchObject({ status: 'draft', number: null });
    const next = await draft(z, pz);
    expect((await issue(z, next.id).expect(200)).body.number).toBe(fa(101));
    expect((await issue(z, failing.id).expect(200)).body.number).toBe(fa(102));
  }, 60_000);

  it('an issued invoice is immutable and cannot be deleted; drafts can change', async () => {
    const d = await draft(x, projectX);
    const changed = await t.http.patch(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).send({ lines: [{ label: 'Frais réduits', quantity: 1, unitPriceCents: 100_000, vatRate: 20 }], customerAddress: { addressLine: '3 rue des Forges', postalCode: '25000', city: 'Besançon' } }).expect(200);
    expect(changed.body).toMatchObject({ totalInclVatCents: 120_000, customer: { addressLine: '3 rue des Forges' } });
    const issued = (await issue(x, d.id).expect(200)).body;
    expect(issued).toMatchObject({ status: 'issued', issueDate: todayInParis(), dueDate: addDays(todayInParis(), 30) });
    expect(issued.number).toMatch(new RegExp(`^FA-${YEAR}-\\d{5}$`));
    expect(issued.seller).toMatchObject({ iban: 'FR7630006000011234567890189', paymentTermsDays: 30 });
    expect((await t.http.patch(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).send({ lines: [{ label: 'x', quantity: 1, unitPriceCents: 1, vatRate: 20 }] }).expect(409)).body.code).toBe('INVOICE_IMMUTABLE');
    expect((await t.http.delete(`/api/invoices/${d.id}`).set(...bearer(x.admin)).expect(409)).body.code).toBe('INVOICE_IMMUTABLE');
    expect((await issue(x, d.id).expect(409)).body.code).toBe('INVOICE_ALREADY_ISSUED');
    const after = (await t.http.get(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).expect(200)).body;
    expect(after).toMatchObject({ number: issued.number, totalInclVatCents: 120_000 });
  });

  it('payments: partial then full, never beyond the balance (422, nothing recorded)', async () => {
    const d = await draft(x, projectX);
    await t.http.post(`/api/invoices/${d.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: 1000, paidAt: todayInParis(), method: 'transfer' }).expect(409);
    await issue(x, d.id).expect(200);
    const part = await t.http.post(`/api/invoices/${d.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: 100_000, paidAt: todayInParis(), method: 'transfer', reference: 'VIR 123' }).expect(201);
    expect(part.body).toMatchObject({ status: 'partially_paid', paidCents: 100_000, balanceCents: 198_800 });
    const over = await t.http.post(`/api/invoices/${d.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: 198_801, paidAt: todayInParis(), method: 'check' }).expect(422);
    expect(over.body.code).toBe('PAYMENT_EXCEEDS_BALANCE');
    await t.http.post(`/api/invoices/${d.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: 10, paidAt: addDays(todayInParis(), 1), method: 'check' }).expect(422);
    const still = (await t.http.get(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).expect(200)).body;
    expect(still).toMatchObject({ paidCents: 100_000, status: 'partially_paid' });
    expect(still.payments).toHaveLength(1);
    const full = await t.http.post(`/api/invoices/${d.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: 198_800, paidAt: todayInParis(), method: 'card' }).expect(201);
    expect(full.body).toMatchObject({ status: 'paid', balanceCents: 0, overdue: false });
    await t.http.post(`/api/invoices/${d.id}/payments`).set(...bearer(x.advisor)).send({ amountCents: 1, paidAt: todayInParis(), method: 'card' }).expect(409);
  });

  it('credit notes: own numbered sequence, partial then full cancels the invoice; overdue from the due date', async () => {
    const d = await draft(x, projectX);
    await t.http.post(`/api/invoices/${d.id}/credit-notes`).set(...bearer(x.advisor)).send({ reason: 'x' }).expect(409);
    const issued = (await issue(x, d.id).expect(200)).body;
    const partial = await t.http.post(`/api/invoices/${d.id}/credit-notes`).set(...bearer(x.advisor)).send({ reason: 'Remise accordée', amountCents: 59_760 }).expect(201);
    expect(partial.body).toMatchObject({ number: `AV-${YEAR}-00001`, totalInclVatCents: 59_760, totalExclVatCents: 49_800, totalVatCents: 9_960 });
    const over = await t.http.post(`/api/invoices/${d.id}/credit-notes`).set(...bearer(x.advisor)).send({ reason: 'Trop', amountCents: 300_000 }).expect(422);
    expect(over.body.code).toBe('CREDIT_EXCEEDS_BALANCE');
    await t.dataSource.query(`UPDATE invoices SET due_date = $2 WHERE id = $1`, [d.id, addDays(todayInParis(), -1)]);
    const late = (await t.http.get(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).expect(200)).body;
    expect(late).toMatchObject({ overdue: true, creditedCents: 59_760, balanceCents: 239_040, status: 'issued' });
    const rest = await t.http.post(`/api/invoices/${d.id}/credit-notes`).set(...bearer(x.advisor)).send({ reason: 'Abandon du projet' }).expect(201);
    expect(rest.body).toMatchObject({ number: `AV-${YEAR}-00002`, totalInclVatCents: 239_040 });
    const cancelled = (await t.http.get(`/api/invoices/${d.id}`).set(...bearer(x.advisor)).expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', balanceCents: 0, overdue: false, number: issued.number });
    expect(cancelled.creditNotes.map((c: { number: string }) => c.number)).toEqual([`AV-${YEAR}-00001`, `AV-${YEAR}-00002`]);

    const pdf = await t.http.get(`/api/credit-notes/${rest.body.id}/pdf`).set(...bearer(x.holder)).buffer(true).parse(binary).expect(200);
    const xml = (await extractFacturXml(pdf.body as Buffer)) ?? '';
    expect(await validateFacturXml(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<ram:TypeCode>381</ram:TypeCode>');
  }, 30_000);

  it('GET /invoices/:id/pdf is a Factur-X PDF whose XML passes the EN 16931 schema', async () => {
    const d = await draft(x, projectX);
    await t.http.get(`/api/invoices/${d.id}/pdf`).set(...bearer(x.advisor)).expect(409);
    const issued = (await issue(x, d.id).expect(200)).body;
    const res = await t.http.get(`/api/invoices/${d.id}/pdf`).set(...bearer(x.advisor)).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const xml = (await extractFacturXml(body)) ?? '';
    expect(await validateFacturXml(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain(`<ram:ID>${issued.number}</ram:ID>`);
    expect(xml).toContain('<ram:GrandTotalAmount>2988.00</ram:GrandTotalAmount>');
    expect(xml).toContain(issued.customer.vatNumber);
  }, 30_000);

  it('the accounting export lists the period’s sales journal and payments (; , BOM, French headers)', async () => {
    const today = todayInParis();
    const res = await t.http.get(`/api/invoices/export.csv?from=${addDays(today, -1)}&to=${today}`).set(...bearer(x.advisor)).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).trim().split('\r\n').map((r) => r.split(';'));
    expect(rows[0]).toEqual(['Journal', 'Date', 'Numéro de pièce', 'Client', 'Compte', 'Libellé', 'Montant HT', 'TVA', 'Montant TTC']);
    expect(rows.some((r) => r[0] === 'VT' && r[2]?.startsWith('FA-') && r[8] === '2988,00' && r[6] === '2490,00' && r[7] === '498,00' && r[4] === '411000')).toBe(true);
    expect(rows.some((r) => r[0] === 'VT' && r[2] === `AV-${YEAR}-00001` && r[8] === '-597,60')).toBe(true);
    expect(rows.some((r) => r[0] === 'BQ' && r[4] === '512000' && r[8] === '1000,00')).toBe(true);
    await t.http.get(`/api/invoices/export.csv?from=${today}&to=${addDays(today, -1)}`).set(...bearer(x.advisor)).expect(422);
    // Tenant isolation: y's export holds only y's invoice.
    const yRows = (await t.http.get(`/api/invoices/export.csv?from=${addDays(today, -1)}&to=${today}`).set(...bearer(y.admin)).expect(200)).text.trim().split('\r\n');
    expect(yRows).toHaveLength(2);
  });

  it('the cohort dashboard shows the latest invoice’s status (overdue when past due), not to coaches', async () => {
    const start = addDays(todayInParis(), -30);
    const cohort = (await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody({ startDate: start, endDate: addDays(start, 180) })).expect(201)).body.id as string;
    const project = (await t.http.post(`/api/cohorts/${cohort}/projects`).set(...bearer(x.advisor)).send(projectBody({ title: 'Tableau de bord' })).expect(201)).body.id as string;
    await t.http.post(`/api/projects/${project}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);
    const status = async (user = x.advisor) => (await t.http.get(`/api/cohorts/${cohort}/dashboard`).set(...bearer(user)).expect(200)).body.projects[0].invoiceStatus as string | null;
    expect(await status()).toBeNull();
    const d = await draft(x, project);
    expect(await status()).toBe('draft');
    await issue(x, d.id).expect(200);
    expect(await status()).toBe('issued');
    await t.dataSource.query(`UPDATE invoices SET due_date = $2 WHERE id = $1`, [d.id, addDays(todayInParis(), -2)]);
    expect(await status()).toBe('overdue');
    expect(await status(x.coach)).toBeNull();
  });

  it('holders see only their own issued invoices; other tenants get 404; coaches and partners none', async () => {
    const own = await draft(x, projectX);
    await t.http.get(`/api/invoices/${own.id}`).set(...bearer(x.holder)).expect(404); // a draft
    await issue(x, own.id).expect(200);
    await t.http.get(`/api/invoices/${own.id}`).set(...bearer(x.holder)).expect(200);
    await t.http.get(`/api/invoices/${own.id}/pdf`).set(...bearer(x.holder)).expect(200);
    const other = await draft(x, otherProjectX);
    await issue(x, other.id).expect(200);
    await t.http.get(`/api/invoices/${other.id}`).set(...bearer(x.holder)).expect(404);
    await t.http.get(`/api/invoices/${other.id}/pdf`).set(...bearer(x.holder)).expect(404);
    const list = (await t.http.get('/api/invoices?limit=200').set(...bearer(x.holder)).expect(200)).body;
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { projectId: string; status: string }) => i.projectId === projectX && i.status !== 'draft')).toBe(true);
    const staff = (await t.http.get(`/api/invoices?projectId=${otherProjectX}`).set(...bearer(x.advisor)).expect(200)).body;
    expect(staff.items.map((i: { id: string }) => i.id)).toEqual([other.id]);
    await t.http.get('/api/invoices').set(...bearer(x.coach)).expect(403);
    await t.http.get(`/api/invoices/${own.id}`).set(...bearer(x.partner)).expect(403);
    await t.http.get(`/api/invoices/${own.id}`).set(...bearer(y.admin)).expect(404);
    await t.http.post(`/api/invoices/${own.id}/payments`).set(...bearer(y.advisor)).send({ amountCents: 1, paidAt: todayInParis(), method: 'cash' }).expect(404);
    await t.http.post(`/api/projects/${projectX}/invoices`).set(...bearer(y.advisor)).send({}).expect(404);
    expect((await t.http.get('/api/invoices').set(...bearer(y.admin)).expect(200)).body.items.every((i: { projectId: string }) => i.projectId === projectY)).toBe(true);
  });
});
