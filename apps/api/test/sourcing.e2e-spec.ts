import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { INestApplicationContext } from '@nestjs/common';
import { findNaf, withLuhnKey } from '@filiere/reference-data';
import { STOCK_ETABLISSEMENT_HEADER, stockEtablissementLine, StockEtablissementColumn } from '@filiere/sourcing';
import { bearer, cohortBody, createTenant, createTestApp, createUser, projectBody, TenantFixture, TestApp, UserFixture, waitUntil } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';
import { startWorker } from './worker';

/** A SIRET of a fresh SIREN: '8' + 7 digits of `n`, Luhn keys for SIREN and SIRET. */
function siretOf(n: number, nic = '0001'): string {
  return withLuhnKey(withLuhnKey(`8${String(n).padStart(7, '0')}`) + nic);
}

interface Row {
  siret: string;
  naf: string;
  commune: string;
  name?: string;
  enseigne?: string;
  band?: string;
  etat?: 'A' | 'F';
  statut?: 'O' | 'P' | 'N';
}

function line(r: Row): string {
  const values: Partial<Record<StockEtablissementColumn, string>> = {
    siren: r.siret.slice(0, 9),
    nic: r.siret.slice(9),
    siret: r.siret,
    statutDiffusionEtablissement: r.statut ?? 'O',
    dateCreationEtablissement: '2004-03-15',
    trancheEffectifsEtablissement: r.band ?? '12',
    etablissementSiege: 'true',
    codePostalEtablissement: r.statut === 'P' ? '[ND]' : '25000',
    libelleCommuneEtablissement: r.statut === 'P' ? '[ND]' : 'COMMUNE',
    codeCommuneEtablissement: r.statut === 'P' ? '[ND]' : r.commune,
    etatAdministratifEtablissement: r.etat ?? 'A',
    denominationUsuelleEtablissement: r.statut === 'P' ? '[ND]' : (r.name ?? ''),
    enseigne1Etablissement: r.enseigne ?? '',
    activitePrincipaleEtablissement: r.naf,
    nomenclatureActivitePrincipaleEtablissement: 'NAFv2',
    caractereEmployeurEtablissement: 'O',
  };
  return stockEtablissementLine(values);
}

const HEADER = STOCK_ETABLISSEMENT_HEADER.join(',');

// The directory of the test (Besançon = 25056 is the project's site).
const S = {
  usinageBesancon: siretOf(1), // 25.62B Besançon
  usinageDole: siretOf(2), // 25.62B Dole (Jura, same région)
  decolletageValentin: siretOf(3), // 25.62A École-Valentin (same EPCI)
  chaudronPontarlier: siretOf(4), // 25.11Z Pontarlier (same département)
  boulangerie: siretOf(5), // 10.71C Besançon: unrelated
  usinageLyon: siretOf(6), // 25.62B Lyon: beyond 150 km
  ownCompany: siretOf(7), // 25.62B Besançon: the project's own company
  closed: siretOf(8), // closed (F)
  partial: siretOf(9), // statut P, [ND] values
};

const GOOD_ROWS: Row[] = [
  { siret: S.usinageBesancon, naf: '25.62B', commune: '25056', name: 'Usinage Comtois', enseigne: 'UC PRECISION' },
  { siret: S.usinageDole, naf: '25.62B', commune: '39198', name: 'Mécanique du Jura', band: '11' },
  { siret: S.decolletageValentin, naf: '25.62A', commune: '25245', name: 'Décolletage Valentin', band: '21' },
  { siret: S.chaudronPontarlier, naf: '25.11Z', commune: '25462', name: 'Chaudronnerie du Haut-Doubs' },
  { siret: S.boulangerie, naf: '10.71C', commune: '25056', name: 'Boulangerie Battant' },
  { siret: S.usinageLyon, naf: '25.62B', commune: '69123', name: 'Usinage Lyonnais' },
  { siret: S.ownCompany, naf: '25.62B', commune: '25056', name: 'Hydro Relocalisation' },
  { siret: S.closed, naf: '25.62B', commune: '25056', name: 'Ancienne Mécanique', etat: 'F' },
  { siret: S.partial, naf: '25.62B', commune: '25056', statut: 'P' },
];

function stockFile(rows: Row[], extra: string[] = []): string {
  return [HEADER, ...rows.map(line), ...extra].join('\n') + '\n';
}

/** Good rows, then: an invalid SIRET, a short row (malformed), an unknown commune, a non-diffusible row. */
const FULL_FILE = stockFile(GOOD_ROWS, [
  line({ siret: '12345678901234', naf: '25.62B', commune: '25056' }),
  line({ siret: siretOf(10), naf: '25.62B', commune: '25056' }).split(',').slice(0, 20).join(','),
  line({ siret: siretOf(11), naf: '25.62B', commune: '99999' }),
  line({ siret: siretOf(12), naf: '25.62B', commune: '25056', statut: 'N' }),
  line({ siret: siretOf(13), naf: '25.62B', commune: '25056', name: 'Fin du fichier' }),
]);

describe('Sourcing: SIRENE directory, search, matching, follow-up', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let platformAdmin: UserFixture;
  let x: TenantFixture;
  let y: TenantFixture;
  let projectId: string;

  async function upload(by: UserFixture, content: string | Buffer, name = 'StockEtablissement_utf8.csv', field = 'file'): Promise<string> {
    const res = await t.http.post('/api/suppliers/imports').set(...bearer(by)).attach(field, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
    return res.body.id as string;
  }

  async function finished(by: UserFixture, id: string): Promise<Record<string, unknown>> {
    return waitUntil(async () => {
      const res = await t.http.get(`/api/suppliers/imports/${id}`).set(...bearer(by)).expect(200);
      return res.body.status === 'succeeded' || res.body.status === 'failed' ? (res.body as Record<string, unknown>) : undefined;
    }, 30_000, `import ${id}`);
  }

  async function directory(): Promise<{ siret: string; active: boolean; name: string | null; updated_at: Date }[]> {
    return t.dataSource.query(`SELECT siret, active, name, updated_at FROM suppliers ORDER BY siret`);
  }

  beforeAll(async () => {
    t = await createTestApp(AppModule, { env: { OUTBOX_RELAY_INTERVAL_MS: '100', UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'filiere-uploads-test-')), UPLOAD_MAX_MB: '1' } });
    worker = await startWorker();
    platformAdmin = await createUser(t, { role: 'platform_admin' });
    x = await createTenant(t);
    y = await createTenant(t);
    const cohort = await t.http.post('/api/cohorts').set(...bearer(x.advisor)).send(cohortBody()).expect(201);
    const project = await t.http
      .post(`/api/cohorts/${cohort.body.id}/projects`)
      .set(...bearer(x.advisor))
      .send(projectBody({ company: { siret: withLuhnKey(S.ownCompany.slice(0, 9) + '0002'), name: 'Hydro Relocalisation', nafCode: '28.12Z', communeCode: '25056', sizeBand: '12' } }))
      .expect(201);
    projectId = project.body.id;
    await t.http.post(`/api/projects/${projectId}/coaches`).set(...bearer(x.advisor)).send({ userId: x.coach.id }).expect(201);
    await t.dataSource.query(`INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'holder')`, [x.id, projectId, x.holder.id]);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  describe('import', () => {
    it('keeps active diffusible establishments, counts closed and rejected rows with French reasons', async () => {
      const id = await upload(platformAdmin, FULL_FILE);
      const run = await finished(platformAdmin, id);
      expect(run).toMatchObject({ status: 'succeeded', progress: 100, rowsRead: 14, rowsKept: 9, rowsClosed: 1, rowsRejected: 4, error: null, files: { file: 'StockEtablissement_utf8.csv' } });
      expect(run['rejectedSamples']).toEqual([
        { line: 11, reason: 'SIRET invalide (12345678901234)' },
        { line: 12, reason: 'ligne mal formée : 20 colonnes au lieu de 54' },
        { line: 13, reason: 'code commune inconnu (99999)' },
        { line: 14, reason: 'établissement non diffusible (statut « N »)' },
      ]);
      const rows = await directory();
      expect(rows.map((r) => r.siret).sort()).toEqual([...Object.values(S).filter((s) => s !== S.closed), siretOf(13)].sort());
      const partial = await t.dataSource.query(`SELECT name, commune_code, partial, pos FROM suppliers WHERE siret = $1`, [S.partial]);
      expect(partial).toEqual([{ name: null, commune_code: null, partial: true, pos: null }]);
      const besancon = await t.dataSource.query(`SELECT commune_code, departement_code, region_code, epci_code, geo_precision, search_text FROM suppliers WHERE siret = $1`, [S.usinageBesancon]);
      expect(besancon).toEqual([{ commune_code: '25056', departement_code: '25', region_code: '27', epci_code: '242500361', geo_precision: 'commune', search_text: 'usinage comtois uc precision' }]);
    });

    it('is idempotent: the same file again (gzipped) changes nothing', async () => {
      const before = await directory();
      const id = await upload(x.admin, gzipSync(Buffer.from(FULL_FILE)), 'StockEtablissement_utf8.csv.gz');
      expect(await finished(x.admin, id)).toMatchObject({ status: 'succeeded', rowsKept: 9, rowsRejected: 4 });
      expect(await directory()).toEqual(before);
    });

    it('a re-import updates in place and marks establishments closed since as inactive', async () => {
      const rows = GOOD_ROWS.map((r) => (r.siret === S.usinageLyon ? { ...r, etat: 'F' as const } : r.siret === S.usinageDole ? { ...r, name: 'Mécanique du Jura SAS' } : r));
      const id = await upload(platformAdmin, stockFile(rows));
      expect(await finished(platformAdmin, id)).toMatchObject({ status: 'succeeded', rowsClosed: 2 });
      const after = await directory();
      expect(after.find((r) => r.siret === S.usinageLyon)?.active).toBe(false);
      expect(after.find((r) => r.siret === S.usinageDole)?.name).toBe('Mécanique du Jura SAS');
      expect(after.find((r) => r.siret === S.closed)).toBeUndefined();
      // Put Lyon back for the matching tests.
      const again = await upload(platformAdmin, stockFile(GOOD_ROWS));
      expect(await finished(platformAdmin, again)).toMatchObject({ status: 'succeeded' });
    });

    it('fails a truncated file with a clear error and leaves the directory as it was', async () => {
      const before = await directory();
      const gz = gzipSync(Buffer.from(stockFile(GOOD_ROWS.map((r) => ({ ...r, name: 'Écrasé' })))));
      const truncatedGz = await upload(platformAdmin, gz.subarray(0, gz.length - 20), 'stock.csv.gz');
      expect(await finished(platformAdmin, truncatedGz)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^StockEtablissement: .*truncated/) });
      const cut = stockFile(GOOD_ROWS.map((r) => ({ ...r, name: 'Écrasé' })));
      const truncatedCsv = await upload(platformAdmin, cut.slice(0, cut.length - 40));
      expect(await finished(platformAdmin, truncatedCsv)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^StockEtablissement: the file is truncated \(line 10 has \d+ of 54 columns\)$/) });
      const noColumn = await upload(platformAdmin, 'siren,nic,siret\n123456789,00012,12345678900012\n');
      expect(await finished(platformAdmin, noColumn)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^StockEtablissement: missing columns statutDiffusionEtablissement, codeCommuneEtablissement/) });
      expect(await directory()).toEqual(before);
      // The import record fails first; the run record follows when the worker hands the error back.
      const runs = await waitUntil(async () => {
        const rows = await t.dataSource.query<{ status: string; attempts: number }[]>(`SELECT status, attempts FROM job_runs WHERE name = 'suppliers.import' AND status = 'failed'`);
        return rows.length >= 3 ? rows : undefined;
      }, 10_000, 'three failed import runs');
      expect(runs).toEqual([{ status: 'failed', attempts: 1 }, { status: 'failed', attempts: 1 }, { status: 'failed', attempts: 1 }]);
    });

    it('refuses an upload without the stock file, and imports to other roles; tenants see only their own imports', async () => {
      const res = await t.http.post('/api/suppliers/imports').set(...bearer(x.admin)).attach('geoFile', Buffer.from('siret;y_latitude;x_longitude\n'), 'geo.csv').expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file', message: expect.stringContaining('required') }] });
      // Parts other than the three files are refused while streaming; a file already written is removed.
      const written = (): string[] => readdirSync(t.config.uploadDir).filter((f) => f.startsWith('sirene-')).sort();
      const filesBefore = written();
      const other = await t.http.post('/api/suppliers/imports').set(...bearer(x.admin)).attach('file', Buffer.from(FULL_FILE), 'stock.csv').attach('photo', Buffer.from('x'), 'x.png').expect(400);
      expect(other.body).toMatchObject({ code: 'UNEXPECTED_FILE', message: expect.stringContaining('"photo"') });
      const twice = await t.http.post('/api/suppliers/imports').set(...bearer(x.admin)).attach('file', Buffer.from(FULL_FILE), 'a.csv').attach('file', Buffer.from(FULL_FILE), 'b.csv').expect(400);
      expect(twice.body).toMatchObject({ code: 'TOO_MANY_FILES', message: 'At most 1 file in field "file"' });
      const field = await t.http.post('/api/suppliers/imports').set(...bearer(x.admin)).field('note', 'x').attach('file', Buffer.from(FULL_FILE), 'stock.csv').expect(400);
      expect(field.body).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.any(String) });
      // Over UPLOAD_MAX_MB (1 MB here): 413 while streaming, and the partial file is removed.
      const big = await t.http.post('/api/suppliers/imports').set(...bearer(x.admin)).attach('file', Buffer.alloc(1024 * 1024 + 1, 0x41), 'big.csv').expect(413);
      expect(big.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(written()).toEqual(filesBefore);
      for (const u of [x.advisor, x.coach, x.holder, x.partner]) {
        await t.http.post('/api/suppliers/imports').set(...bearer(u)).attach('file', Buffer.from(FULL_FILE), 'stock.csv').expect(403);
      }
      const mine = await t.http.get('/api/suppliers/imports').set(...bearer(x.admin)).expect(200);
      expect(mine.body.items).toHaveLength(1);
      await t.http.get(`/api/suppliers/imports/${mine.body.items[0].id}`).set(...bearer(y.admin)).expect(404);
      const all = await t.http.get('/api/suppliers/imports').set(...bearer(platformAdmin)).expect(200);
      expect(all.body.items.length).toBeGreaterThanOrEqual(6);
    });
    it('takes exact coordinates from the geolocated file and names and categories from StockUniteLegale', async () => {
      const geo = `siret;x;y;qualite_xy;epsg;plg_code_commune;y_latitude;x_longitude\n${S.partial};893000;6246000;11;2154;13055;43.2965;5.3698\n`;
      const ul = `siren,statutDiffusionUniteLegale,denominationUniteLegale,categorieEntreprise,categorieJuridiqueUniteLegale\n${S.partial.slice(0, 9)},O,SOCIETE PARTIELLE,PME,5710\n${S.usinageDole.slice(0, 9)},O,MECANIQUE DU JURA SAS,ETI,5710\n`;
      const res = await t.http
        .post('/api/suppliers/imports')
        .set(...bearer(platformAdmin))
        .attach('file', Buffer.from(stockFile(GOOD_ROWS)), 'StockEtablissement.csv')
        .attach('geoFile', Buffer.from(geo), 'GeolocalisationEtablissement.csv')
        .attach('unitesLegalesFile', Buffer.from(ul), 'StockUniteLegale.csv')
        .expect(202);
      expect(await finished(platformAdmin, res.body.id)).toMatchObject({ status: 'succeeded', files: { file: 'StockEtablissement.csv', geoFile: 'GeolocalisationEtablissement.csv', unitesLegalesFile: 'StockUniteLegale.csv' } });
      const rows = await t.dataSource.query(`SELECT siret, name, company_category, lat, lon, geo_precision, pos IS NOT NULL AS located FROM suppliers WHERE siret = ANY ($1) ORDER BY siret`, [[S.partial, S.usinageDole]]);
      expect(rows).toEqual([
        // The establishment's own name wins over the legal unit's; the category comes from the legal unit.
        { siret: S.usinageDole, name: 'Mécanique du Jura', company_category: 'ETI', lat: expect.any(Number), lon: expect.any(Number), geo_precision: 'commune', located: true },
        { siret: S.partial, name: 'SOCIETE PARTIELLE', company_category: 'PME', lat: 43.2965, lon: 5.3698, geo_precision: 'exact', located: true },
      ]);
    });
  });

  describe('GET /api/suppliers', () => {
    it('filters by NAF prefix and by text, in a stable paginated order', async () => {
      const byNaf = await t.http.get('/api/suppliers?naf=25.62&limit=2').set(...bearer(x.advisor)).expect(200);
      expect(byNaf.body.items).toHaveLength(2);
      const rest = await t.http.get(`/api/suppliers?naf=25.62&limit=50&cursor=${byNaf.body.nextCursor}`).set(...bearer(x.advisor)).expect(200);
      const all = [...byNaf.body.items, ...rest.body.items].map((s: { siret: string }) => s.siret);
      expect(all.sort()).toEqual([S.usinageBesancon, S.usinageDole, S.decolletageValentin, S.usinageLyon, S.ownCompany, S.partial, siretOf(13)].sort());
      const text = await t.http.get('/api/suppliers?q=usinage').set(...bearer(x.coach)).expect(200);
      expect(text.body.items.map((s: { name: string }) => s.name).sort()).toEqual(['Usinage Comtois', 'Usinage Lyonnais']);
      // Accents and case as users type them: the search text is folded, and so is the query.
      const accented = await t.http.get(`/api/suppliers?q=${encodeURIComponent('MÉCANIQUE du')}`).set(...bearer(x.coach)).expect(200);
      expect(accented.body.items.map((s: { name: string }) => s.name)).toEqual(['Mécanique du Jura']);
      expect(text.body.items.find((s: { siret: string }) => s.siret === S.usinageBesancon)).toMatchObject({
        nafCode: '25.62B',
        nafLabel: 'Mécanique industrielle',
        communeCode: '25056',
        communeName: 'Besançon',
        sizeBand: '12',
        sizeLabel: '20 à 49 salariés',
      });
    });

    it('lists nearest first within the radius, with distances', async () => {
      const res = await t.http.get('/api/suppliers?near=25056&radiusKm=60&naf=25').set(...bearer(x.advisor)).expect(200);
      const items = res.body.items as { siret: string; distanceKm: number }[];
      // École-Valentin has no GeoNames point of its own: it takes the chef-lieu's (Besançon), 0 km too.
      expect(items.filter((s) => s.distanceKm === 0).map((s) => s.siret).sort()).toEqual([S.usinageBesancon, S.decolletageValentin, S.ownCompany, siretOf(13)].sort());
      const distances = items.map((s) => s.distanceKm);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      expect(items.every((s) => s.distanceKm <= 60)).toBe(true);
      expect(items.map((s) => s.siret)).toContain(S.chaudronPontarlier);
      expect(items.map((s) => s.siret)).not.toContain(S.usinageLyon);
      expect(items.map((s) => s.siret)).not.toContain(S.partial);
    });

    it('says what is wrong with a bad query', async () => {
      const res = await t.http.get('/api/suppliers?naf=99.99&near=99999&q=ab').set(...bearer(x.advisor)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['q']);
      const res2 = await t.http.get('/api/suppliers?naf=99.99&near=99999').set(...bearer(x.advisor)).expect(400);
      expect(res2.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['naf', 'near']);
      const res3 = await t.http.get('/api/suppliers?radiusKm=20').set(...bearer(x.advisor)).expect(400);
      expect(res3.body.errors).toEqual([{ field: 'radiusKm', message: 'radiusKm needs near' }]);
      for (const u of [x.holder, x.partner]) await t.http.get('/api/suppliers').set(...bearer(u)).expect(403);
    });
  });

  describe('annotations and matching', () => {
    let requestId: string;

    it('keeps a tenant’s knowledge of a company to itself', async () => {
      const put = await t.http
        .put(`/api/suppliers/${S.chaudronPontarlier}/annotation`)
        .set(...bearer(x.coach))
        .send({ capabilities: ['Usinage 5 axes', 'tôlerie fine'], certifications: ['ISO 9001'], notes: 'Visite en mars', contactEmail: 'achats@chaudron.fr' })
        .expect(200);
      expect(put.body).toMatchObject({ capabilities: ['Usinage 5 axes', 'tôlerie fine'], certifications: ['ISO 9001'], contactEmail: 'achats@chaudron.fr' });
      const mine = await t.http.get(`/api/suppliers/${S.chaudronPontarlier}`).set(...bearer(x.advisor)).expect(200);
      expect(mine.body.annotation).toMatchObject({ notes: 'Visite en mars' });
      const theirs = await t.http.get(`/api/suppliers/${S.chaudronPontarlier}`).set(...bearer(y.advisor)).expect(200);
      expect(theirs.body.annotation).toBeNull();
      await t.http.put(`/api/suppliers/${S.chaudronPontarlier}/annotation`).set(...bearer(x.advisor)).send({ contactEmail: 'pas un email' }).expect(400);
      await t.http.put(`/api/suppliers/${withLuhnKey('7000000000000')}/annotation`).set(...bearer(x.advisor)).send({ notes: 'x' }).expect(404);
    });

    it('ranks candidates of an upstream need with the reasons, never the project’s own company', async () => {
      const res = await t.http
        .post(`/api/projects/${projectId}/sourcing-requests`)
        .set(...bearer(x.coach))
        .send({ direction: 'upstream', label: 'Pièces usinées', nafCodes: ['25.62B'], radiusKm: 150 })
        .expect(202);
      requestId = res.body.id;
      expect(res.body).toMatchObject({ status: 'queued', nafCodes: ['25.62B'], radiusKm: 150 });
      const done = await waitUntil(async () => {
        const r = await t.http.get(`/api/sourcing-requests/${requestId}`).set(...bearer(x.advisor)).expect(200);
        return r.body.status === 'succeeded' ? r.body : undefined;
      }, 20_000, 'sourcing request');
      expect(done).toMatchObject({ progress: 100, candidateCount: 5 });
      const list = await t.http.get(`/api/sourcing-requests/${requestId}/candidates`).set(...bearer(x.holder)).expect(200);
      const items = list.body.items as { rank: number; score: number; reasons: string[]; supplier: { siret: string; communeName: string } }[];
      expect(items.map((c) => c.supplier.siret)).toEqual([S.usinageBesancon, siretOf(13), S.decolletageValentin, S.usinageDole, S.chaudronPontarlier]);
      expect(items.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
      expect(items[0]).toMatchObject({ score: 85, reasons: ['même sous-classe NAF 25.62B (Mécanique industrielle)', 'même commune (Besançon)'], supplier: { communeName: 'Besançon' } });
      expect(items[2]?.reasons[0]).toBe(`même classe NAF 25.62 (${findNaf('25.62')?.label})`);
      expect(items[2]?.reasons[1]).toMatch(/^\d+(,\d)? km, même EPCI$/);
      expect(items[3]?.reasons[1]).toMatch(/^\d+ km, même région$/);
      expect(items[4]?.reasons).toEqual(expect.arrayContaining([`même division NAF 25 (${findNaf('25')?.label})`, 'capacités déclarées : Usinage 5 axes, tôlerie fine', 'certifié ISO 9001']));
    });

    it('pages candidates in rank order', async () => {
      const first = await t.http.get(`/api/sourcing-requests/${requestId}/candidates?limit=2`).set(...bearer(x.advisor)).expect(200);
      expect(first.body.items.map((c: { rank: number }) => c.rank)).toEqual([1, 2]);
      const next = await t.http.get(`/api/sourcing-requests/${requestId}/candidates?limit=2&cursor=${first.body.nextCursor}`).set(...bearer(x.advisor)).expect(200);
      expect(next.body.items.map((c: { rank: number }) => c.rank)).toEqual([3, 4]);
      await t.http.get(`/api/sourcing-requests/${requestId}/candidates?cursor=nope`).set(...bearer(x.advisor)).expect(400);
    });

    it('uses only the requesting tenant’s annotations', async () => {
      const cohort = await t.http.post('/api/cohorts').set(...bearer(y.advisor)).send(cohortBody()).expect(201);
      const project = await t.http.post(`/api/cohorts/${cohort.body.id}/projects`).set(...bearer(y.advisor)).send(projectBody()).expect(201);
      const mk = async (who: UserFixture, pid: string): Promise<{ reasons: string[] }[]> => {
        const r = await t.http.post(`/api/projects/${pid}/sourcing-requests`).set(...bearer(who)).send({ direction: 'upstream', label: 'Usinage', nafCodes: [], keywords: ['5 axes'], radiusKm: 100 }).expect(202);
        await waitUntil(async () => (await t.http.get(`/api/sourcing-requests/${r.body.id}`).set(...bearer(who))).body.status === 'succeeded', 20_000, 'request');
        return (await t.http.get(`/api/sourcing-requests/${r.body.id}/candidates`).set(...bearer(who)).expect(200)).body.items;
      };
      const forX = await mk(x.advisor, projectId);
      expect(forX).toHaveLength(1);
      expect(forX[0]?.reasons).toContain('mot-clé « 5 axes » dans les capacités déclarées');
      expect(await mk(y.advisor, project.body.id)).toEqual([]);
      await t.http.get(`/api/sourcing-requests/${requestId}`).set(...bearer(y.advisor)).expect(404);
      await t.http.get(`/api/sourcing-requests/${requestId}/candidates`).set(...bearer(x.partner)).expect(403);
    });

    it('follows a candidate up: legal status changes, note, who and when; CSV export', async () => {
      const list = await t.http.get(`/api/sourcing-requests/${requestId}/candidates`).set(...bearer(x.advisor)).expect(200);
      const first = list.body.items[0].id as string;
      await t.http.patch(`/api/sourcing-candidates/${first}`).set(...bearer(x.coach)).send({ status: 'qualified' }).expect(409);
      const upd = await t.http.patch(`/api/sourcing-candidates/${first}`).set(...bearer(x.coach)).send({ status: 'contacted', note: 'Appelé le 12/01' }).expect(200);
      expect(upd.body).toMatchObject({ status: 'contacted', note: 'Appelé le 12/01', statusChangedBy: 'Test coach', statusChangedAt: expect.any(String) });
      await t.http.patch(`/api/sourcing-candidates/${first}`).set(...bearer(x.holder)).send({ status: 'interested' }).expect(403);
      await t.http.patch(`/api/sourcing-candidates/${first}`).set(...bearer(y.advisor)).send({ status: 'interested' }).expect(404);
      await t.http.patch(`/api/sourcing-candidates/${first}`).set(...bearer(x.advisor)).send({ status: 'nope' }).expect(400);
      const filtered = await t.http.get(`/api/sourcing-requests/${requestId}/candidates?status=contacted`).set(...bearer(x.advisor)).expect(200);
      expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([first]);
      const csv = await t.http.get(`/api/sourcing-requests/${requestId}/candidates.csv`).set(...bearer(x.advisor)).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const text = csv.text;
      expect(text.startsWith('\uFEFFRang;SIRET;Raison sociale;Code NAF;Code commune;Commune;Distance (km);Score;Raisons;Statut;Note;Modifié par;Modifié le')).toBe(true);
      expect(text).toContain(`1;${S.usinageBesancon};Usinage Comtois;25.62B;25056;Besançon;0;85;`);
      expect(text).toContain('contacté;Appelé le 12/01;Test coach;');
    });

    it('refuses a bad request with field errors and creates nothing', async () => {
      const res = await t.http.post(`/api/projects/${projectId}/sourcing-requests`).set(...bearer(x.advisor)).send({ direction: 'sideways', label: '', nafCodes: ['99.99Z'], sizeBands: ['77'] }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const res2 = await t.http.post(`/api/projects/${projectId}/sourcing-requests`).set(...bearer(x.advisor)).send({ direction: 'upstream', label: 'x', nafCodes: ['99.99Z'], sizeBands: ['77'] }).expect(400);
      expect(res2.body.errors.map((e: { field: string }) => e.field)).toEqual(['nafCodes.0', 'sizeBands.0']);
      await t.http.post(`/api/projects/${projectId}/sourcing-requests`).set(...bearer(x.advisor)).send({ direction: 'upstream', label: 'x', nafCodes: [] }).expect(400);
      await t.http.post(`/api/projects/${projectId}/sourcing-requests`).set(...bearer(y.advisor)).send({ direction: 'upstream', label: 'x', nafCodes: ['25.62B'] }).expect(404);
      const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM sourcing_requests WHERE project_id = $1`, [projectId]);
      expect(count).toEqual([{ n: 2 }]);
    });
  });
});
