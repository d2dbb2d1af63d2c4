import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * A job request and its run record in one row. Written in the same transaction as the change
 * that causes it (outbox), relayed to BullMQ afterwards (`dispatchedAt`), then updated by the
 * worker (status, progress, attempts, error, timings). API routes read it.
 */
@Entity({ name: 'job_runs' })
@Index('idx_job_runs_undispatched', ['createdAt'], { where: '"dispatched_at" IS NULL' })
@Index('uq_job_runs_dedup_open', ['dedupKey'], { unique: true, where: '"dedup_key" IS NOT NULL AND "finished_at" IS NULL' })
@Index('idx_job_runs_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('idx_job_runs_open', ['updatedAt', 'id'], { where: '"finished_at" IS NULL AND "dispatched_at" IS NOT NULL' })
@Check('chk_job_runs_status', `"status" IN ('queued', 'running', 'succeeded', 'failed')`)
@Check('chk_job_runs_progress', `"progress" BETWEEN 0 AND 100`)
export class JobRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey('tenants', { onDelete: 'CASCADE', name: 'fk_job_runs_tenant' })
  tenantId: string | null;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  queue: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: JobStatus;

  @Column({ type: 'int', default: 0 })
  progress: number;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int' })
  maxAttempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  /** Identical open requests collapse into one (e.g. "recompute matches of project X"). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupKey: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dispatchedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
