import { unlink } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { FieldError, notFound, validationFailed } from '@filiere/platform/errors';
import { DEFAULT_PAGE_SIZE, Page, PageQuery, paginate, mapPage } from '@filiere/platform/http';
import { JobsService } from '@filiere/platform/queue';
import { communePoint, findCommune, findHeadcountBand, findNaf, isValidSiret, normalizeNafCode } from '@filiere/reference-data';
import { decodeListCursor, encodeListCursor } from './cursor';
import { likeContaining } from './ranking';
import { haversineSql, PLANAR_RADIUS_FACTOR, planar } from './geo-index';
import { AnnotationDto, AnnotationView, DEFAULT_SEARCH_RADIUS_KM, ImportView, SupplierDetailView, SupplierSearchQuery, SupplierView } from './sourcing.dto';
import { SupplierAnnotation } from './sourcing.entities';
import { SupplierImport } from './supplier.entity';

interface SupplierRow {
  siret: string;
  siren: string;
  name: string | null;
  enseigne: string | null;
  naf_code: string | null;
  commune_code: string | null;
  postal_code: string | null;
  size_band: string | null;
  company_category: string | null;
  head_office: boolean;
  active: boolean;
  geo_precision: string | null;
  created_on: string | null;
  employer: boolean | null;
  distance_km?: number | null;
}

const COLUMNS = `s.siret, s.siren, s.name, s.enseigne, s.naf_code, s.commune_code, s.postal_code, s.size_band, s.company_category, s.head_office, s.active, s.geo_precision, to_char(s.created_on, 'YYYY-MM-DD') AS created_on, s.employer`;

export function supplierView(r: SupplierRow): SupplierView {
  return {
    siret: r.siret,
    siren: r.siren,
    name: r.name ?? r.enseigne,
    enseigne: r.enseigne,
    nafCode: r.naf_code,
    nafLabel: r.naf_code ? (findNaf(r.naf_code)?.label ?? null) : null,
    communeCode: r.commune_code,
    communeName: r.commune_code ? (findCommune(r.commune_code)?.name ?? null) : null,
    postalCode: r.postal_code,
    sizeBand: r.size_band,
    sizeLabel: r.size_band ? (findHeadcountBand(r.size_band)?.label ?? null) : null,
    companyCategory: r.company_category,
    headOffice: r.head_office,
    active: r.active,
    geoPrecision: r.geo_precision,
    ...(r.distance_km === undefined || r.distance_km === null ? {} : { distanceKm: Math.round(r.distance_km * 10) / 10 }),
  };
}

function annotationView(a: SupplierAnnotation): AnnotationView {
  return {
    capabilities: a.capabilities,
    certifications: a.certifications,
    notes: a.notes,
    contactName: a.contactName,
    contactEmail: a.contactEmail,
    contactPhone: a.contactPhone,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function importView(i: SupplierImport): ImportView {
  return {
    id: i.id,
    status: i.status,
    progress: i.progress,
    rowsRead: i.rowsRead,
    rowsKept: i.rowsKept,
    rowsClosed: i.rowsClosed,
    rowsRejected: i.rowsRejected,
    rejectedSamples: i.rejectedSamples,
    error: i.error,
    files: Object.fromEntries(Object.entries(i.files).map(([k, f]) => [k, f.name])),
    startedAt: i.startedAt?.toISOString() ?? null,
    finishedAt: i.finishedAt?.toISOString() ?? null,
    createdAt: i.createdAt.toISOString(),
  };
}

/** A NAF code or prefix as the directory stores it ('2562b' → '25.62B', '25.6' stays). */
export function nafPrefix(input: string): string | null {
  const code = normalizeNafCode(input) ?? input.trim().toUpperCase();
  return /^\d\d(\.\d{1,2}[A-Z]?)?$/.test(code) && findNaf(code) ? code : null;
}

interface Cursor {
  /** Offset for nearest-first pages; (naf, siret) or siret keyset otherwise. */
  o?: number;
  n?: string;
  s?: string;
}

const encode = (c: Cursor): string => encodeListCursor(c);

const decode = (cursor: string): Cursor =>
  decodeListCursor<Cursor>(cursor, (c) => (c.o === undefined || (Number.isInteger(c.o) && c.o >= 0 && c.o <= 100_000)) && (c.s === undefined || /^\d{14}$/.test(c.s)));

export type UploadedFiles = Partial<Record<'file' | 'geoFile' | 'unitesLegalesFile', { path: string; originalname: string; size: number }[]>>;

@Injectable()
export class SuppliersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  /** The shared directory, filtered and paginated; nearest first when `near` is given. */
  async search(query: SupplierSearchQuery): Promise<Page<SupplierView>> {
    const errors: FieldError[] = [];
    const naf = query.naf === undefined ? undefined : nafPrefix(query.naf);
    if (naf === null) errors.push({ field: 'naf', message: 'naf must be a NAF rév. 2 code or prefix (e.g. 25, 25.6, 25.62, 25.62B)' });
    const point = query.near ? communePoint(query.near) : undefined;
    if (query.near && !findCommune(query.near)) errors.push({ field: 'near', message: `unknown commune code ${query.near}` });
    else if (query.near && !point) errors.push({ field: 'near', message: `commune ${query.near} has no known location` });
    if (query.radiusKm !== undefined && !query.near) errors.push({ field: 'radiusKm', message: 'radiusKm needs near' });
    if (errors.length) throw validationFailed(errors);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = query.cursor ? decode(query.cursor) : {};
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = ['s.active'];
    if (naf) where.push(`s.naf_code >= ${p(naf)} AND s.naf_code < ${p(`${naf}~`)}`);
    // Folded as the search text is (« Mécanique » finds « MECANIQUE »).
    if (query.q) where.push(`s.search_text LIKE ${p(likeContaining(query.q))}`);
    if (point) {
      const radius = query.radiusKm ?? DEFAULT_SEARCH_RADIUS_KM;
      const { x, y } = planar(point.lat, point.lon);
      const centre = `point(${p(x)}::float8, ${p(y)}::float8)`;
      const distance = haversineSql(`${p(point.lat)}::float8`, `${p(point.lon)}::float8`, 's.lat', 's.lon');
      const offset = cursor.o ?? 0;
      // The GiST index gives rows nearest first; the planar circle is widened, the exact distance filters.
      const rows = await this.dataSource.query<SupplierRow[]>(
        `SELECT * FROM (SELECT ${COLUMNS}, ${distance} AS distance_km FROM suppliers s
           WHERE ${where.join(' AND ')} AND s.pos IS NOT NULL AND s.pos <@ circle(${centre}, ${p(radius * PLANAR_RADIUS_FACTOR)}::float8)
           ORDER BY s.pos <-> ${centre} LIMIT ${p(offset + limit + 1 + 200)}) x
         WHERE x.distance_km <= ${p(radius)} ORDER BY x.distance_km, x.siret OFFSET ${p(offset)} LIMIT ${p(limit + 1)}`,
        params,
      );
      return { items: rows.slice(0, limit).map(supplierView), nextCursor: rows.length > limit ? encode({ o: offset + limit }) : null };
    }
    if (naf) {
      if (cursor.n !== undefined && cursor.s) where.push(`(s.naf_code, s.siret) > (${p(cursor.n)}, ${p(cursor.s)})`);
      const rows = await this.dataSource.query<SupplierRow[]>(`SELECT ${COLUMNS} FROM suppliers s WHERE ${where.join(' AND ')} ORDER BY s.naf_code, s.siret LIMIT ${p(limit + 1)}`, params);
      const last = rows[limit - 1];
      return { items: rows.slice(0, limit).map(supplierView), nextCursor: rows.length > limit && last ? encode({ n: last.naf_code ?? '', s: last.siret }) : null };
    }
    if (cursor.s) where.push(`s.siret > ${p(cursor.s)}`);
    const rows = await this.dataSource.query<SupplierRow[]>(`SELECT ${COLUMNS} FROM suppliers s WHERE ${where.join(' AND ')} ORDER BY s.siret LIMIT ${p(limit + 1)}`, params);
    const last = rows[limit - 1];
    return { items: rows.slice(0, limit).map(supplierView), nextCursor: rows.length > limit && last ? encode({ s: last.siret }) : null };
  }

  async get(actor: TenantActor, siret: string): Promise<SupplierDetailView> {
    if (!isValidSiret(siret)) throw notFound('Supplier');
    const [row] = await this.dataSource.query<SupplierRow[]>(`SELECT ${COLUMNS} FROM suppliers s WHERE s.siret = $1`, [siret]);
    if (!row) throw notFound('Supplier');
    const annotation = await this.dataSource.getRepository(SupplierAnnotation).findOneBy({ tenantId: actor.tenantId, siret });
    return { ...supplierView(row), createdOn: row.created_on, employer: row.employer, annotation: annotation ? annotationView(annotation) : null };
  }

  /** The tenant's own knowledge of a company: created or replaced field by field. */
  async annotate(actor: TenantActor, siret: string, dto: AnnotationDto): Promise<AnnotationView> {
    if (!isValidSiret(siret)) throw notFound('Supplier');
    return this.dataSource.transaction(async (m) => {
      const [exists] = await m.query<{ siret: string }[]>(`SELECT siret FROM suppliers WHERE siret = $1`, [siret]);
      if (!exists) throw notFound('Supplier');
      const repo = m.getRepository(SupplierAnnotation);
      // Serialises concurrent edits of the same annotation.
      await m.query(`INSERT INTO supplier_annotations (tenant_id, siret) VALUES ($1, $2) ON CONFLICT (tenant_id, siret) DO NOTHING`, [actor.tenantId, siret]);
      const current = await repo.createQueryBuilder('a').setLock('pessimistic_write').where('a.tenant_id = :t AND a.siret = :s', { t: actor.tenantId, s: siret }).getOneOrFail();
      const before = annotationView(current);
      if (dto.capabilities !== undefined) current.capabilities = [...new Set(dto.capabilities)];
      if (dto.certifications !== undefined) current.certifications = [...new Set(dto.certifications)];
      if (dto.notes !== undefined) current.notes = dto.notes;
      if (dto.contactName !== undefined) current.contactName = dto.contactName || null;
      if (dto.contactEmail !== undefined) current.contactEmail = dto.contactEmail || null;
      if (dto.contactPhone !== undefined) current.contactPhone = dto.contactPhone || null;
      current.updatedByUserId = actor.userId;
      const saved = await repo.save(current);
      const after = annotationView(saved);
      await this.audit.record(m, actor, { action: 'supplier.annotate', entity: 'supplier_annotation', entityId: saved.id, before: { ...before, updatedAt: undefined }, after: { ...after, updatedAt: undefined } });
      return after;
    });
  }

  /** Records the upload and queues its import (outbox: same transaction). */
  async startImport(actor: Actor, files: UploadedFiles): Promise<{ id: string; status: 'queued' }> {
    const stock = files.file?.[0];
    const all = Object.values(files).flatMap((f) => f ?? []);
    if (!stock) {
      await Promise.all(all.map((f) => unlink(f.path).catch(() => undefined)));
      throw validationFailed([{ field: 'file', message: 'file (the StockEtablissement CSV, plain or .gz) is required' }]);
    }
    const stored: SupplierImport['files'] = {};
    for (const [role, list] of Object.entries(files)) {
      const f = list?.[0];
      if (f) stored[role] = { path: f.path, name: f.originalname.slice(0, 200), size: f.size };
    }
    return this.dataSource.transaction(async (m) => {
      const row = await m.getRepository(SupplierImport).save(m.getRepository(SupplierImport).create({ tenantId: actor.tenantId, createdByUserId: actor.userId, files: stored }));
      await this.jobs.enqueue(m, 'suppliers.import', { importId: row.id }, { tenantId: actor.tenantId, userId: actor.userId });
      await this.audit.record(m, actor, { action: 'supplier_import.create', entity: 'supplier_import', entityId: row.id, after: { files: Object.fromEntries(Object.entries(stored).map(([k, f]) => [k, f.name])) } });
      return { id: row.id, status: 'queued' as const };
    });
  }

  /** The platform admin sees every import; a tenant admin those of their tenant. */
  async getImport(actor: Actor, id: string): Promise<ImportView> {
    const row = await this.dataSource.getRepository(SupplierImport).findOneBy({ id });
    if (!row || (actor.role !== 'platform_admin' && row.tenantId !== actor.tenantId)) throw notFound('Import');
    return importView(row);
  }

  async listImports(actor: Actor, page: PageQuery): Promise<Page<ImportView>> {
    const qb = this.dataSource.getRepository(SupplierImport).createQueryBuilder('i');
    if (actor.role !== 'platform_admin') qb.where('i.tenant_id = :t', { t: actor.tenantId });
    return mapPage(await paginate(qb, 'i', page), importView);
  }
}

