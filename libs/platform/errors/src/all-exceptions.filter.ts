import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, FieldError } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors: FieldError[];
  requestId: string | undefined;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** PostgreSQL errors that are the client's, not the server's (a race past the service checks). */
const DB_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'Duplicate value' },
  '23503': { status: 409, code: 'CONFLICT', message: 'Referenced record missing or still in use' },
  '23514': { status: 422, code: 'UNPROCESSABLE', message: 'Value not allowed' },
  '40001': { status: 409, code: 'CONCURRENT_UPDATE', message: 'Concurrent update, retry the request' },
  '40P01': { status: 409, code: 'CONCURRENT_UPDATE', message: 'Concurrent update, retry the request' },
};

/** Error raised by body-parser (raw-body) before a route runs. */
interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Maps every error to the API.md shape; never leaks a stack trace. */
export function toErrorBody(exception: unknown, requestId: string | undefined): ErrorBody {
  const body = (statusCode: number, code: string, message: string, errors: FieldError[] = []): ErrorBody => ({
    statusCode,
    code,
    message,
    errors,
    requestId,
  });

  if (exception instanceof DomainError) {
    return body(exception.statusCode, exception.code, exception.message, exception.errors);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const cause = exception.cause as HttpLikeError | undefined;
    if (cause?.type === 'entity.parse.failed') return body(400, 'MALFORMED_JSON', 'Request body is not valid JSON');
    if (cause?.type === 'entity.too.large') return body(413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
    if (cause instanceof URIError) return body(400, 'MALFORMED_URL', 'Malformed URL encoding');
    const response = exception.getResponse();
    let message = exception.message;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const m = response.message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    if (status === 404 && message.startsWith('Cannot ')) message = `Route not found: ${message.slice(7)}`;
    if (status === 429) message = 'Too many requests, try again later';
    return body(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`, message);
  }
  if (exception instanceof QueryFailedError) {
    const driverError = (exception as { driverError?: { code?: string; constraint?: string } }).driverError;
    const mapped = driverError?.code ? DB_ERRORS[driverError.code] : undefined;
    if (mapped) return body(mapped.status, mapped.code, `${mapped.message} (${driverError?.constraint ?? 'constraint'})`);
  }
  const httpLike = exception as HttpLikeError | null;
  const status = httpLike?.statusCode ?? httpLike?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (httpLike?.type === 'entity.too.large') return body(413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
    if (httpLike?.type === 'entity.parse.failed') return body(400, 'MALFORMED_JSON', 'Request body is not valid JSON');
    return body(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`, httpLike?.expose && httpLike.message ? httpLike.message : 'Bad request');
  }
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Internal server error');
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const body = toErrorBody(exception, req.id === undefined ? undefined : String(req.id));
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    if (res.headersSent) return;
    // A route may have set its own type (a CSV or PDF download) or disposition before failing:
    // the error is JSON, and not a file to save.
    res.removeHeader('Content-Disposition');
    res.status(body.statusCode).type('application/json').json(body);
  }
}
