import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpAdapter, createOpenApiDocument } from '@filiere/platform/http';
import { AppModule } from './app.module';

/** The app built as main.ts builds it (global prefix included), its OpenAPI document, without listening. */
export async function buildOpenApiDocument(): Promise<ReturnType<typeof createOpenApiDocument>> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter({ bodyLimit: '1mb', trustProxy: false }), { logger: ['error'], abortOnError: false });
  try {
    app.setGlobalPrefix('api', { exclude: ['metrics'] });
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

export async function writeOpenApiDocument(file: string): Promise<string> {
  const document = await buildOpenApiDocument();
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}
