import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { Pool } from 'pg';
import { Counter, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { Batcher } from './batcher';
import { METRICS_REGISTRY } from '@filiere/platform/health';
import { workerConnection } from './connections';
import { JOB_HANDLER, JobContext, JobResult } from './job-handler';
import { JOB_NAMES, JobName, JOBS, QUEUES, QueueName, SCHEDULE_TIMEZONE, SCHEDULES } from './jobs';
import type { QueuedJobData } from './outbox-relay';
import { QueueRegistry } from './queue-registry';

type Handler = (ctx: JobContext) => Promise<JobResult>;

interface ClaimedRun {
  id: string;
  tenant_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/**
 * Claims runs: running, attempts + 1; a finished run is not claimed (a duplicate delivery is skipped).
 * Sent on the claim connections (`synchronous_commit = off`, see `claimPool`).
 */
const CLAIM_SQL = `UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running') RETURNING id, tenant_id, payload, attempts, max_attempts`;

/**
 * Records successes (a durable commit). `unclaimed` marks a first delivery whose handler finished
 * before its claim was sent (see `process`): the claim is folded into this statement (attempts + 1).
 * A claimed run still `queued` here is one whose claim was lost in a PostgreSQL crash before anything
 * flushed it (see `claimPool`): it is finished all the same, as claimed once, instead of staying
 * queued behind a completed BullMQ job.
 */
const FINISH_SQL = `UPDATE job_runs AS r SET status = 'succeeded', progress = 100, result = v.result, error = NULL,
attempts = CASE WHEN v.unclaimed THEN r.attempts + 1 ELSE GREATEST(r.attempts, 1) END,
started_at = COALESCE(r.started_at, now()), finished_at = now(), updated_at = now()
FROM unnest($1::uuid[], $2::jsonb[], $3::boolean[]) AS v(id, result, unclaimed) WHERE r.id = v.id AND r.status IN ('queued', 'running')`;

/**
 * Successes of relayed runs are written behind BullMQ's completion (see `process`), at most this
 * many at a time: beyond, a finished job waits for its own write, as scheduled runs always do.
 */
export const FINISH_BEHIND_MAX = 2_000;
/** A success that could not be written is tried again after these delays; then `RunReconciler` finishes it from BullMQ's completed job. */
export const FINISH_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];
/** On shutdown, how long the worker waits for its last successes to be written. */
const FINISH_FLUSH_MS = 10_000;

/** Finds exactly one handler per job name; anything else is a start-up error. */
export function resolveHandlers(found: { name: string; owner: string; handler: Handler }[]): Map<JobName, Handler> {
  const problems: string[] = [];
  const map = new Map<JobName, Handler>();
  for (const f of found) {
    if (!(JOB_NAMES as string[]).includes(f.name)) problems.push(`${f.owner} handles "${f.name}", which is not a declared job`);
    else if (map.has(f.name as JobName)) problems.push(`job "${f.name}" has two handlers (one in ${f.owner})`);
    else map.set(f.name as JobName, f.handler);
  }
  for (const name of JOB_NAMES) if (!map.has(name)) problems.push(`job "${name}" has no handler`);
  if (problems.length) throw new Error(`Refusing to start the worker: ${problems.join('; ')}`);
  return map;
}

/**
 * Runs the BullMQ workers of every queue. Each run: claim the run record (status running,
 * attempts + 1; a finished run is skipped, so a duplicate delivery has no effect), call the
 * handler with a progress reporter, record success or failure. Errors that can never succeed
 * (UnrecoverableError) and the last attempt mark the run failed; others are retried with
 * exponential backoff. A killed worker's job is taken over when its lock expires. A relayed
 * run's success is written behind its BullMQ completion (`writeBehind`); `RunReconciler` finishes
 * the rare run whose success was lost.
 */
@Injectable()
export class JobWorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];
  /** The workers' own Redis connections: BullMQ leaves a connection it was given open when the worker closes. */
  private readonly connections: Redis[] = [];
  private handlers = new Map<JobName, Handler>();
  private readonly duration: Histogram<'job' | 'outcome'>;
  private readonly failures: Counter<'job'>;
  /**
   * Claims are committed without waiting for the WAL flush (`synchronous_commit = off` on these
   * connections only): the claim is visible to every session at once, and it becomes durable with
   * the next synchronous commit of the cluster — at the latest the job's own success or failure
   * UPDATE, or any write of its handler, since WAL is flushed in order. Only a PostgreSQL crash in
   * the meantime (before any of those) can lose it, and FINISH_SQL then still finishes the run.
   * This saves one WAL flush (a disk sync, ~3 ms here) per batch of starting jobs.
   */
  private readonly claimPool: Pool;
  /** Successes are written on a connection of their own too, never waiting behind handlers or the relay. */
  private readonly finishPool: Pool;
  /** Successes being written behind BullMQ's completion (each settles when written or given up). */
  private readonly behind = new Set<Promise<void>>();
  private closing = false;
  /** Claims and successes of jobs running at the same time are written together (one statement each, one at a time). */
  private readonly claims = new Batcher<string, ClaimedRun | undefined>(async (ids) => {
    const { rows } = await this.claimPool.query<ClaimedRun>({ name: 'job_runs_claim', text: CLAIM_SQL, values: [ids] });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  });
  private readonly successes = new Batcher<{ id: string; result: string | null; unclaimed: boolean }, void>(async (done) => {
    await this.finishPool.query({ name: 'job_runs_finish', text: FINISH_SQL, values: [done.map((d) => d.id), done.map((d) => d.result), done.map((d) => d.unclaimed)] });
    return done.map(() => undefined);
  });

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueRegistry,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.duration = new Histogram({ name: 'job_duration_seconds', help: 'Job handler duration', labelNames: ['job', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600], registers: [registry] });
    this.failures = new Counter({ name: 'job_failures_total', help: 'Job attempts that threw', labelNames: ['job'], registers: [registry] });
    this.claimPool = new Pool({ connectionString: config.databaseUrl, max: 1, application_name: 'filiere-worker-claims', options: '-c synchronous_commit=off' });
    this.finishPool = new Pool({ connectionString: config.databaseUrl, max: 1, application_name: 'filiere-worker-finishes' });
    for (const pool of [this.claimPool, this.finishPool]) pool.on('error', (err) => this.logger.warn(`Run record connection: ${err.message}`));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.handlers = resolveHandlers(this.discover());
    for (const queue of QUEUES) this.workers.push(this.startWorker(queue));
    for (const s of SCHEDULES) {
      await this.queues.get(JOBS[s.name].queue).upsertJobScheduler(s.id, { pattern: s.pattern, tz: SCHEDULE_TIMEZONE }, { name: s.name, data: { runId: '', payload: {} } satisfies QueuedJobData });
    }
    this.logger.log(`Worker running ${this.handlers.size} job types on ${QUEUES.length} queues`);
  }

  /** Closing a worker waits for its active jobs; queues close after (onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const flushed = Promise.allSettled([...this.behind]).then(() => true);
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), FINISH_FLUSH_MS)));
    if (!(await Promise.race([flushed, timedOut]))) this.logger.warn(`${this.behind.size} successes not written at shutdown: the reconciler will finish them`);
    clearTimeout(timer);
    await Promise.allSettled([this.claimPool.end(), this.finishPool.end(), ...this.connections.map((c) => c.quit().catch(() => c.disconnect()))]);
  }

  /**
   * Writes a relayed run's success without holding its BullMQ job: the job completes at once and
   * its worker slot takes the next one while the success joins the next batch (most of a no-op
   * job's time was this wait). The handler's own writes are already committed; what could be
   * lost is only the run record's last step, if this process dies or PostgreSQL refuses the write
   * for the next 15 s: `RunReconciler` then finishes the run from BullMQ's completed job (its
   * id is the run id), or sends it again if Redis no longer has it — handlers are safe to run twice.
   */
  private writeBehind(done: { id: string; result: string | null; unclaimed: boolean }): void {
    const write = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.successes.run(done);
          return;
        } catch (err) {
          if (this.closing || attempt >= FINISH_RETRY_DELAYS_MS.length) {
            this.logger.warn(`Run ${done.id}: success not recorded (${(err as Error).message}); the reconciler will finish it`);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, FINISH_RETRY_DELAYS_MS[attempt]));
        }
      }
    })();
    this.behind.add(write);
    void write.finally(() => this.behind.delete(write));
  }

  private discover(): { name: string; owner: string; handler: Handler }[] {
    const found: { name: string; owner: string; handler: Handler }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object | null;
      if (!proto) continue;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER, fn as () => unknown);
        if (name) found.push({ name, owner: `${wrapper.name}.${method}`, handler: (fn as Handler).bind(instance) });
      }
    }
    return found;
  }

  private startWorker(queue: QueueName): Worker {
    const connection = workerConnection(this.config.redisUrl, `filiere-worker-${queue}`);
    this.connections.push(connection);
    const worker = new Worker(queue, (job: Job<QueuedJobData>) => this.process(job), {
      connection,
      prefix: this.config.queuePrefix,
      concurrency: this.config.jobConcurrency,
      lockDuration: this.config.jobLockMs,
      stalledInterval: Math.max(1_000, Math.floor(this.config.jobLockMs / 2)),
      maxStalledCount: 3,
      autorun: true,
    });
    worker.on('error', (err) => this.logger.warn(`Worker ${queue}: ${err.message}`));
    return worker;
  }

  /**
   * A first, clean delivery of a relayed run (BullMQ: first start, never stalled nor failed; the
   * relay saw the run queued with no attempt) cannot be a finished run — the relay only sends
   * queued runs, and a run stays queued until a delivery of it claims or finishes it — so its
   * handler starts at once, with the payload and tenant the relay put in the job, while its
   * claim waits for the next batch. A handler done before that batch is sent (sub-millisecond
   * jobs) has its claim folded into its success: one statement instead of two. Otherwise the
   * claim is written as usual, at most one batch later, before any progress, failure or success
   * is recorded. Every other delivery (retries, stalled jobs taken over, scheduled jobs, jobs
   * relayed by an older worker) is claimed before its handler starts, so a finished run is skipped.
   */
  private async process(job: Job<QueuedJobData>): Promise<JobResult> {
    const name = job.name as JobName;
    const handler = this.handlers.get(name);
    if (!handler) throw new UnrecoverableError(`No handler for ${job.name}`);
    const data = job.data;
    const fresh = !!data.runId && data.attempts === 0 && data.tenantId !== undefined && job.attemptsStarted <= 1 && job.attemptsMade === 0 && job.stalledCounter === 0;
    const runId = data.runId || (await this.scheduledRun(job));
    let row: ClaimedRun | undefined;
    let pending: { result: Promise<ClaimedRun | undefined>; withdraw: () => boolean } | undefined;
    if (fresh) {
      pending = this.claims.enqueue(runId);
      pending.result.catch(() => undefined); // awaited below when needed
    } else {
      row = await this.claims.run(runId);
      if (!row) return { skipped: 'already finished' };
    }
    let claim = pending?.result;
    /** The claimed run (waits for the claim of a first delivery; claims it if that claim was taken back). */
    const claimed = async (): Promise<ClaimedRun | undefined> => (row ??= await (claim ??= this.claims.run(runId)));
    const stop = this.duration.startTimer({ job: name });
    let lastProgress = -1;
    const ctx: JobContext = {
      runId,
      name,
      payload: row?.payload ?? data.payload,
      tenantId: row ? row.tenant_id : (data.tenantId ?? null),
      attempt: row?.attempts ?? 1,
      progress: async (percent: number) => {
        const p = Math.max(0, Math.min(100, Math.round(percent)));
        if (p === lastProgress) return;
        lastProgress = p;
        await claimed();
        await this.dataSource.query(`UPDATE job_runs SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [runId, p]);
        await job.updateProgress(p);
      },
    };
    try {
      const result = await handler(ctx);
      const json = result === undefined ? null : JSON.stringify(result);
      let done: { id: string; result: string | null; unclaimed: boolean };
      if (pending?.withdraw()) {
        claim = undefined; // taken back: if the success cannot be written, the failure path claims anew
        done = { id: runId, result: json, unclaimed: true };
      } else if (await claimed()) done = { id: runId, result: json, unclaimed: false };
      else return { skipped: 'already finished' };
      if (data.runId && this.behind.size < FINISH_BEHIND_MAX) this.writeBehind(done);
      else await this.successes.run(done);
      stop({ outcome: 'succeeded' });
      return result;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.failures.inc({ job: name });
      const run = await claimed();
      if (!run) return { skipped: 'already finished' };
      const final = error instanceof UnrecoverableError || run.attempts >= run.max_attempts;
      await this.dataSource.query(
        `UPDATE job_runs SET status = $2::varchar, error = $3, finished_at = CASE WHEN $2::varchar = 'failed' THEN now() ELSE NULL END, updated_at = now() WHERE id = $1`,
        [runId, final ? 'failed' : 'queued', error.message.slice(0, 4000)],
      );
      stop({ outcome: final ? 'failed' : 'retried' });
      if (final && !(error instanceof UnrecoverableError)) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  /** Jobs from a scheduler have no outbox row: they get a run record when they start. */
  private async scheduledRun(job: Job<QueuedJobData>): Promise<string> {
    const key = `scheduled:${job.id ?? job.name}`;
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO job_runs (name, queue, payload, max_attempts, dedup_key, dispatched_at) VALUES ($1, $2, '{}'::jsonb, $3, $4, now())
       ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL AND finished_at IS NULL DO UPDATE SET updated_at = now() RETURNING id`,
      [job.name, job.queueName, JOBS[job.name as JobName]?.attempts ?? 1, key],
    );
    return rows[0].id;
  }
}
