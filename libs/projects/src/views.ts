import { findCommune, findNaf } from '@filiere/reference-data';
import { todayInParis } from '@filiere/programmes';
import type { Milestone } from './milestone.entity';
import type { Project } from './project.entity';
import type { MilestoneView, ProjectMemberView, ProjectView } from './projects.dto';

export function isLate(m: Pick<Milestone, 'status' | 'dueDate'>, today: string): boolean {
  return m.status !== 'done' && m.dueDate < today;
}

export function milestoneView(m: Milestone, today = todayInParis()): MilestoneView {
  return {
    id: m.id,
    projectId: m.projectId,
    key: m.key,
    title: m.title,
    phase: m.phase,
    description: m.description,
    position: m.position,
    startDate: m.startDate,
    dueDate: m.dueDate,
    status: m.status,
    late: isLate(m, today),
    note: m.note,
    evidenceUrl: m.evidenceUrl,
    completedAt: m.completedAt ? m.completedAt.toISOString() : null,
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** A project row as the list's SQL answers it (`PROJECT_COLUMNS`). */
export interface ProjectRow {
  id: string;
  cohort_id: string;
  title: string;
  summary: string;
  kind: Project['kind'];
  company_siret: string;
  company_name: string;
  company_naf_nomenclature: string;
  company_naf_code: string;
  company_commune_code: string;
  company_size_band: string | null;
  products: Project['products'];
  investment_cents: string | number | null;
  jobs_planned: number | null;
  status: Project['status'];
  created_at: Date;
  updated_at: Date;
  members: ProjectMemberView[];
}

function companyView(siret: string, name: string, nafNomenclature: string, nafCode: string, communeCode: string, sizeBand: string | null): ProjectView['company'] {
  const commune = findCommune(communeCode);
  return {
    siret,
    siren: siret.slice(0, 9),
    name,
    nafNomenclature,
    nafCode,
    nafLabel: findNaf(nafCode)?.label ?? '',
    communeCode,
    communeName: commune?.name ?? '',
    departementCode: commune?.departementCode ?? '',
    regionCode: commune?.regionCode ?? '',
    sizeBand,
  };
}

export function projectView(p: Project, members: ProjectMemberView[]): ProjectView {
  return {
    id: p.id,
    cohortId: p.cohortId,
    title: p.title,
    summary: p.summary,
    kind: p.kind,
    company: companyView(p.companySiret, p.companyName, p.companyNafNomenclature, p.companyNafCode, p.companyCommuneCode, p.companySizeBand),
    products: p.products,
    investmentCents: p.investmentCents,
    jobsPlanned: p.jobsPlanned,
    status: p.status,
    members,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** {@link projectView} of a raw row (the list), without an entity. */
export function projectRowView(r: ProjectRow): ProjectView {
  return {
    id: r.id,
    cohortId: r.cohort_id,
    title: r.title,
    summary: r.summary,
    kind: r.kind,
    company: companyView(r.company_siret, r.company_name, r.company_naf_nomenclature, r.company_naf_code, r.company_commune_code, r.company_size_band),
    products: r.products,
    investmentCents: r.investment_cents === null ? null : Number(r.investment_cents),
    jobsPlanned: r.jobs_planned,
    status: r.status,
    members: r.members,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
