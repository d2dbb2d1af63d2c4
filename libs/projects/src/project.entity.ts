import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';
import { Cohort } from '@filiere/cohorts';

export const PROJECT_STATUSES = ['applied', 'selected', 'active', 'completed', 'withdrawn'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** applied → selected → active → completed; withdrawn from any open state. */
export const PROJECT_TRANSITIONS: Record<ProjectStatus, ProjectStatus[]> = {
  applied: ['selected', 'withdrawn'],
  selected: ['active', 'withdrawn'],
  active: ['completed', 'withdrawn'],
  completed: [],
  withdrawn: [],
};

/** What is relocalised (the observatory tracks the three separately). */
export const PROJECT_KINDS = ['company', 'activity', 'value_chain'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export interface ProjectProduct {
  label: string;
  nafCode?: string;
  hsCode?: string;
}

@Entity({ name: 'projects' })
@Index('uq_projects_cohort_siret', ['tenantId', 'cohortId', 'companySiret'], { unique: true })
@Index('idx_projects_cohort_created', ['tenantId', 'cohortId', 'createdAt', 'id'])
@Check('chk_projects_status', `"status" IN ('applied', 'selected', 'active', 'completed', 'withdrawn')`)
@Check('chk_projects_kind', `"kind" IN ('company', 'activity', 'value_chain')`)
export class Project extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  cohortId: string;

  @ManyToOne(() => Cohort, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'fk_projects_cohort' })
  cohort?: Cohort;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ProjectKind;

  @Column({ type: 'char', length: 14 })
  companySiret: string;

  @Column({ type: 'varchar', length: 200 })
  companyName: string;

  /** NAF codes are stored with their nomenclature: NAF 2025 replaces rév. 2 on 1 January 2027. */
  @Column({ type: 'varchar', length: 8, default: 'NAFv2' })
  companyNafNomenclature: string;

  @Column({ type: 'varchar', length: 6 })
  companyNafCode: string;

  @Column({ type: 'varchar', length: 5 })
  companyCommuneCode: string;

  /** SIRENE headcount band code (tranche d'effectifs), e.g. 12 = 20 à 49 salariés. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  companySizeBand: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  products: ProjectProduct[];

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  investmentCents: number | null;

  @Column({ type: 'int', nullable: true })
  jobsPlanned: number | null;

  @Column({ type: 'varchar', length: 16, default: 'applied' })
  status: ProjectStatus;
}
