import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { notFound } from '@filiere/platform/errors';
import { AccessService } from '@filiere/access';
import { todayInParis } from '@filiere/programmes';
import { findCommune } from '@filiere/reference-data';
import { computeWorkshopResults, ScoredEvaluation, ScoringCriterion } from '@filiere/workshops';
import { ObservatoryService } from './observatory.service';
import { OnePagerData, renderOnePager } from './one-pager';
import { fileSlug } from './exports.service';
import { WORKSHOPS_SQL } from './reports.sql';

interface ProjectRow {
  title: string;
  summary: string;
  status: string;
  kind: string;
  cohort_id: string;
  cohort_name: string;
  company_name: string;
  company_siret: string;
  company_naf_code: string;
  company_commune_code: string;
  products: { label: string }[];
  total: number;
  done: number;
  late: number;
}

/** The project one-pager PDF for partners (and staff, holders): whoever may see the project. */
@Injectable()
export class OnePagerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly observatory: ObservatoryService,
  ) {}

  async pdf(actor: TenantActor, projectId: string): Promise<{ filename: string; pdf: Buffer }> {
    await this.access.requireProject(actor, projectId);
    const today = todayInParis();
    const [p] = await this.dataSource.query<ProjectRow[]>(
      `SELECT p.title, p.summary, p.status, p.kind, p.cohort_id, c.name AS cohort_name, p.company_name, p.company_siret, p.company_naf_code, p.company_commune_code, p.products,
              (SELECT count(*) FROM milestones m WHERE m.tenant_id = p.tenant_id AND m.project_id = p.id)::int AS total,
              (SELECT count(*) FROM milestones m WHERE m.tenant_id = p.tenant_id AND m.project_id = p.id AND m.status = 'done')::int AS done,
              (SELECT count(*) FROM milestones m WHERE m.tenant_id = p.tenant_id AND m.project_id = p.id AND m.status <> 'done' AND m.due_date < $3::date)::int AS late
       FROM projects p JOIN cohorts c ON c.id = p.cohort_id AND c.tenant_id = p.tenant_id WHERE p.tenant_id = $1 AND p.id = $2`,
      [actor.tenantId, projectId, today],
    );
    if (!p) throw notFound('Project');
    const workshops = await this.dataSource.query<{ title: string; criteria: ScoringCriterion[]; projects: { projectId: string; title: string }[]; evaluations: ScoredEvaluation[]; awards: { projectId: string; prize: string; awardedBy: string }[] }[]>(WORKSHOPS_SQL, [actor.tenantId, p.cohort_id]);
    const latest = workshops.filter((w) => w.projects.some((x) => x.projectId === projectId)).pop();
    const result = latest ? computeWorkshopResults(latest.criteria, latest.projects, latest.evaluations).find((r) => r.projectId === projectId) : undefined;
    const financing = await this.dataSource.query<{ name: string; funder: string }[]>(
      `SELECT s.name, s.funder FROM financing_matches fm JOIN financing_schemes s ON s.id = fm.scheme_id
       WHERE fm.tenant_id = $1 AND fm.project_id = $2 AND fm.eligible ORDER BY fm.score DESC, s.name`,
      [actor.tenantId, projectId],
    );
    const o = await this.observatory.view(this.dataSource.manager, actor.tenantId, projectId);
    const data: OnePagerData = {
      title: p.title,
      summary: p.summary,
      status: p.status,
      kind: p.kind,
      cohortName: p.cohort_name,
      company: { name: p.company_name, siret: p.company_siret, nafCode: p.company_naf_code, communeName: findCommune(p.company_commune_code)?.name ?? p.company_commune_code },
      products: p.products.map((x) => x.label),
      milestones: { total: p.total, done: p.done, late: p.late },
      workshop: latest ? { title: latest.title, weightedScore: result?.weightedScore ?? null, rank: result?.rank ?? null, of: latest.projects.length, prizes: latest.awards.filter((a) => a.projectId === projectId).map((a) => `${a.prize} (${a.awardedBy})`) } : null,
      financing,
      planned: { jobs: o.planned.jobs, investmentCents: o.planned.investmentCents, importSubstitutionCents: o.planned.importSubstitutionCents },
      achieved: { jobs: o.achieved.jobs, investmentCents: o.achieved.investmentCents, importSubstitutionCents: o.achieved.importSubstitutionCents, productionStartedOn: o.achieved.productionStartOn },
      generatedOn: today,
    };
    return { filename: `fiche-${fileSlug(p.title)}.pdf`, pdf: await renderOnePager(data) };
  }
}
