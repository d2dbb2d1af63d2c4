import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';

/** The three tag lists of the observatory (Grand Est model). */
export const TAG_CATEGORIES = ['motivation', 'success_factor', 'obstacle'] as const;
export type TagCategory = (typeof TAG_CATEGORIES)[number];

/** Follow-up forms after the programme: months after the cohort closed. */
export const FOLLOW_UP_STAGES = [6, 12, 24] as const;
export type FollowUpStage = (typeof FOLLOW_UP_STAGES)[number];

const bigintCents = { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A tag of one of the tenant's observatory lists; `key` is the folded label (unique per list). */
@Entity({ name: 'observatory_tags' })
@Unique('uq_observatory_tags_key', ['tenantId', 'category', 'key'])
@Check('chk_observatory_tags_category', `"category" IN ('motivation', 'success_factor', 'obstacle')`)
export class ObservatoryTag extends TenantOwnedRecord {
  @Column({ type: 'varchar', length: 16 })
  category: TagCategory;

  @Column({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'varchar', length: 80 })
  label: string;

  /** Archived tags stay on the projects that carry them but are no longer offered. */
  @Column({ type: 'boolean', default: false })
  archived: boolean;
}

/**
 * The observatory record of a project (one per project): motivations, success factors and
 * obstacles (tag keys of the tenant's lists), planned and achieved outcomes. The relocalisation
 * type is the project's `kind`.
 */
@Entity({ name: 'project_observatory' })
@Unique('uq_project_observatory_project', ['tenantId', 'projectId'])
@Check('chk_project_observatory_outcomes', `COALESCE("planned_jobs", 0) >= 0 AND COALESCE("achieved_jobs", 0) >= 0 AND COALESCE("planned_investment_cents", 0) >= 0 AND COALESCE("achieved_investment_cents", 0) >= 0 AND COALESCE("planned_import_substitution_cents", 0) >= 0 AND COALESCE("achieved_import_substitution_cents", 0) >= 0`)
export class ProjectObservatory extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_project_observatory_project' })
  projectId: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  motivations: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  successFactors: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  obstacles: string[];

  @Column({ type: 'int', nullable: true })
  plannedJobs: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintCents })
  plannedInvestmentCents: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintCents })
  plannedImportSubstitutionCents: number | null;

  @Column({ type: 'date', nullable: true })
  plannedProductionStartOn: string | null;

  @Column({ type: 'int', nullable: true })
  achievedJobs: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintCents })
  achievedInvestmentCents: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintCents })
  achievedImportSubstitutionCents: number | null;

  @Column({ type: 'date', nullable: true })
  productionStartedOn: string | null;
}

/**
 * A follow-up form sent to the holders 6, 12 or 24 months after the cohort closed. One row per
 * (project, stage): the unique key is what makes the job send each form once. Only a SHA-256
 * hash of the link's token is stored.
 */
@Entity({ name: 'follow_up_forms' })
@Unique('uq_follow_up_forms_stage', ['tenantId', 'projectId', 'stage'])
@Index('uq_follow_up_forms_token', ['tokenHash'], { unique: true })
@Check('chk_follow_up_forms_stage', `"stage" IN (6, 12, 24)`)
export class FollowUpForm extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_follow_up_forms_project' })
  projectId: string;

  @Column({ type: 'smallint' })
  stage: FollowUpStage;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  answers: Record<string, unknown> | null;
}
