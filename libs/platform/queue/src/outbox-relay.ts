import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
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
}

/** What the BullMQ job carries: the run id (= the BullMQ job id, for dedup) and the payload. */
export interface QueuedJobData {
  runId: string;
  payload: Record<string, unknown>;
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

  private async dispatchBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<OutboxRow[]>(
        `SELECT id, name, queue, payload, max_attempts FROM job_runs WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (!rows.length) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
      for (const [queue, list] of byQueue) {
        await this.queues.get(queue).addBulk(
          list.map((r) => ({
            name: r.name,
            data: { runId: r.id, payload: r.payload } satisfies QueuedJobData,
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
      await m.query(`UPDATE job_runs SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
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
