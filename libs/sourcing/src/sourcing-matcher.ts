import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import { searchCandidates } from './candidate-search';
import { SourcingCandidate, SourcingRequest } from './sourcing.entities';

interface ProjectSite {
  company_siret: string;
  company_commune_code: string;
  company_naf_code: string;
  products: { nafCode?: string }[];
}

/**
 * Runs a sourcing request (worker): candidates ranked and stored in one transaction. Safe to run
 * twice: a request already computed is left alone, and a crashed run left nothing behind.
 */
@Injectable()
export class SourcingMatcher {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(requestId: string, onProgress: (percent: number) => Promise<void>): Promise<{ candidates: number } | undefined> {
    const repo = this.dataSource.getRepository(SourcingRequest);
    const request = await repo.findOneBy({ id: requestId });
    if (!request || request.status === 'succeeded') return undefined;
    await repo.update({ id: requestId }, { status: 'running', progress: 10, error: null });
    await onProgress(10);
    const [project] = await this.dataSource.query<ProjectSite[]>(`SELECT company_siret, company_commune_code, company_naf_code, products FROM projects WHERE id = $1 AND tenant_id = $2`, [request.projectId, request.tenantId]);
    if (!project) {
      await repo.update({ id: requestId }, { status: 'failed', error: 'the project no longer exists' });
      return undefined;
    }
    const ranked = await searchCandidates(this.dataSource, {
      tenantId: request.tenantId,
      direction: request.direction,
      nafCodes: request.nafCodes,
      keywords: request.keywords,
      sizeBands: request.sizeBands,
      radiusKm: request.radiusKm,
      siteSiret: project.company_siret,
      siteCommuneCode: project.company_commune_code,
      projectNafCodes: [project.company_naf_code, ...project.products.map((p) => p.nafCode).filter((c): c is string => typeof c === 'string')],
    });
    await repo.update({ id: requestId }, { progress: 80 });
    await onProgress(80);
    await this.dataSource.transaction(async (m) => {
      const [locked] = await m.query<{ status: string }[]>(`SELECT status FROM sourcing_requests WHERE id = $1 FOR UPDATE`, [requestId]);
      if (!locked || locked.status === 'succeeded') return;
      await m.delete(SourcingCandidate, { requestId });
      if (ranked.length) {
        await m.getRepository(SourcingCandidate).insert(
          ranked.map((r, i) => ({
            tenantId: request.tenantId,
            requestId,
            projectId: request.projectId,
            siret: r.facts.siret,
            name: r.facts.name.slice(0, 250),
            nafCode: r.facts.nafCode,
            communeCode: r.facts.communeCode,
            buyerId: r.facts.buyer?.id ?? null,
            rank: i + 1,
            score: r.score,
            reasons: r.reasons,
            distanceKm: r.facts.distanceKm,
          })),
        );
      }
      await m.update(SourcingRequest, { id: requestId }, { status: 'succeeded', progress: 100, candidateCount: ranked.length, computedAt: new Date(), error: null });
    });
    return { candidates: ranked.length };
  }

  async fail(requestId: string, message: string): Promise<void> {
    await this.dataSource.getRepository(SourcingRequest).update({ id: requestId, status: Not('succeeded') }, { status: 'failed', error: message });
  }
}
