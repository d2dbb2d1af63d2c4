import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { AccessService } from '@filiere/access';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { conflict, FieldError, notFound, validationFailed } from '@filiere/platform/errors';
import { DEFAULT_PAGE_SIZE, Page, PageQuery, paginate, mapPage } from '@filiere/platform/http';
import { decodeListCursor, encodeListCursor } from './cursor';
import { JobsService } from '@filiere/platform/queue';
import { findCommune, findHeadcountBand, normalizeNafCode, findNaf } from '@filiere/reference-data';
import { CandidatesQuery, CandidateView, CreateSourcingRequestDto, DEFAULT_REQUEST_RADIUS_KM, SourcingRequestView, UpdateCandidateDto } from './sourcing.dto';
import { CANDIDATE_TRANSITIONS, SourcingCandidate, SourcingRequest } from './sourcing.entities';

export function requestView(r: SourcingRequest): SourcingRequestView {
  return {
    id: r.id,
    projectId: r.projectId,
    direction: r.direction,
    label: r.label,
    nafCodes: r.nafCodes,
    keywords: r.keywords,
    radiusKm: r.radiusKm,
    sizeBands: r.sizeBands,
    status: r.status,
    progress: r.progress,
    candidateCount: r.candidateCount,
    error: r.error,
    computedAt: r.computedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

function candidateView(c: SourcingCandidate, changedBy: string | null = null): CandidateView {
  return {
    id: c.id,
    requestId: c.requestId,
    rank: c.rank,
    supplier: { siret: c.siret, name: c.name, nafCode: c.nafCode, communeCode: c.communeCode, communeName: c.communeCode ? (findCommune(c.communeCode)?.name ?? null) : null },
    distanceKm: c.distanceKm,
    score: c.score,
    reasons: c.reasons,
    status: c.status,
    note: c.note,
    buyerId: c.buyerId,
    statusChangedAt: c.statusChangedAt?.toISOString() ?? null,
    statusChangedBy: changedBy,
  };
}

const STATUS_FR: Record<string, string> = { new: 'nouveau', shortlisted: 'présélectionné', contacted: 'contacté', interested: 'intéressé', declined: 'a décliné', qualified: 'qualifié' };

/** Who may launch requests and follow candidates up: admins, advisors and the project's coaches. */
const WRITERS = new Set(['admin', 'advisor', 'coach']);

@Injectable()
export class SourcingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
  ) {}

  async create(actor: TenantActor, projectId: string, dto: CreateSourcingRequestDto): Promise<SourcingRequestView> {
    const errors: FieldError[] = [];
    const nafCodes: string[] = [];
    dto.nafCodes.forEach((raw, i) => {
      const code = normalizeNafCode(raw) ?? raw.toUpperCase();
      const entry = findNaf(code);
      if (!entry || entry.level === 'section') errors.push({ field: `nafCodes.${i}`, message: `${raw} is not a NAF rév. 2 code (division to sous-classe)` });
      else nafCodes.push(entry.code);
    });
    (dto.sizeBands ?? []).forEach((b, i) => {
      if (!findHeadcountBand(b)) errors.push({ field: `sizeBands.${i}`, message: `${b} is not a SIRENE headcount band (NN, 00, 01 … 53)` });
    });
    const keywords = [...new Set((dto.keywords ?? []).map((k) => k.trim()).filter(Boolean))];
    if (nafCodes.length === 0 && keywords.length === 0 && errors.length === 0) errors.push({ field: 'nafCodes', message: 'give at least one NAF code or one keyword' });
    if (errors.length) throw validationFailed(errors);
    return this.dataSource.transaction(async (m) => {
      await this.access.requireProject(actor, projectId, m);
      const repo = m.getRepository(SourcingRequest);
      const row = await repo.save(
        repo.create({
          tenantId: actor.tenantId,
          projectId,
          direction: dto.direction,
          label: dto.label,
          nafCodes: [...new Set(nafCodes)],
          keywords,
          radiusKm: dto.radiusKm ?? DEFAULT_REQUEST_RADIUS_KM,
          sizeBands: [...new Set(dto.sizeBands ?? [])],
          createdByUserId: actor.userId,
        }),
      );
      const run = await this.jobs.enqueue(m, 'sourcing.match', { requestId: row.id }, { tenantId: actor.tenantId, userId: actor.userId });
      await repo.update({ id: row.id }, { jobRunId: run.id });
      await this.audit.record(m, actor, { action: 'sourcing_request.create', entity: 'sourcing_request', entityId: row.id, after: requestView(row) });
      return requestView(row);
    });
  }

  async list(actor: TenantActor, projectId: string, page: PageQuery): Promise<Page<SourcingRequestView>> {
    await this.access.requireProject(actor, projectId);
    const qb = this.dataSource.getRepository(SourcingRequest).createQueryBuilder('r').where('r.tenant_id = :t AND r.project_id = :p', { t: actor.tenantId, p: projectId });
    return mapPage(await paginate(qb, 'r', page), requestView);
  }

  private async requireRequest(actor: TenantActor, id: string): Promise<SourcingRequest> {
    const row = await this.dataSource.getRepository(SourcingRequest).findOneBy({ id, tenantId: actor.tenantId });
    if (!row) throw notFound('Sourcing request');
    await this.access.requireProject(actor, row.projectId).catch(() => {
      throw notFound('Sourcing request');
    });
    return row;
  }

  async get(actor: TenantActor, id: string): Promise<SourcingRequestView> {
    return requestView(await this.requireRequest(actor, id));
  }

  /** Ranked candidates, best first (rank order), optionally by status. */
  async candidates(actor: TenantActor, id: string, query: CandidatesQuery): Promise<Page<CandidateView>> {
    const request = await this.requireRequest(actor, id);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.getRepository(SourcingCandidate).createQueryBuilder('c').where('c.tenant_id = :t AND c.request_id = :r', { t: actor.tenantId, r: request.id });
    if (query.status) qb.andWhere('c.status = :s', { s: query.status });
    if (query.cursor) {
      // Rank order: the cursor carries the last rank and id.
      const c = decodeListCursor<{ r: number; i: string }>(query.cursor, (v) => Number.isInteger(v.r) && typeof v.i === 'string' && /^[0-9a-f-]{36}$/i.test(v.i));
      qb.andWhere('(c.rank, c.id) > (:rank, :id)', { rank: c.r, id: c.i });
    }
    const rows = await qb.orderBy('c.rank', 'ASC').addOrderBy('c.id', 'ASC').take(limit + 1).getMany();
    const names = await this.userNames(rows.map((r) => r.statusChangedByUserId));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((c) => candidateView(c, c.statusChangedByUserId ? (names.get(c.statusChangedByUserId) ?? null) : null)),
      nextCursor: rows.length > limit && last ? encodeListCursor({ r: last.rank, i: last.id }) : null,
    };
  }

  /** Candidates as a French CSV (`;`, UTF-8 BOM) for the advisor's follow-up outside Filière. */
  async candidatesCsv(actor: TenantActor, id: string): Promise<{ filename: string; body: string }> {
    const request = await this.requireRequest(actor, id);
    const rows = await this.dataSource.getRepository(SourcingCandidate).find({ where: { tenantId: actor.tenantId, requestId: request.id }, order: { rank: 'ASC' } });
    const names = await this.userNames(rows.map((r) => r.statusChangedByUserId));
    const body = stringify(
      rows.map((c) => [
        c.rank,
        c.siret,
        c.name,
        c.nafCode ?? '',
        c.communeCode ?? '',
        c.communeCode ? (findCommune(c.communeCode)?.name ?? '') : '',
        c.distanceKm === null ? '' : String(c.distanceKm).replace('.', ','),
        c.score,
        c.reasons.join(' ; '),
        STATUS_FR[c.status] ?? c.status,
        c.note,
        c.statusChangedByUserId ? (names.get(c.statusChangedByUserId) ?? '') : '',
        c.statusChangedAt?.toISOString() ?? '',
      ]),
      { delimiter: ';', header: true, columns: ['Rang', 'SIRET', 'Raison sociale', 'Code NAF', 'Code commune', 'Commune', 'Distance (km)', 'Score', 'Raisons', 'Statut', 'Note', 'Modifié par', 'Modifié le'] },
    );
    return { filename: `candidats-${request.id.slice(0, 8)}.csv`, body: `\uFEFF${body}` };
  }

  /** Status follow-up (new → shortlisted → contacted → interested | declined → qualified) and note. */
  async updateCandidate(actor: TenantActor, id: string, dto: UpdateCandidateDto): Promise<CandidateView> {
    if (!WRITERS.has(actor.role)) throw notFound('Candidate');
    if (dto.status === undefined && dto.note === undefined) throw validationFailed([{ field: 'status', message: 'give a status or a note' }]);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(SourcingCandidate);
      const c = await repo.createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id AND c.tenant_id = :t', { id, t: actor.tenantId }).getOne();
      if (!c) throw notFound('Candidate');
      await this.access.requireProject(actor, c.projectId, m).catch(() => {
        throw notFound('Candidate');
      });
      const before = { status: c.status, note: c.note };
      if (dto.status !== undefined && dto.status !== c.status) {
        if (!CANDIDATE_TRANSITIONS[c.status].includes(dto.status)) {
          throw conflict('ILLEGAL_TRANSITION', `A candidate cannot go from ${c.status} to ${dto.status} (allowed: ${CANDIDATE_TRANSITIONS[c.status].join(', ') || 'none'})`);
        }
        c.status = dto.status;
        c.statusChangedAt = new Date();
        c.statusChangedByUserId = actor.userId;
      }
      if (dto.note !== undefined) c.note = dto.note;
      const saved = await repo.save(c);
      await this.audit.record(m, actor, { action: 'sourcing_candidate.update', entity: 'sourcing_candidate', entityId: c.id, before, after: { status: saved.status, note: saved.note } });
      const names = await this.userNames([saved.statusChangedByUserId]);
      return candidateView(saved, saved.statusChangedByUserId ? (names.get(saved.statusChangedByUserId) ?? null) : null);
    });
  }

  private async userNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((x): x is string => x !== null))];
    if (!unique.length) return new Map();
    const rows = await this.dataSource.query<{ id: string; name: string }[]>(`SELECT id, name FROM users WHERE id = ANY ($1::uuid[])`, [unique]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
