import type { INestApplicationContext } from '@nestjs/common';
import { findNaf, withLuhnKey } from '@filiere/reference-data';
import { STOCK_ETABLISSEMENT_HEADER, stockEtablissementLine } from '@filiere/sourcing';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, UserFixture, waitUntil } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';
import { startWorker } from './worker';

/** A SIRET of a fresh SIREN ('6' + 7 digits), Luhn keys for SIREN and SIRET. */
const siretOf = (n: number): string => withLuhnKey(withLuhnKey(`6${String(n).padStart(7, '0')}`) + '0001');

/** The directory: [siret, NAF, commune, name]. Besançon (25056) is the project's site, région 27. */
const D = {
  aero: [siretOf(1), '30.30Z', '39198', 'Aéro Comtoise'], // Dole, région 27: a buyer in the directory
  grossiste: [siretOf(2), '46.69B', '25056', 'Grossiste Industriel Bisontin'], // Besançon: a buyer in the directory
  usinageLocal: [siretOf(3), '25.62B', '25056', 'Usinage Bisontin'], // région 27
  decolletageDole: [siretOf(4), '25.62A', '39198', 'Décolletage Doloi'], // région 27
  plasturgieDijon: [siretOf(5), '22.29B', '21231', 'Plasturgie Dijonnaise'], // région 27
  plasturgieLyon: [siretOf(6), '22.29A', '69123', 'Plasturgie Lyonnaise'], // région 84
} as const;

function sireneFile(): string {
  const lines = Object.values(D).map(([siret, naf, commune, name]) =>
    stockEtablissementLine({
      siren: siret.slice(0, 9),
      nic: siret.slice(9),
      siret,
      statutDiffusionEtablissement: 'O',
      trancheEffectifsEtablissement: '12',
      etablissementSiege: 'true',
      codeCommuneEtablissement: commune,
      etatAdministratifEtablissement: 'A',
      denominationUsuelleEtablissement: name,
      activitePrincipaleEtablissement: naf,
      nomenclatureActivitePrincipaleEtablissement: 'NAFv2',
    }),
  );
  return [STOCK_ETABLISSEMENT_HEADER.join(','), ...lines].join('\n') + '\n';
}

describe('Purchase relocalisation: buyers, local buyers of a project, local-purchase index', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let x: TenantFixture;
  let y: TenantFixture;
  let projectId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(AppModule, { env: { OUTBOX_RELAY_INTERVAL_MS: '100' } });
    worker = await startWorker();
    const platformAdmin: UserFixture = await createUser(t, { role: 'platform_admin' });
    x = await createTenant(t);
    y = await createTenant(t);
    const run = await t.http.post('/api/suppliers/imports').set(...bearer(platformAdmin)).attach('file', Buffer.from(sireneFile()), 'StockEtablissement_utf8.csv').expect(202);
    await waitUntil(async () => (await t.http.get(`/api/suppliers/imports/${run.body.id}`).set(...bearer(platformAdmin))).body.status === 'succeeded', 30_000, 'SIRENE import');
    const cohort = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody()).expect(201);
    // Company 25.62B in Besançon, product « Pièces usinées » 25.62B.
    const project = await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(x.advisor)).send(projectBody()).expect(201);
    projectId = project.body.id;
    await t.http.post(`/api/projects/${projectId}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, projectId, x.holder.id]);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  describe('buyers and their purchase categories', () => {
    it('prefills a buyer from the directory, requires name and commune otherwise', async () => {
      const aero = await t.http.post('/api/buyers').set(...bearer(x.advisor)).send({ siret: D.aero[0], notes: 'Acheteur rencontré au salon' }).expect(201);
      expect(aero.body).toMatchObject({
        siret: D.aero[0],
        name: 'Aéro Comtoise',
        nafCode: '30.30Z',
        communeCode: '39198',
        communeName: 'Dole',
        regionCode: '27',
        notes: 'Acheteur rencontré au salon',
        inDirectory: true,
        categories: [],
      });
      ids.aero = aero.body.id;
      const missing = await t.http.post('/api/buyers').set(...bearer(x.advisor)).send({ siret: siretOf(90) }).expect(400);
      expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'communeCode']);
      const bad = await t.http.post('/api/buyers').set(...bearer(x.advisor)).send({ siret: '12345678901234', nafCode: '99.99Z', communeCode: '99999' }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['siret', 'nafCode', 'communeCode']);
      const fromage = await t.http.post('/api/buyers').set(...bearer(x.admin)).send({ siret: siretOf(91), name: 'Fromagerie du Doubs', nafCode: '1051c', communeCode: '25056' }).expect(201);
      expect(fromage.body).toMatchObject({ name: 'Fromagerie du Doubs', nafCode: '10.51C', communeName: 'Besançon', inDirectory: false });
      ids.fromage = fromage.body.id;
      const lyon = await t.http.post('/api/buyers').set(...bearer(x.advisor)).send({ siret: siretOf(92), name: 'Mécanique Lyonnaise', communeCode: '69123' }).expect(201);
      ids.lyon = lyon.body.id;
      const grossiste = await t.http.post('/api/buyers').set(...bearer(x.advisor)).send({ siret: D.grossiste[0] }).expect(201);
      ids.grossiste = grossiste.body.id;
      const dup = await t.http.post('/api/buyers').set(...bearer(x.advisor)).send({ siret: D.aero[0] }).expect(409);
      expect(dup.body.code).toBe('BUYER_EXISTS');
      // Another tenant may register the same company.
      await t.http.post('/api/buyers').set(...bearer(y.advisor)).send({ siret: D.aero[0] }).expect(201);
      await t.http.post('/api/buyers').set(...bearer(x.coach)).send({ siret: siretOf(93), name: 'X', communeCode: '25056' }).expect(403);
      const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity = 'buyer' AND entity_id = $1`, [ids.aero]);
      expect(audit).toEqual([{ action: 'buyer.create' }]);
    });

    it('declares purchase categories (NAF or free label, annual volume), listed with the buyer', async () => {
      const cat = await t.http.post(`/api/buyers/${ids.aero}/purchase-categories`).set(...bearer(x.advisor)).send({ nafCode: '25.62', label: 'Pièces usinées', annualVolumeCents: 50_000_000 }).expect(201);
      expect(cat.body).toMatchObject({ nafCode: '25.62', nafLabel: findNaf('25.62')?.label, label: 'Pièces usinées', annualVolumeCents: 50_000_000 });
      const defaultLabel = await t.http.post(`/api/buyers/${ids.fromage}/purchase-categories`).set(...bearer(x.advisor)).send({ nafCode: '25.62B' }).expect(201);
      expect(defaultLabel.body.label).toBe(findNaf('25.62B')?.label);
      await t.http.post(`/api/buyers/${ids.fromage}/purchase-categories`).set(...bearer(x.advisor)).send({ label: 'Emballages' }).expect(201);
      await t.http.post(`/api/buyers/${ids.lyon}/purchase-categories`).set(...bearer(x.advisor)).send({ nafCode: '25.11Z', label: 'Chaudronnerie' }).expect(201);
      await t.http.post(`/api/buyers/${ids.grossiste}/purchase-categories`).set(...bearer(x.advisor)).send({ nafCode: '25.73', label: 'Outillage' }).expect(201);
      const bad = await t.http.post(`/api/buyers/${ids.aero}/purchase-categories`).set(...bearer(x.advisor)).send({ nafCode: 'ZZ', annualVolumeCents: -1 }).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      await t.http.post(`/api/buyers/${ids.aero}/purchase-categories`).set(...bearer(x.advisor)).send({}).expect(400);
      const temp = await t.http.post(`/api/buyers/${ids.aero}/purchase-categories`).set(...bearer(x.advisor)).send({ label: 'Temporaire' }).expect(201);
      await t.http.delete(`/api/buyers/${ids.aero}/purchase-categories/${temp.body.id}`).set(...bearer(x.advisor)).expect(204);
      await t.http.delete(`/api/buyers/${ids.aero}/purchase-categories/${temp.body.id}`).set(...bearer(x.advisor)).expect(404);
      const got = await t.http.get(`/api/buyers/${ids.aero}`).set(...bearer(x.coach)).expect(200);
      expect(got.body.categories.map((c: { label: string }) => c.label)).toEqual(['Pièces usinées']);
      const list = await t.http.get('/api/buyers?limit=2').set(...bearer(x.coach)).expect(200);
      expect(list.body.items).toHaveLength(2);
      const next = await t.http.get(`/api/buyers?limit=2&cursor=${list.body.nextCursor}`).set(...bearer(x.coach)).expect(200);
      expect([...list.body.items, ...next.body.items].map((b: { id: string }) => b.id)).toEqual([ids.aero, ids.fromage, ids.lyon, ids.grossiste]);
      expect(next.body.nextCursor).toBeNull();
    });

    it('updates and deletes a buyer, with an audit trail', async () => {
      const temp = await t.http.post('/api/buyers').set(...bearer(x.advisor)).send({ siret: siretOf(94), name: 'Temporaire', communeCode: '25056' }).expect(201);
      const upd = await t.http.patch(`/api/buyers/${temp.body.id}`).set(...bearer(x.advisor)).send({ name: 'Temporaire SAS', nafCode: '28.41Z', notes: 'À rappeler' }).expect(200);
      expect(upd.body).toMatchObject({ name: 'Temporaire SAS', nafCode: '28.41Z', notes: 'À rappeler' });
      await t.http.patch(`/api/buyers/${temp.body.id}`).set(...bearer(x.advisor)).send({ communeCode: '00000' }).expect(400);
      const nulls = await t.http.patch(`/api/buyers/${temp.body.id}`).set(...bearer(x.advisor)).send({ name: null, nafCode: null }).expect(400);
      expect(nulls.body.errors).toEqual([{ field: 'name', message: 'name cannot be null' }]);
      const cleared = await t.http.patch(`/api/buyers/${temp.body.id}`).set(...bearer(x.advisor)).send({ nafCode: null }).expect(200);
      expect(cleared.body.nafCode).toBeNull();
      await t.http.patch(`/api/buyers/${temp.body.id}`).set(...bearer(x.coach)).send({ notes: 'x' }).expect(403);
      await t.http.post(`/api/buyers/${temp.body.id}/purchase-categories`).set(...bearer(x.advisor)).send({ label: 'Cartons' }).expect(201);
      await t.http.delete(`/api/buyers/${temp.body.id}`).set(...bearer(x.advisor)).expect(204);
      await t.http.get(`/api/buyers/${temp.body.id}`).set(...bearer(x.advisor)).expect(404);
      const audit = await t.dataSource.query<{ action: string }[]>(`SELECT action FROM audit_events WHERE entity = 'buyer' AND entity_id = $1 ORDER BY created_at`, [temp.body.id]);
      expect(audit.map((a) => a.action)).toEqual(['buyer.create', 'buyer.update', 'buyer.update', 'buyer.delete']);
      const left = await t.dataSource.query(`SELECT count(*)::int AS n FROM buyer_purchase_categories WHERE buyer_id = $1`, [temp.body.id]);
      expect(left).toEqual([{ n: 0 }]);
    });

    it('keeps a tenant’s buyers to itself (404 across tenants)', async () => {
      const other = y.advisor;
      await t.http.get(`/api/buyers/${ids.aero}`).set(...bearer(other)).expect(404);
      await t.http.patch(`/api/buyers/${ids.aero}`).set(...bearer(other)).send({ notes: 'x' }).expect(404);
      await t.http.delete(`/api/buyers/${ids.aero}`).set(...bearer(other)).expect(404);
      await t.http.post(`/api/buyers/${ids.aero}/purchase-categories`).set(...bearer(other)).send({ label: 'x' }).expect(404);
      await t.http.post(`/api/buyers/${ids.aero}/purchase-ledger`).set(...bearer(other)).attach('file', Buffer.from('siret;montant\n'), 'gl.csv').expect(404);
      await t.http.get(`/api/buyers/${ids.aero}/purchase-ledger-analyses`).set(...bearer(other)).expect(404);
      await t.http.get(`/api/projects/${projectId}/local-buyers`).set(...bearer(other)).expect(404);
      const theirs = await t.http.get('/api/buyers').set(...bearer(other)).expect(200);
      expect(theirs.body.items.map((b: { siret: string; categories: unknown[] }) => [b.siret, b.categories])).toEqual([[D.aero[0], []]]);
    });
  });

  describe('local buyers of a project', () => {
    it('ranks buyers by activity closeness then distance, with French reasons', async () => {
      const res = await t.http.get(`/api/projects/${projectId}/local-buyers`).set(...bearer(x.holder)).expect(200);
      const items = res.body.items as { buyer: { id: string }; closeness: string; distanceKm: number | null; reasons: string[]; matchingCategories: { label: string }[] }[];
      expect(items.map((i) => [i.buyer.id, i.closeness])).toEqual([
        [ids.fromage, 'sous-classe'],
        [ids.aero, 'classe'],
        [ids.grossiste, 'division'],
        [ids.lyon, 'division'],
      ]);
      expect(res.body.nextCursor).toBeNull();
      expect(items[0]?.reasons).toEqual([`achète « ${findNaf('25.62B')?.label} » (25.62B) : même sous-classe NAF que l'activité de l'entreprise (25.62B)`, '0 km, même commune']);
      expect(items[0]?.matchingCategories.map((c) => c.label)).toEqual([findNaf('25.62B')?.label]);
      expect(items[1]?.reasons[0]).toBe("achète « Pièces usinées » (25.62) : même classe NAF que l'activité de l'entreprise (25.62B)");
      expect(items[1]?.reasons[1]).toMatch(/^\d+(,\d)? km, même région$/);
      expect(items[1]?.reasons[2]).toBe('volume annuel déclaré : 500\u202f000 €');
      expect(items[3]?.distanceKm).toBeGreaterThan(150);
      await t.http.get(`/api/projects/${projectId}/local-buyers`).set(...bearer(x.partner)).expect(403);
    });

    it('a downstream sourcing request returns a registered buyer of the directory with its reason', async () => {
      const req = await t.http
        .post(`/api/projects/${projectId}/sourcing-requests`)
        .set(...bearer(x.advisor))
        .send({ direction: 'downstream', label: 'Donneurs d’ordre aéronautiques', nafCodes: ['30.30'], radiusKm: 150 })
        .expect(202);
      await waitUntil(async () => (await t.http.get(`/api/sourcing-requests/${req.body.id}`).set(...bearer(x.advisor))).body.status === 'succeeded', 20_000, 'downstream request');
      const list = await t.http.get(`/api/sourcing-requests/${req.body.id}/candidates`).set(...bearer(x.advisor)).expect(200);
      const items = list.body.items as { buyerId: string | null; reasons: string[]; supplier: { siret: string } }[];
      const aero = items.find((c) => c.supplier.siret === D.aero[0]);
      expect(aero).toMatchObject({ buyerId: ids.aero });
      expect(aero?.reasons).toContain('acheteur du territoire : souhaite acheter localement « Pièces usinées »');
      expect(items.find((c) => c.supplier.siret === D.grossiste[0])).toMatchObject({ buyerId: ids.grossiste });
      // A buyer outside the directory is not a candidate.
      expect(items.map((c) => c.buyerId)).not.toContain(ids.fromage);
    });
  });

  describe('local-purchase index', () => {
    const unknown = siretOf(95);
    const LEDGER = [
      '\uFEFFSIRET fournisseur;Pays;Montant HT;Catégorie',
      `${D.usinageLocal[0]};;10 000,00;`,
      `${D.plasturgieLyon[0]};FR;4 000,00;`,
      `${unknown};;1 500,50;25.62B`,
      ';Allemagne;2 500;25.62',
      ';Chine;2 000;Emballages',
      ';;5;',
    ].join('\n');

    it('computes shares by zone and the top categories bought outside the région with local suppliers', async () => {
      const res = await t.http.post(`/api/buyers/${ids.aero}/purchase-ledger`).set(...bearer(x.advisor)).attach('file', Buffer.from(LEDGER, 'utf8'), 'grand-livre-2025.csv').expect(201);
      // 10 000 + 4 000 + 1 500,50 + 2 500 + 2 000 = 20 000,50 €
      expect(res.body).toMatchObject({
        buyerId: ids.aero,
        fileName: 'grand-livre-2025.csv',
        result: {
          regionCode: '27',
          regionName: 'Bourgogne-Franche-Comté',
          rowsRead: 6,
          rowsUsed: 5,
          rowsRejected: 1,
          rejectedSamples: [{ line: 7, reason: 'ni SIRET ni pays du fournisseur' }],
          totalCents: 2000050,
          zones: {
            ownRegion: { amountCents: 1000000, share: 50 },
            restOfFrance: { amountCents: 550050, share: 27.5 },
            restOfEurope: { amountCents: 250000, share: 12.5 },
            outsideEurope: { amountCents: 200000, share: 10 },
          },
          unknownRegion: { amountCents: 150050, share: 7.5 },
          outsideRegionCents: 1000050,
          topOutsideCategories: [
            { code: '25.62', label: findNaf('25.62')?.label, amountCents: 400050, share: 40, localSuppliers: 2 },
            { code: '22.29', label: findNaf('22.29')?.label, amountCents: 400000, share: 40, localSuppliers: 1 },
            { code: null, label: 'Emballages', amountCents: 200000, share: 20, localSuppliers: null },
          ],
        },
      });
      const comma = await t.http.post(`/api/buyers/${ids.aero}/purchase-ledger`).set(...bearer(x.admin)).attach('file', Buffer.from(`siret,country,amount\n,IT,"1,000.00"\n`), 'ledger.csv').expect(201);
      expect(comma.body.result.zones.restOfEurope).toEqual({ amountCents: 100000, share: 100 });
      const list = await t.http.get(`/api/buyers/${ids.aero}/purchase-ledger-analyses`).set(...bearer(x.coach)).expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([comma.body.id, res.body.id]);
      const audit = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity = 'purchase_ledger_analysis' AND entity_id = $1`, [res.body.id]);
      expect(audit).toEqual([{ action: 'purchase_ledger.analyse' }]);
    });

    it('refuses an unreadable ledger with a field error and stores nothing', async () => {
      const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM purchase_ledger_analyses`);
      const noAmount = await t.http.post(`/api/buyers/${ids.aero}/purchase-ledger`).set(...bearer(x.advisor)).attach('file', Buffer.from('siret;pays\n1;FR\n'), 'gl.csv').expect(400);
      expect(noAmount.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file', message: 'no amount column (montant / amount)' }] });
      const noFile = await t.http.post(`/api/buyers/${ids.aero}/purchase-ledger`).set(...bearer(x.advisor)).expect(400);
      expect(noFile.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('required') }]);
      await t.http.post(`/api/buyers/${ids.aero}/purchase-ledger`).set(...bearer(x.coach)).attach('file', Buffer.from(LEDGER), 'gl.csv').expect(403);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM purchase_ledger_analyses`)).toEqual(before);
    });
  });
});
