import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '@filiere/platform/errors';
import { JobName, JobPayloads, JOBS } from './jobs';
import { JOB_STATUSES, JobRun, JobStatus } from './job-run.entity';

export interface EnqueueOptions {
  tenantId?: string | null;
  userId?: string | null;
  /** While a run with this key is open (not finished), enqueueing again returns that run. */
  dedupKey?: string;
}

/** `202 { id, status }`: a long job queued, followed at GET /api/jobs/:id. */
export class JobQueuedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: JOB_STATUSES }) status: JobStatus;
}

/** A long job's run record as the API answers it. */
export class JobRunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'financing.match' }) name: string;
  @ApiProperty({ enum: JOB_STATUSES }) status: JobStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty() attempts: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) result: Record<string, unknown> | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export function jobRunView(r: JobRun): JobRunView {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    progress: r.progress,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    error: r.error,
    result: r.result,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/**
 * The producer side: a job request is a row written in the caller's transaction (outbox).
 * It reaches BullMQ after commit through the relay, so no job is lost when Redis is down
 * and none runs for a change that was rolled back.
 */
@Injectable()
export class JobsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async enqueue<N extends JobName>(manager: EntityManager, name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<{ id: string; status: 'queued' | JobRun['status'] }> {
    const def = JOBS[name];
    const rows = await manager.query<{ id: string; status: JobRun['status'] }[]>(
      `INSERT INTO job_runs (tenant_id, name, queue, payload, max_attempts, dedup_key, created_by_user_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
       ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL AND finished_at IS NULL DO NOTHING
       RETURNING id, status`,
      [options.tenantId ?? null, name, def.queue, JSON.stringify(payload), def.attempts, options.dedupKey ?? null, options.userId ?? null],
    );
    if (rows[0]) return rows[0];
    // Deduplicated: an open run with the same key exists.
    const existing = await manager.query<{ id: string; status: JobRun['status'] }[]>(`SELECT id, status FROM job_runs WHERE dedup_key = $1 AND finished_at IS NULL`, [options.dedupKey]);
    if (existing[0]) return existing[0];
    return this.enqueue(manager, name, payload, options); // it finished meanwhile: enqueue anew
  }

  /** Outside any transaction: enqueue on its own. */
  enqueueNow<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<{ id: string; status: JobRun['status'] }> {
    return this.dataSource.transaction((m) => this.enqueue(m, name, payload, options));
  }

  async get(id: string, tenantId: string | null): Promise<JobRunView> {
    const run = await this.dataSource.getRepository(JobRun).findOneBy({ id });
    if (!run || (tenantId !== null && run.tenantId !== tenantId)) throw notFound('Job');
    return jobRunView(run);
  }
}
