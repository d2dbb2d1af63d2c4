import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { genRequestId } from './request-id';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The current request's id, wherever the code runs during that request (services, audit). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Express middleware: assigns the request id and opens the request's context. Registered after body parsing. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const withId = req as Request & { id?: string };
  withId.id ??= genRequestId(req, res);
  storage.run({ requestId: withId.id }, next);
}
