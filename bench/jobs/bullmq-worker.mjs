// The plain-BullMQ side of `npm run bench:jobs`: one BullMQ Worker with a no-op processor, in its
// own process (forked by bench/jobs/run.mjs, so it does not share the producer's event loop).
// Same Redis, concurrency and connection options as the product's worker
// (libs/platform/queue/src/connections.ts: maxRetriesPerRequest null). Reports its completed and
// failed counts to the parent over IPC (at most every 20 ms, when they change); stops on 'stop'.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const { BENCH_REDIS_URL, BENCH_PREFIX, BENCH_QUEUE, BENCH_CONCURRENCY } = process.env;

const connection = new Redis(BENCH_REDIS_URL, { connectionName: 'bench-plain-worker', maxRetriesPerRequest: null, enableReadyCheck: true });
let completed = 0;
let failed = 0;
let lastAt = 0;
let sent = '';

const worker = new Worker(BENCH_QUEUE, async () => undefined, { connection, prefix: BENCH_PREFIX, concurrency: Number(BENCH_CONCURRENCY), autorun: true });
worker.on('completed', () => {
  completed++;
  lastAt = Date.now();
});
worker.on('failed', () => {
  failed++;
  lastAt = Date.now();
});
worker.on('error', (err) => process.send?.({ type: 'error', message: err.message }));

const report = () => {
  const key = `${completed}/${failed}`;
  if (key === sent) return;
  sent = key;
  process.send?.({ type: 'count', completed, failed, lastAt });
};
const timer = setInterval(report, 20);

process.on('message', async (msg) => {
  if (msg?.type !== 'stop') return;
  clearInterval(timer);
  report();
  await worker.close();
  await connection.quit().catch(() => connection.disconnect());
  process.send?.({ type: 'stopped' }, () => process.exit(0));
});
process.on('disconnect', () => process.exit(0));

await worker.waitUntilReady();
process.send?.({ type: 'ready', pid: process.pid });
