import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from '@filiere/platform/config';
import { HttpMetricsMiddleware } from '@filiere/platform/health';
import { mountQueueDashboard } from '@filiere/platform/queue';
import { requestContextMiddleware } from './request-context';
import { genRequestId } from './request-id';
import { AllExceptionsFilter, createValidationPipe, toErrorBody } from '@filiere/platform/errors';

/**
 * Everything the HTTP app needs besides its modules — shared by main.ts and the tests so
 * that tests exercise the very pipes, filters, limits and headers production runs.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  // The request id is set before anything else so that even a body-parser error carries it.
  app.use((req: Request, res: Response, next: NextFunction) => {
    (req as Request & { id?: string }).id = genRequestId(req, res);
    next();
  });
  const metrics = app.get(HttpMetricsMiddleware, { strict: false });
  app.use(metrics.use.bind(metrics));
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  if (config.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: false }));
  app.enableCors({
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    credentials: false,
    exposedHeaders: ['X-Request-Id'],
  });
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.use(requestContextMiddleware);
  mountQueueDashboard(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveWebApp(app, config.webDir);
}

/** The OpenAPI document of the app (served at /api/docs-json; the web app's typed client is generated from it). */
export function createOpenApiDocument(app: NestExpressApplication): ReturnType<typeof SwaggerModule.createDocument> {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Filière API')
      .setDescription('Accélérateur relocalisation — cohorts, projects, milestones, coaching, sourcing, financing.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

const API_PATH = /^\/(api|metrics)(\/|$)/;

/**
 * The web app (apps/web, built by Vite into `webDir`) on the same origin: static files, and
 * index.html for any other GET outside /api and /metrics (client-side routes). Nothing when
 * the directory has no build.
 */
export function serveWebApp(app: NestExpressApplication, webDir: string | null): void {
  if (!webDir) return;
  const dir = resolve(webDir);
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  // Hashed file names under assets/: cacheable for ever; index.html is always revalidated.
  const files = express.static(dir, { index: false, setHeaders: (res: Response, path: string) => res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache') });
  // Not for the API: the static handler would look for a file (a stat system call) on every API request.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATH.test(req.path)) next();
    else void files(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATH.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/** Last-resort Express handler for errors raised before Nest's filters (e.g. body parsing). */
export function expressErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  const body = toErrorBody(err, (req as Request & { id?: string }).id);
  res.status(body.statusCode).json(body);
}
