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

export function projectView(p: Project, members: ProjectMemberView[]): ProjectView {
  const commune = findCommune(p.companyCommuneCode);
  return {
    id: p.id,
    cohortId: p.cohortId,
    title: p.title,
    summary: p.summary,
    kind: p.kind,
    company: {
      siret: p.companySiret,
      siren: p.companySiret.slice(0, 9),
      name: p.companyName,
      nafNomenclature: p.companyNafNomenclature,
      nafCode: p.companyNafCode,
      nafLabel: findNaf(p.companyNafCode)?.label ?? '',
      communeCode: p.companyCommuneCode,
      communeName: commune?.name ?? '',
      departementCode: commune?.departementCode ?? '',
      regionCode: commune?.regionCode ?? '',
      sizeBand: p.companySizeBand,
    },
    products: p.products,
    investmentCents: p.investmentCents,
    jobsPlanned: p.jobsPlanned,
    status: p.status,
    members,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
