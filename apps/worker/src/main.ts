import 'reflect-metadata';
import { createServer, Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { Logger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { getConfigOrExit } from '@filiere/platform/config';
import { checkHealth, METRICS_REGISTRY } from '@filiere/platform/health';
import type { Registry } from 'prom-client';
import { REDIS_CLIENT } from '@filiere/platform/redis';
import { WorkerRootModule } from '@filiere/jobs';
import { applyWorkerHeapPolicy } from './heap-policy';

async function bootstrap(): Promise<void> {
  applyWorkerHeapPolicy();
  const config = getConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerRootModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const redis = app.get<Redis>(REDIS_CLIENT);
  await redis.ping().catch(() => app.get(Logger).warn('Redis is not reachable yet: jobs wait in the outbox'));
  const metrics = app.get<Registry>(METRICS_REGISTRY);

  // The worker's only HTTP surface: GET /health for orchestrators.
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      void checkHealth(dataSource, redis).then((report) => {
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      });
      return;
    }
    if (req.method === 'GET' && req.url === '/metrics') {
      void metrics.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(text);
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'Route not found', errors: [] }));
  });
  server.listen(config.workerHealthPort, '0.0.0.0');
  const shutdown = (): void => {
    server.close();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  app.get(Logger).log(`Filière worker ready (health and metrics on :${config.workerHealthPort})`);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`Filière worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
