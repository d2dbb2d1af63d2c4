import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenPayload } from '@filiere/platform/auth';
import { toErrorBody } from '@filiere/platform/errors';
import { QueueRegistry } from './queue-registry';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';
const COOKIE = 'filiere_ops';

/**
 * bull-board for platform admins. The access token comes in the Authorization header, or once
 * as `?token=` (then kept in an HttpOnly cookie scoped to the dashboard path for its lifetime).
 */
export async function mountQueueDashboard(app: INestApplication): Promise<void> {
  let registry: QueueRegistry;
  try {
    registry = app.get(QueueRegistry, { strict: false });
  } catch {
    return; // an app without queues
  }
  const jwt = app.get(JwtService, { strict: false });
  const adapter = new FastifyAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: registry.all().map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Filière — files de tâches' } } });

  const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = req.headers.authorization?.replace(/^Bearer /i, '');
    const tokenParam = (req.query as Record<string, unknown> | undefined)?.['token'];
    const query = typeof tokenParam === 'string' ? tokenParam : undefined;
    const cookie = /(?:^|;\s*)filiere_ops=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const token = header ?? query ?? cookie;
    const deny = async (status: number, code: string, message: string): Promise<void> => {
      await reply.code(status).type('application/json').send({ ...toErrorBody(null, req.id), statusCode: status, code, message });
    };
    if (!token) return deny(401, 'UNAUTHENTICATED', 'Authentication required');
    let payload: AccessTokenPayload;
    try {
      payload = jwt.verify<AccessTokenPayload & object>(token);
    } catch {
      return deny(401, 'INVALID_TOKEN', 'Invalid access token');
    }
    if (payload.role !== 'platform_admin') return deny(403, 'FORBIDDEN', 'The queue dashboard is for platform admins');
    // A verified JWT (base64url and dots): nothing to encode in a cookie value.
    if (query) reply.header('Set-Cookie', `${COOKIE}=${query}; Path=${QUEUE_DASHBOARD_PATH}; HttpOnly; SameSite=Strict`);
  };
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', guard);
    await scope.register(adapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
