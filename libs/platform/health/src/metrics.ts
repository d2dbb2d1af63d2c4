import { Controller, DynamicModule, Get, Global, Inject, Injectable, Module, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Public } from '@filiere/platform/auth';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** HTTP latency by method, route pattern (never raw ids) and status; fed by the HTTP server's onResponse hook. */
@Injectable()
export class HttpMetrics {
  private readonly histogram: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  /** `route` is the matched pattern (`/api/cohorts/:id`), undefined when no route matched. */
  observe(method: string, route: string | undefined, status: number, seconds: number): void {
    this.histogram.observe({ method, route: route ?? 'unmatched', status: String(status) }, seconds);
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  /** Prometheus scrape endpoint (outside /api; keep it on the internal network). */
  @Get()
  @Public()
  async metrics(@Res() res: FastifyReply): Promise<void> {
    await res.type(this.registry.contentType).send(await this.registry.metrics());
  }
}

@Global()
@Module({})
export class MetricsModule {
  /** One Prometheus registry per process; the api also serves it at GET /metrics. */
  static forRoot(app: 'api' | 'worker'): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(app) }, HttpMetrics],
      controllers: app === 'api' ? [MetricsController] : [],
      exports: [METRICS_REGISTRY, HttpMetrics],
    };
  }
}
