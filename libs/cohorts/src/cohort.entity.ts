import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';
import { Programme } from '@filiere/programmes';

export const COHORT_STATUSES = ['draft', 'recruiting', 'running', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

/** Legal moves: draft → recruiting → running → closed. */
export const COHORT_TRANSITIONS: Record<CohortStatus, CohortStatus[]> = {
  draft: ['recruiting'],
  recruiting: ['running'],
  running: ['closed'],
  closed: [],
};

export const DEFAULT_FEE_CENTS = 249_000;

/** Share of a project's coaching budget used from which the dashboard flags it (percent). */
export const COACHING_BUDGET_THRESHOLDS = [80, 100] as const;
export type CoachingBudgetAlert = 'none' | 'warning' | 'exceeded';

/**
 * Where a project stands against its coaching budget: `warning` from 80 % used, `exceeded`
 * from 100 %; `none` below 80 % or without a budget (null or 0 hours).
 */
export function coachingBudgetAlert(usedMinutes: number, budgetMinutes: number | null): CoachingBudgetAlert {
  if (!budgetMinutes) return 'none';
  if (usedMinutes >= budgetMinutes) return 'exceeded';
  if (usedMinutes * 100 >= budgetMinutes * 80) return 'warning';
  return 'none';
}

@Entity({ name: 'cohorts' })
@Index('uq_cohorts_tenant_name', ['tenantId', 'name'], { unique: true })
@Index('idx_cohorts_tenant_created', ['tenantId', 'createdAt', 'id'])
@Check('chk_cohorts_status', `"status" IN ('draft', 'recruiting', 'running', 'closed')`)
@Check('chk_cohorts_dates', `"end_date" > "start_date"`)
@Check('chk_cohorts_fee', `"fee_cents" >= 0`)
@Check('chk_cohorts_coaching_hours', `"coaching_hours_per_project" IS NULL OR "coaching_hours_per_project" >= 0`)
export class Cohort extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  programmeId: string;

  @ManyToOne(() => Programme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_cohorts_programme' })
  programme?: Programme;

  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'int', default: DEFAULT_FEE_CENTS })
  feeCents: number;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: CohortStatus;

  /** Coaching time budget of each project of the cohort, in hours; null = no budget. */
  @Column({ type: 'int', nullable: true })
  coachingHoursPerProject: number | null;

  /** When the cohort became `closed` (the follow-up forms count from it; older rows: end date). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;
}
