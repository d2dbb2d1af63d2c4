import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { QUEUES, QueueName } from './jobs';
import { QueueRegistry } from './queue-registry';

/** Runs looked at per statement, and at most per pass (the next pass goes on from there). */
const PAGE = 200;
const PASS_MAX = 5_000;

interface Candidate {
  id: string;
  queue: string;
  status: 'queued' | 'running';
  updated_at: Date;
}

export interface ReconcileReport {
  checked: number;
  /** BullMQ completed the job: the run is recorded succeeded, with the job's return value. */
  succeeded: number;
  /** BullMQ failed the job for good: the run is recorded failed, with its reason. */
  failed: number;
  /** Redis no longer has the job (lost with Redis's data, or removed): the run is queued again and relayed. */
  requeued: number;
}

/**
 * Finds runs left unfinished behind their BullMQ job, and brings the run record in line:
 * - a success written behind the job's completion (`JobWorkerHost.writeBehind`) that never
 *   reached PostgreSQL (the worker died, or PostgreSQL refused it for its retry window);
 * - a job whose failure could not be recorded;
 * - a job Redis lost (a Redis restarted without persistence, a flushed database): the run goes
 *   back to the outbox and the relay sends it again under the same id.
 * Looks only at relayed runs (their BullMQ job id is the run id) that nobody has touched for
 * `JOB_RECONCILE_AFTER_MS`; running, waiting and delayed jobs are left to BullMQ (a killed
 * worker's job is taken over when its lock expires). Every update re-checks the run is still
 * unfinished and untouched, so a worker finishing it at the same moment wins, and two
 * reconcilers (two worker processes) can run at once.
 */
@Injectable()
export class RunReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RunReconciler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** Where the next pass starts (keyset over updated_at, id), so a long backlog is covered in turn. */
  private cursor: { at: Date; id: string } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.reconcile()
        .then((r) => {
          if (r.succeeded + r.failed + r.requeued) this.logger.warn(`Runs brought in line with BullMQ: ${JSON.stringify(r)}`);
        })
        .catch((e: unknown) => this.logger.warn(`Reconciliation skipped: ${(e as Error).message}`))
        .finally(() => (this.running = null));
    }, this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass: up to PASS_MAX stale runs, from where the last pass stopped. */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, succeeded: 0, failed: 0, requeued: 0 };
    while (report.checked < PASS_MAX) {
      const page = await this.dataSource.query<Candidate[]>(
        `SELECT id, queue, status, updated_at FROM job_runs
         WHERE finished_at IS NULL AND dispatched_at IS NOT NULL AND updated_at < now() - make_interval(secs => $1::float8 / 1000)
           AND (dedup_key IS NULL OR dedup_key NOT LIKE 'scheduled:%')
           AND ($2::timestamptz IS NULL OR (updated_at, id) > ($2::timestamptz, $3::uuid))
         ORDER BY updated_at, id LIMIT $4`,
        [this.config.reconcileAfterMs, this.cursor?.at ?? null, this.cursor?.id ?? null, PAGE],
      );
      for (const run of page) {
        report.checked++;
        await this.check(run, report);
      }
      const last = page[page.length - 1];
      this.cursor = page.length === PAGE && last ? { at: last.updated_at, id: last.id } : null;
      if (!this.cursor) break;
    }
    return report;
  }

  private async check(run: Candidate, report: ReconcileReport): Promise<void> {
    if (!(QUEUES as readonly string[]).includes(run.queue)) return;
    const queue = this.queues.get(run.queue as QueueName);
    // One round trip for the usual case (a job still waiting, delayed or active); the job itself only when finished.
    const state = await queue.getJobState(run.id);
    const job = state === 'completed' || state === 'failed' ? await Job.fromId(queue, run.id) : undefined;
    // Only a run nobody touched since it was read: a worker finishing or claiming it wins.
    const guard = `id = $1 AND finished_at IS NULL AND updated_at = $2`;
    if (state === 'completed' && job) {
      const result = job.returnvalue === undefined ? null : JSON.stringify(job.returnvalue);
      const changed = await this.update(
        `UPDATE job_runs SET status = 'succeeded', progress = 100, result = $3::jsonb, error = NULL, attempts = GREATEST(attempts, $4::int),
         started_at = COALESCE(started_at, to_timestamp($5::float8 / 1000)), finished_at = to_timestamp($6::float8 / 1000), updated_at = now() WHERE ${guard}`,
        [run.id, run.updated_at, result, Math.max(1, job.attemptsStarted ?? 1), job.processedOn ?? Date.now(), job.finishedOn ?? Date.now()],
      );
      if (changed) report.succeeded++;
    } else if (state === 'failed' && job) {
      const changed = await this.update(
        `UPDATE job_runs SET status = 'failed', error = $3, attempts = GREATEST(attempts, $4::int), finished_at = to_timestamp($5::float8 / 1000), updated_at = now() WHERE ${guard}`,
        [run.id, run.updated_at, (job.failedReason || 'Failed').slice(0, 4000), Math.max(1, job.attemptsMade), job.finishedOn ?? Date.now()],
      );
      if (changed) report.failed++;
    } else if (state === 'unknown' || ((state === 'completed' || state === 'failed') && !job)) {
      const changed = await this.update(`UPDATE job_runs SET status = 'queued', dispatched_at = NULL, updated_at = now() WHERE ${guard}`, [run.id, run.updated_at]);
      if (changed) report.requeued++;
    }
  }

  private async update(sql: string, params: unknown[]): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(sql, params);
    return count > 0;
  }
}
