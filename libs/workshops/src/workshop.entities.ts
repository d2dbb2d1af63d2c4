import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';

export const WORKSHOP_STATUSES = ['open', 'closed'] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];

/** One line of the rubric (grille d'évaluation): a score from 0 to maxScore, weighted. */
export interface RubricCriterion {
  key: string;
  label: string;
  weight: number;
  maxScore: number;
}

/**
 * Ateliers intensifs: the cohort's projects pitch, invited partners evaluate them against the
 * rubric; closing freezes the evaluations and publishes the results.
 */
@Entity({ name: 'workshops' })
@Index('idx_workshops_cohort_created', ['tenantId', 'cohortId', 'createdAt', 'id'])
@Check('chk_workshops_status', `"status" IN ('open', 'closed')`)
@Check('chk_workshops_dates', `"ends_at" > "starts_at"`)
export class Workshop extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('cohorts', { onDelete: 'RESTRICT', name: 'fk_workshops_cohort' })
  cohortId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  endsAt: Date;

  @Column({ type: 'varchar', length: 300 })
  location: string;

  @Column({ type: 'jsonb' })
  criteria: RubricCriterion[];

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: WorkshopStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedByUserId: string | null;
}

/** A project presenting at a workshop (a project of the workshop's cohort). */
@Entity({ name: 'workshop_projects' })
@Index('uq_workshop_projects', ['tenantId', 'workshopId', 'projectId'], { unique: true })
@Index('idx_workshop_projects_project', ['tenantId', 'projectId'])
export class WorkshopProject extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('workshops', { onDelete: 'CASCADE', name: 'fk_workshop_projects_workshop' })
  workshopId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_workshop_projects_project' })
  projectId: string;

  /** Pitch order. */
  @Column({ type: 'int' })
  position: number;
}

/** A partner user invited to evaluate at a workshop: drives what partners see. */
@Entity({ name: 'workshop_partners' })
@Index('uq_workshop_partners', ['tenantId', 'workshopId', 'userId'], { unique: true })
@Index('idx_workshop_partners_user', ['tenantId', 'userId'])
export class WorkshopPartner extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('workshops', { onDelete: 'CASCADE', name: 'fk_workshop_partners_workshop' })
  workshopId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_workshop_partners_user' })
  userId: string;
}

/** One partner's evaluation of one project: a score for every criterion of the rubric. */
@Entity({ name: 'workshop_evaluations' })
@Index('uq_workshop_evaluations', ['tenantId', 'workshopId', 'projectId', 'partnerUserId'], { unique: true })
@Index('idx_workshop_evaluations_project', ['tenantId', 'projectId'])
export class WorkshopEvaluation extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('workshops', { onDelete: 'CASCADE', name: 'fk_workshop_evaluations_workshop' })
  workshopId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_workshop_evaluations_project' })
  projectId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'RESTRICT', name: 'fk_workshop_evaluations_partner' })
  partnerUserId: string;

  @Column({ type: 'jsonb' })
  scores: Record<string, number>;

  @Column({ type: 'text', nullable: true })
  comment: string | null;
}

/** A prize given to a project at a workshop (e.g. "Prix de la relocalisation", by the Région). */
@Entity({ name: 'workshop_awards' })
@Index('uq_workshop_awards', ['tenantId', 'workshopId', 'projectId', 'prize'], { unique: true })
@Index('idx_workshop_awards_project', ['tenantId', 'projectId'])
export class WorkshopAward extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('workshops', { onDelete: 'CASCADE', name: 'fk_workshop_awards_workshop' })
  workshopId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_workshop_awards_project' })
  projectId: string;

  @Column({ type: 'varchar', length: 200 })
  prize: string;

  /** Who gives the prize (a partner organisation, a sponsor), as written on the certificate. */
  @Column({ type: 'varchar', length: 200 })
  awardedBy: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'RESTRICT', name: 'fk_workshop_awards_recorded_by' })
  recordedByUserId: string;
}
