import type { INestApplication, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { configureApp, createHttpAdapter } from '@filiere/platform/http';
import { createTestDatabase } from './test-database';
import { TEST_REDIS_URL } from './test-env';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  dataSource: DataSource;
  config: AppConfig;
  close: () => Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-of-at-least-thirty-two-characters';

/**
 * Boots the real application module on a fresh database cloned from the migrated template,
 * with the same bootstrap as production (pipes, filters, limits, headers), against real
 * PostgreSQL and Redis.
 */
export async function createTestApp(rootModule: Type<unknown>, options: { env?: Record<string, string>; override?: (b: TestingModuleBuilder) => TestingModuleBuilder } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    JWT_ACCESS_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://filiere.test',
    // BullMQ keys of this test file only.
    QUEUE_PREFIX: `test-${process.pid}-${db.name.slice(-8)}`,
    ...options.env,
  });
  let builder = Test.createTestingModule({ imports: [rootModule] });
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const config = moduleRef.get<AppConfig>(APP_CONFIG);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), { bufferLogs: true });
  await configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
