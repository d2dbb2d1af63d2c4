import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConfigOrExit } from '@filiere/platform/config';
import { configureApp, createHttpAdapter } from '@filiere/platform/http';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = getConfigOrExit();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(config), { bufferLogs: true });
  await configureApp(app, config);
  await app.listen(config.port, '0.0.0.0');
  process.stdout.write(`Filière API listening on ${config.publicUrl}/api (docs: ${config.publicUrl}/api/docs)\n`);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`Filière API failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
