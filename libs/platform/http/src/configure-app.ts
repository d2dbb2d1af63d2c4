import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import accepts from 'accepts';
import type { FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import { AppConfig } from '@filiere/platform/config';
import { HttpMetrics } from '@filiere/platform/health';
import { mountQueueDashboard } from '@filiere/platform/queue';
import { requestContextHook } from './request-context';
import { requestIdOf } from './request-id';
import { AllExceptionsFilter, createValidationPipe, NoNulCharacterPipe } from '@filiere/platform/errors';

/** BODY_LIMIT ("100kb", "1mb", "512b") in bytes. */
export function bodyLimitBytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!m) throw new Error(`Invalid body limit "${limit}"`);
  const unit = m[2].toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * The HTTP server under Nest: Fastify. Request ids (a well-formed incoming X-Request-Id, else a
 * UUID) are made by Fastify itself and kept on the raw request for the access log.
 */
export function createHttpAdapter(config: Pick<AppConfig, 'bodyLimit' | 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes(config.bodyLimit),
    // TRUST_PROXY: the client address is the one the first proxy saw (X-Forwarded-For, one hop).
    trustProxy: config.trustProxy ? (_address: string, hop: number) => hop < 1 : false,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const id = requestIdOf(req);
      (req as IncomingMessage & { id?: string }).id = id;
      return id;
    },
    // Follow-up tokens are path values well past Fastify's 100 characters; a trailing slash is
    // ignored, as Express did.
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
  });
}

/**
 * Everything the HTTP app needs besides its modules — shared by main.ts and the tests so
 * that tests exercise the very pipes, filters, limits and headers production runs.
 */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.header('X-Request-Id', req.id);
    done();
  });
  const metrics = app.get(HttpMetrics, { strict: false });
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    metrics.observe(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  // JSON bodies (within the server's BODY_LIMIT): Fastify's parser (prototype poisoning refused), except that an empty body sent with a
  // JSON type reads as {} (as under Express; some clients always send the header), so the route
  // answers with its own field errors.
  const json = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (req, body, done) => {
    if (body.length === 0) done(null, {});
    else void json(req, body.toString('utf8'), done);
  });
  // The request's context (its id, for the audit trail) around the handler, after the body is read.
  fastify.addHook('preHandler', requestContextHook);
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  app.enableCors({
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    credentials: false,
    exposedHeaders: ['X-Request-Id'],
  });
  // Uploads: streamed by the routes that take files (MultipartInterceptor), with their own limits.
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, fields: 0 } });
  await mountQueueDashboard(app);
  app.useGlobalPipes(new NoNulCharacterPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await serveWebApp(app, config.webDir);
}

/** The OpenAPI document of the app (served at /api/docs-json; the web app's typed client is generated from it). */
export function createOpenApiDocument(app: NestFastifyApplication): ReturnType<typeof SwaggerModule.createDocument> {
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

const API_PATH = /^\/(api|metrics)(\/|$|\?)/;

/**
 * The web app (apps/web, built by Vite into `webDir`) on the same origin: its files, and
 * index.html for any other GET outside /api and /metrics (client-side routes). Nothing when
 * the directory has no build.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string | null): Promise<void> {
  if (!webDir) return;
  const dir = resolve(webDir);
  if (!existsSync(join(dir, 'index.html'))) return;
  // One route per file of the build (no file-system lookup on other requests); hashed names
  // under assets/ are cacheable for ever, index.html is always revalidated. Top-level folders
  // named like the API's prefixes get no route: a build with such a folder must not shadow the API.
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    index: false,
    cacheControl: false,
    globIgnore: ['api/**', 'metrics/**', 'metrics'],
    setHeaders: (reply, path) => {
      reply.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const spa = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (API_PATH.test(req.url) || !accepts(req.raw).type(['html'])) {
      reply.callNotFound();
      return;
    }
    reply.header('Cache-Control', 'no-cache');
    await reply.sendFile('index.html', dir, { cacheControl: false });
  };
  fastify.get('/', spa);
  fastify.get('/*', spa);
}
