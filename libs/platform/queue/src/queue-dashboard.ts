import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NextFunction, Request, Response } from 'express';
import type { AccessTokenPayload } from '@filiere/platform/auth';
import { toErrorBody } from '@filiere/platform/errors';
import { QueueRegistry } from './queue-registry';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';
const COOKIE = 'filiere_ops';

/**
 * bull-board for platform admins. The access token comes in the Authorization header, or once
 * as `?token=` (then kept in an HttpOnly cookie scoped to the dashboard path for its lifetime).
 */
export function mountQueueDashboard(app: INestApplication): void {
  let registry: QueueRegistry;
  try {
    registry = app.get(QueueRegistry, { strict: false });
  } catch {
    return; // an app without queues
  }
  const jwt = app.get(JwtService, { strict: false });
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: registry.all().map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Filière — files de tâches' } } });

  const guard = (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization?.replace(/^Bearer /i, '');
    const query = typeof req.query['token'] === 'string' ? req.query['token'] : undefined;
    const cookie = /(?:^|;\s*)filiere_ops=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const token = header ?? query ?? cookie;
    const deny = (status: number, code: string, message: string): void => {
      const body = { ...toErrorBody(null, (req as Request & { id?: string }).id), statusCode: status, code, message };
      res.status(status).json(body);
    };
    if (!token) return deny(401, 'UNAUTHENTICATED', 'Authentication required');
    let payload: AccessTokenPayload;
    try {
      payload = jwt.verify<AccessTokenPayload & object>(token);
    } catch {
      return deny(401, 'INVALID_TOKEN', 'Invalid access token');
    }
    if (payload.role !== 'platform_admin') return deny(403, 'FORBIDDEN', 'The queue dashboard is for platform admins');
    if (query) res.cookie(COOKIE, query, { httpOnly: true, sameSite: 'strict', path: QUEUE_DASHBOARD_PATH });
    next();
  };
  app.use(QUEUE_DASHBOARD_PATH, guard, adapter.getRouter());
}
