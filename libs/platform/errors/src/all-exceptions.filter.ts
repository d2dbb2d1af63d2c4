import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
const DB_ERRORS: Record<string, { status: number; code: string; message: string; aboutConstraint?: false }> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'Duplicate value' },
  '23503': { status: 409, code: 'CONFLICT', message: 'Referenced record missing or still in use' },
  '23514': { status: 422, code: 'UNPROCESSABLE', message: 'Value not allowed' },
  '40001': { status: 409, code: 'CONCURRENT_UPDATE', message: 'Concurrent update, retry the request' },
  '40P01': { status: 409, code: 'CONCURRENT_UPDATE', message: 'Concurrent update, retry the request' },
  // A character the database cannot store (NUL in text or jsonb) that got past NoNulCharacterPipe (a file's content, say).
  '22021': { status: 400, code: 'BAD_REQUEST', message: 'Text holds a character that cannot be stored (NUL)', aboutConstraint: false },
  '22P05': { status: 400, code: 'BAD_REQUEST', message: 'Text holds a character that cannot be stored (NUL)', aboutConstraint: false },
};

/** Error raised by the HTTP server before a route runs (body parsing, uploads, URL). */
interface HttpLikeError {
  status?: number;
  statusCode?: number;
  code?: string;
  expose?: boolean;
  message?: string;
}

/** Fastify's own errors (content parsers, @fastify/multipart, the router), by code. */
const SERVER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: 'Content-Length does not match the body' },
  FST_ERR_BAD_URL: { status: 400, code: 'MALFORMED_URL', message: 'Malformed URL encoding' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'File too large' },
  FST_FILES_LIMIT: { status: 400, code: 'BAD_REQUEST', message: 'Too many files' },
  FST_FIELDS_LIMIT: { status: 400, code: 'BAD_REQUEST', message: 'Unexpected form field: send only the file fields' },
  FST_PARTS_LIMIT: { status: 400, code: 'BAD_REQUEST', message: 'Too many parts' },
  FST_PROTO_VIOLATION: { status: 400, code: 'BAD_REQUEST', message: 'Invalid multipart field name' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 400, code: 'BAD_REQUEST', message: 'Request is not multipart' },
};

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
  // Fastify's own errors, as thrown or wrapped by Nest in an HttpException (the original as the cause).
  const raw = (exception instanceof HttpException ? exception.cause : exception) as HttpLikeError | null | undefined;
  const server = typeof raw?.code === 'string' ? SERVER_ERRORS[raw.code] : undefined;
  if (server) return body(server.status, server.code, server.message);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (exception.cause instanceof URIError) return body(400, 'MALFORMED_URL', 'Malformed URL encoding');
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
    if (mapped) return body(mapped.status, mapped.code, mapped.aboutConstraint === false ? mapped.message : `${mapped.message} (${driverError?.constraint ?? 'constraint'})`);
  }
  const httpLike = exception as HttpLikeError | null;
  const status = httpLike?.statusCode ?? httpLike?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return body(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`, httpLike?.expose && httpLike.message ? httpLike.message : 'Bad request');
  }
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Internal server error');
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest | (ServerResponse['req'] & { id?: string })>();
    const res = ctx.getResponse<FastifyReply | ServerResponse>();
    const body = toErrorBody(exception, req.id === undefined ? undefined : String(req.id));
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    const json = JSON.stringify(body);
    if ('raw' in res) {
      if (res.sent || res.raw.headersSent) return;
      // A route may have set its own type (a CSV or PDF download) or disposition before failing:
      // the error is JSON, and not a file to save.
      res.removeHeader('Content-Disposition');
      void res.code(body.statusCode).type('application/json; charset=utf-8').send(json);
      return;
    }
    // A Nest middleware's error arrives with Node's own response.
    if (res.headersSent) return;
    res.removeHeader('Content-Disposition');
    res.writeHead(body.statusCode, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
    res.end(json);
  }
}
