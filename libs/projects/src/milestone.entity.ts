import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';
import { Project } from './project.entity';

export const MILESTONE_STATUSES = ['todo', 'in_progress', 'done', 'blocked'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** A project's milestone, generated from its programme's template; `late` is computed, never stored. */
@Entity({ name: 'milestones' })
@Index('uq_milestones_project_key', ['tenantId', 'projectId', 'key'], { unique: true })
@Index('idx_milestones_project_due', ['projectId', 'dueDate'])
@Check('chk_milestones_status', `"status" IN ('todo', 'in_progress', 'done', 'blocked')`)
export class Milestone extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_milestones_project' })
  project?: Project;

  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 80 })
  phase: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 16, default: 'todo' })
  status: MilestoneStatus;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  evidenceUrl: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
