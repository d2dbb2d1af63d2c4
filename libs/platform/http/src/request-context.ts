import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The current request's id, wherever the code runs during that request (services, audit). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Fastify preHandler hook (after the body is read): the handler runs in the request's context. */
export function requestContextHook(req: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  storage.run({ requestId: req.id }, done);
}
