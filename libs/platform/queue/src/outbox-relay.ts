import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { queryReturning } from '@filiere/platform/database';
import { JobName, JOBS, KEEP_COMPLETED, KEEP_FAILED, QueueName, RETRY_BACKOFF_MS } from './jobs';
import { QueueRegistry } from './queue-registry';

export const OUTBOX_CHANNEL = 'job_outbox';
const BATCH = 500;

interface OutboxRow {
  id: string;
  name: JobName;
  queue: QueueName;
  payload: Record<string, unknown>;
  max_attempts: number;
  created_at: Date;
  tenant_id: string | null;
  status: string;
  attempts: number;
}

/** What the BullMQ job carries: the run id (= the BullMQ job id, for dedup) and the payload. */
export interface QueuedJobData {
  runId: string;
  payload: Record<string, unknown>;
  /** The run's tenant and attempts when relayed (the worker starts a first delivery with these). */
  tenantId?: string | null;
  attempts?: number;
}

/**
 * Moves committed job requests from the outbox (job_runs rows not yet dispatched) to BullMQ.
 * Woken by PostgreSQL NOTIFY on commit, and by a periodic sweep. Several relays (several
 * workers) share the work with FOR UPDATE SKIP LOCKED; the BullMQ job id is the run id, so a
 * batch re-sent after a crash is not queued twice. While Redis is down the rows wait.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen().catch((e: unknown) => this.logger.warn(`LISTEN failed, sweeping only: ${(e as Error).message}`));
    this.timer = setInterval(() => {
      if (!this.listener) void this.listen().catch(() => undefined);
      this.kick();
    }, this.config.relayIntervalMs);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Runs the relay now (coalescing concurrent calls). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Dispatches until the outbox is empty; resolves when done (used by tests and benchmarks). */
  async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.dispatchBatch()) === BATCH);
      if (this.failing) this.logger.log('Redis reachable again: outbox relayed');
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.logger.warn(`Outbox relay paused (${(e as Error).message}); jobs wait in PostgreSQL`);
      this.failing = true;
    }
  }

  /**
   * One transaction: mark a batch dispatched (rows locked, skipping those another relay holds),
   * add it to BullMQ, commit. If BullMQ refuses, the transaction rolls back and the rows wait.
   * Only queued runs are sent: a run already claimed or finished while its relay's transaction
   * was rolled back has had its delivery, it is just marked.
   * The commit does not wait for the WAL flush: a PostgreSQL crash could only forget that the
   * batch was dispatched, and re-sending it is harmless (same job ids, and runs claimed or
   * finished since are not re-sent) — the case of a relay that dies between addBulk and COMMIT.
   */
  private async dispatchBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL synchronous_commit = off`);
      const rows = await queryReturning<OutboxRow>(
        m,
        `UPDATE job_runs SET dispatched_at = now() WHERE id IN (
           SELECT id FROM job_runs WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
         ) RETURNING id, name, queue, payload, max_attempts, created_at, tenant_id, status, attempts`,
        [BATCH],
      );
      if (!rows.length) return 0;
      const queued = rows.filter((r) => r.status === 'queued');
      queued.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const r of queued) {
        const list = byQueue.get(r.queue);
        if (list) list.push(r);
        else byQueue.set(r.queue, [r]);
      }
      for (const [queue, list] of byQueue) {
        await this.queues.get(queue).addBulk(
          list.map((r) => ({
            name: r.name,
            data: { runId: r.id, payload: r.payload, tenantId: r.tenant_id, attempts: r.attempts } satisfies QueuedJobData,
            opts: {
              jobId: r.id,
              attempts: JOBS[r.name]?.attempts ?? r.max_attempts,
              backoff: { type: 'exponential', delay: RETRY_BACKOFF_MS },
              removeOnComplete: KEEP_COMPLETED,
              removeOnFail: KEEP_FAILED,
            },
          })),
        );
      }
      return rows.length;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'filiere-outbox-listener' });
    client.on('error', () => {
      this.listener = null;
    });
    client.on('end', () => {
      if (this.listener === client) this.listener = null;
    });
    client.on('notification', () => this.kick());
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }
}
