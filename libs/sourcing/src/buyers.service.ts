import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AccessService } from '@filiere/access';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { conflict, FieldError, notFound, validationFailed } from '@filiere/platform/errors';
import { DEFAULT_PAGE_SIZE, decodeCursor, mapPage, Page, PageQuery, paginate, toPage } from '@filiere/platform/http';
import { distanceKm, findCommune, findNaf, isValidSiret, nafCloseness, NafLevel, normalizeNafCode } from '@filiere/reference-data';
import { BuyerView, CreateBuyerDto, CreatePurchaseCategoryDto, LocalBuyerView, PurchaseCategoryView, PurchaseLedgerAnalysisView, UpdateBuyerDto } from './buyers.dto';
import { analyseLedger, DirectoryFacts, LedgerFileError, parseLedger, withLocalSuppliers } from './purchase-ledger';
import { Buyer, BuyerPurchaseCategory, PurchaseLedgerAnalysis } from './sourcing.entities';

const CLOSENESS_ORDER: NafLevel[] = ['sous-classe', 'classe', 'groupe', 'division'];
const CLOSENESS_FR: Record<string, string> = { 'sous-classe': 'même sous-classe', classe: 'même classe', groupe: 'même groupe', division: 'même division' };

function categoryView(c: BuyerPurchaseCategory): PurchaseCategoryView {
  return { id: c.id, nafCode: c.nafCode, nafLabel: c.nafCode ? (findNaf(c.nafCode)?.label ?? null) : null, label: c.label, annualVolumeCents: c.annualVolumeCents, createdAt: c.createdAt.toISOString() };
}

function buyerView(b: Buyer, categories: BuyerPurchaseCategory[], inDirectory: boolean): BuyerView {
  const commune = findCommune(b.communeCode);
  return {
    id: b.id,
    siret: b.siret,
    name: b.name,
    nafCode: b.nafCode,
    nafLabel: b.nafCode ? (findNaf(b.nafCode)?.label ?? null) : null,
    communeCode: b.communeCode,
    communeName: commune?.name ?? null,
    regionCode: commune?.regionCode ?? null,
    notes: b.notes,
    inDirectory,
    categories: categories.map(categoryView),
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

function analysisView(a: PurchaseLedgerAnalysis): PurchaseLedgerAnalysisView {
  return { id: a.id, buyerId: a.buyerId, fileName: a.fileName, result: a.result as never, createdAt: a.createdAt.toISOString() };
}

/** A NAF code from division to sous-classe, normalised, or a field error. */
function nafField(raw: string, field: string, errors: FieldError[]): string | null {
  const code = normalizeNafCode(raw) ?? raw.toUpperCase();
  const entry = findNaf(code);
  if (!entry || entry.level === 'section') {
    errors.push({ field, message: `${raw} is not a NAF rév. 2 code (division to sous-classe)` });
    return null;
  }
  return entry.code;
}

const isUniqueViolation = (e: unknown): boolean => e instanceof QueryFailedError && (e.driverError as { code?: string } | undefined)?.code === '23505';

export interface LedgerUpload {
  originalname: string;
  buffer: Buffer;
}

/** Buyers of the tenant's territory, their purchase categories, local buyers of a project and the local-purchase index. */
@Injectable()
export class BuyersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private async views(buyers: Buyer[], manager: EntityManager = this.dataSource.manager): Promise<BuyerView[]> {
    if (!buyers.length) return [];
    const ids = buyers.map((b) => b.id);
    const categories = await manager.getRepository(BuyerPurchaseCategory).find({ where: { tenantId: buyers[0]?.tenantId, buyerId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const known = await manager.query<{ siret: string }[]>(`SELECT siret FROM suppliers WHERE siret = ANY ($1::char(14)[])`, [buyers.map((b) => b.siret)]);
    const inDirectory = new Set(known.map((k) => k.siret));
    return buyers.map((b) => buyerView(b, categories.filter((c) => c.buyerId === b.id), inDirectory.has(b.siret)));
  }

  private async requireBuyer(actor: TenantActor, id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Buyer> {
    const qb = manager.getRepository(Buyer).createQueryBuilder('b').where('b.id = :id AND b.tenant_id = :t', { id, t: actor.tenantId });
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw notFound('Buyer');
    return row;
  }

  async list(actor: TenantActor, page: PageQuery): Promise<Page<BuyerView>> {
    const qb = this.dataSource.getRepository(Buyer).createQueryBuilder('b').where('b.tenant_id = :t', { t: actor.tenantId });
    const result = await paginate(qb, 'b', page);
    return { items: await this.views(result.items), nextCursor: result.nextCursor };
  }

  async get(actor: TenantActor, id: string): Promise<BuyerView> {
    const [view] = await this.views([await this.requireBuyer(actor, id)]);
    return view;
  }

  async create(actor: TenantActor, dto: CreateBuyerDto): Promise<BuyerView> {
    const errors: FieldError[] = [];
    if (!isValidSiret(dto.siret)) errors.push({ field: 'siret', message: `${dto.siret} is not a valid SIRET (Luhn key)` });
    const nafCode = dto.nafCode ? nafField(dto.nafCode, 'nafCode', errors) : null;
    if (dto.communeCode && !findCommune(dto.communeCode)) errors.push({ field: 'communeCode', message: `${dto.communeCode} is not a current INSEE commune code` });
    if (errors.length) throw validationFailed(errors);
    const [known] = await this.dataSource.query<{ name: string | null; enseigne: string | null; naf_code: string | null; commune_code: string | null }[]>(
      `SELECT name, enseigne, naf_code, commune_code FROM suppliers WHERE siret = $1`,
      [dto.siret],
    );
    const name = dto.name ?? known?.name ?? known?.enseigne ?? null;
    const communeCode = dto.communeCode ?? known?.commune_code ?? null;
    if (!name) errors.push({ field: 'name', message: 'name is required: the SIRET is not in the supplier directory' });
    if (!communeCode) errors.push({ field: 'communeCode', message: 'communeCode is required: the SIRET is not in the supplier directory' });
    if (errors.length) throw validationFailed(errors);
    try {
      return await this.dataSource.transaction(async (m) => {
        const repo = m.getRepository(Buyer);
        if (await repo.existsBy({ tenantId: actor.tenantId, siret: dto.siret })) throw conflict('BUYER_EXISTS', `A buyer with SIRET ${dto.siret} is already registered`);
        const row = await repo.save(
          repo.create({ tenantId: actor.tenantId, siret: dto.siret, name: name as string, nafCode: nafCode ?? known?.naf_code ?? null, communeCode: communeCode as string, notes: dto.notes ?? '' }),
        );
        const [view] = await this.views([row], m);
        await this.audit.record(m, actor, { action: 'buyer.create', entity: 'buyer', entityId: row.id, after: { siret: row.siret, name: row.name, nafCode: row.nafCode, communeCode: row.communeCode, notes: row.notes } });
        return view;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('BUYER_EXISTS', `A buyer with SIRET ${dto.siret} is already registered`);
      throw e;
    }
  }

  async update(actor: TenantActor, id: string, dto: UpdateBuyerDto): Promise<BuyerView> {
    const errors: FieldError[] = [];
    const nafCode = dto.nafCode ? nafField(dto.nafCode, 'nafCode', errors) : dto.nafCode;
    // Optional fields accept null: only the NAF code may be cleared.
    for (const field of ['name', 'communeCode', 'notes'] as const) if ((dto[field] as unknown) === null) errors.push({ field, message: `${field} cannot be null` });
    if (dto.communeCode && !findCommune(dto.communeCode)) errors.push({ field: 'communeCode', message: `${dto.communeCode} is not a current INSEE commune code` });
    if (errors.length) throw validationFailed(errors);
    return this.dataSource.transaction(async (m) => {
      const row = await this.requireBuyer(actor, id, m, true);
      const before = { name: row.name, nafCode: row.nafCode, communeCode: row.communeCode, notes: row.notes };
      if (dto.name !== undefined) row.name = dto.name;
      if (nafCode !== undefined) row.nafCode = nafCode === '' ? null : nafCode;
      if (dto.communeCode !== undefined) row.communeCode = dto.communeCode;
      if (dto.notes !== undefined) row.notes = dto.notes;
      const saved = await m.getRepository(Buyer).save(row);
      await this.audit.record(m, actor, { action: 'buyer.update', entity: 'buyer', entityId: row.id, before, after: { name: saved.name, nafCode: saved.nafCode, communeCode: saved.communeCode, notes: saved.notes } });
      const [view] = await this.views([saved], m);
      return view;
    });
  }

  async remove(actor: TenantActor, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.requireBuyer(actor, id, m, true);
      await m.getRepository(Buyer).delete({ id: row.id, tenantId: actor.tenantId });
      await this.audit.record(m, actor, { action: 'buyer.delete', entity: 'buyer', entityId: row.id, before: { siret: row.siret, name: row.name } });
    });
  }

  async addCategory(actor: TenantActor, buyerId: string, dto: CreatePurchaseCategoryDto): Promise<PurchaseCategoryView> {
    const errors: FieldError[] = [];
    const nafCode = dto.nafCode ? nafField(dto.nafCode, 'nafCode', errors) : null;
    if (!dto.label && !dto.nafCode) errors.push({ field: 'label', message: 'give a label or a NAF code' });
    if (errors.length) throw validationFailed(errors);
    return this.dataSource.transaction(async (m) => {
      const buyer = await this.requireBuyer(actor, buyerId, m, true);
      const repo = m.getRepository(BuyerPurchaseCategory);
      const label = (dto.label ?? (nafCode ? findNaf(nafCode)?.label : undefined) ?? '').slice(0, 200);
      const row = await repo.save(repo.create({ tenantId: actor.tenantId, buyerId: buyer.id, nafCode, label, annualVolumeCents: dto.annualVolumeCents ?? null }));
      const view = categoryView(row);
      await this.audit.record(m, actor, { action: 'buyer_purchase_category.create', entity: 'buyer_purchase_category', entityId: row.id, after: { buyerId: buyer.id, nafCode, label, annualVolumeCents: row.annualVolumeCents } });
      return view;
    });
  }

  async removeCategory(actor: TenantActor, buyerId: string, categoryId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const buyer = await this.requireBuyer(actor, buyerId, m, true);
      const repo = m.getRepository(BuyerPurchaseCategory);
      const row = await repo.findOneBy({ id: categoryId, buyerId: buyer.id, tenantId: actor.tenantId });
      if (!row) throw notFound('Purchase category');
      await repo.delete({ id: row.id, tenantId: actor.tenantId });
      await this.audit.record(m, actor, { action: 'buyer_purchase_category.delete', entity: 'buyer_purchase_category', entityId: row.id, before: { buyerId: buyer.id, nafCode: row.nafCode, label: row.label } });
    });
  }

  /**
   * The tenant's buyers that could buy from the project: a purchase category whose NAF shares at
   * least a division with the project's company or one of its products; closest activity first,
   * then nearest (commune to commune), then name.
   */
  async localBuyers(actor: TenantActor, projectId: string): Promise<{ items: LocalBuyerView[]; nextCursor: null }> {
    await this.access.requireProject(actor, projectId);
    const [project] = await this.dataSource.query<{ company_siret: string; company_naf_code: string; company_commune_code: string; products: { label?: string; nafCode?: string }[] }[]>(
      `SELECT company_siret, company_naf_code, company_commune_code, products FROM projects WHERE id = $1 AND tenant_id = $2`,
      [projectId, actor.tenantId],
    );
    if (!project) throw notFound('Project');
    const activities: { code: string; what: string }[] = [{ code: project.company_naf_code, what: "l'activité de l'entreprise" }];
    for (const p of project.products ?? []) if (p.nafCode) activities.push({ code: p.nafCode, what: `le produit « ${p.label ?? p.nafCode} »` });
    const divisions = [...new Set(activities.map((a) => (normalizeNafCode(a.code) ?? a.code).slice(0, 2)))];
    const categories = await this.dataSource
      .getRepository(BuyerPurchaseCategory)
      .createQueryBuilder('c')
      .where('c.tenant_id = :t AND left(c.naf_code, 2) IN (:...d)', { t: actor.tenantId, d: divisions })
      .orderBy('c.created_at', 'ASC')
      .getMany();
    if (!categories.length) return { items: [], nextCursor: null };
    const buyers = await this.dataSource.getRepository(Buyer).findBy({ tenantId: actor.tenantId, id: In([...new Set(categories.map((c) => c.buyerId))]) });
    const views = new Map((await this.views(buyers)).map((v) => [v.id, v]));
    const items: (LocalBuyerView & { level: number })[] = [];
    for (const buyer of buyers) {
      if (buyer.siret === project.company_siret) continue;
      let best = CLOSENESS_ORDER.length;
      const reasons: string[] = [];
      const matching: BuyerPurchaseCategory[] = [];
      for (const c of categories.filter((x) => x.buyerId === buyer.id)) {
        let catBest = CLOSENESS_ORDER.length;
        let why = '';
        for (const a of activities) {
          const level = nafCloseness(c.nafCode as string, a.code);
          const rank = level ? CLOSENESS_ORDER.indexOf(level) : -1;
          if (rank >= 0 && rank < catBest) {
            catBest = rank;
            why = `achète « ${c.label} » (${c.nafCode}) : ${CLOSENESS_FR[level as string]} NAF que ${a.what} (${normalizeNafCode(a.code) ?? a.code})`;
          }
        }
        if (catBest < CLOSENESS_ORDER.length) {
          matching.push(c);
          reasons.push(why);
          best = Math.min(best, catBest);
        }
      }
      if (!matching.length) continue;
      const km = distanceKm(project.company_commune_code, buyer.communeCode);
      const distance = km === undefined ? null : Math.round(km * 10) / 10;
      const here = findCommune(project.company_commune_code);
      const there = findCommune(buyer.communeCode);
      let where = '';
      if (there && here) {
        if (there.code === here.code) where = 'même commune';
        else if (there.departementCode === here.departementCode) where = 'même département';
        else if (there.regionCode === here.regionCode) where = 'même région';
      }
      if (distance !== null) reasons.push(where ? `${String(distance).replace('.', ',')} km, ${where}` : `${String(distance).replace('.', ',')} km`);
      const volume = matching.reduce((s, c) => s + (c.annualVolumeCents ?? 0), 0);
      if (volume > 0) reasons.push(`volume annuel déclaré : ${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(volume / 100)} €`);
      const view = views.get(buyer.id) as BuyerView;
      items.push({ level: best, buyer: view, closeness: CLOSENESS_ORDER[best], distanceKm: distance, reasons, matchingCategories: matching.map(categoryView) });
    }
    items.sort((a, b) => a.level - b.level || (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || a.buyer.name.localeCompare(b.buyer.name, 'fr'));
    return { items: items.map(({ level: _level, ...rest }) => rest), nextCursor: null };
  }

  /** Parses a purchase ledger, computes the local-purchase index, stores it (one analysis per upload). */
  async analyseLedger(actor: TenantActor, buyerId: string, file: LedgerUpload | undefined): Promise<PurchaseLedgerAnalysisView> {
    if (!file) throw validationFailed([{ field: 'file', message: 'file (the purchase ledger CSV) is required' }]);
    const buyer = await this.requireBuyer(actor, buyerId);
    let parsed;
    try {
      parsed = parseLedger(file.buffer);
    } catch (e) {
      if (e instanceof LedgerFileError) throw validationFailed([{ field: 'file', message: e.message }]);
      throw e;
    }
    const regionCode = findCommune(buyer.communeCode)?.regionCode ?? null;
    const sirets = [...new Set(parsed.rows.map((r) => r.siret).filter((s): s is string => s !== null))];
    const known = sirets.length
      ? await this.dataSource.query<{ siret: string; region_code: string | null; naf_code: string | null }[]>(`SELECT siret, region_code, naf_code FROM suppliers WHERE siret = ANY ($1::char(14)[])`, [sirets])
      : [];
    const directory = new Map<string, DirectoryFacts>(known.map((k) => [k.siret, { regionCode: k.region_code, nafCode: k.naf_code }]));
    const analysis = analyseLedger(parsed, regionCode, directory);
    const prefixes = analysis.topOutsideCategories.map((c) => c.code).filter((c): c is string => c !== null);
    const counts = new Map<string, number>();
    if (regionCode && prefixes.length) {
      const rows = await this.dataSource.query<{ prefix: string; n: number }[]>(
        `SELECT p.prefix, (SELECT count(*)::int FROM suppliers s WHERE s.active AND s.region_code = $1 AND s.naf_code >= p.prefix AND s.naf_code < p.prefix || '~') AS n
         FROM unnest($2::text[]) AS p(prefix)`,
        [regionCode, prefixes],
      );
      for (const r of rows) counts.set(r.prefix, r.n);
    }
    const result = withLocalSuppliers(analysis, counts);
    return this.dataSource.transaction(async (m) => {
      await this.requireBuyer(actor, buyerId, m, true);
      const repo = m.getRepository(PurchaseLedgerAnalysis);
      const fileName = (file.originalname || 'grand-livre.csv').slice(0, 200);
      const row = await repo.save(repo.create({ tenantId: actor.tenantId, buyerId: buyer.id, fileName, result: result as never, createdByUserId: actor.userId }));
      await this.audit.record(m, actor, {
        action: 'purchase_ledger.analyse',
        entity: 'purchase_ledger_analysis',
        entityId: row.id,
        after: { buyerId: buyer.id, fileName, totalCents: result.totalCents, rowsUsed: result.rowsUsed, rowsRejected: result.rowsRejected },
      });
      return analysisView(row);
    });
  }

  /** Newest first (keyset on createdAt, id descending). */
  async listAnalyses(actor: TenantActor, buyerId: string, page: PageQuery): Promise<Page<PurchaseLedgerAnalysisView>> {
    const buyer = await this.requireBuyer(actor, buyerId);
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.getRepository(PurchaseLedgerAnalysis).createQueryBuilder('a').where('a.tenant_id = :t AND a.buyer_id = :b', { t: actor.tenantId, b: buyer.id });
    if (page.cursor) {
      const c = decodeCursor(page.cursor);
      qb.andWhere('(a.createdAt, a.id) < (:cursorAt, :cursorId)', { cursorAt: c.t, cursorId: c.i });
    }
    const rows = await qb.orderBy('a.createdAt', 'DESC').addOrderBy('a.id', 'DESC').take(limit + 1).getMany();
    return mapPage(toPage(rows, limit), analysisView);
  }
}
