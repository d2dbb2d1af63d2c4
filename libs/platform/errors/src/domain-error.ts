export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error the API reports to its client: an HTTP status, a stable machine `code`
 * and an English message. Mapped to the API.md error shape by {@link AllExceptionsFilter}.
 */
export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError(404, 'NOT_FOUND', `${what} not found`);

export const conflict = (code: string, message: string): DomainError => new DomainError(409, code, message);

export const forbidden = (message = 'Your role may not do this'): DomainError =>
  new DomainError(403, 'FORBIDDEN', message);

export const unprocessable = (code: string, message: string, errors: FieldError[] = []): DomainError =>
  new DomainError(422, code, message, errors);

export const badRequest = (code: string, message: string, errors: FieldError[] = []): DomainError =>
  new DomainError(400, code, message, errors);

export const invalidField = (field: string, message: string): DomainError =>
  new DomainError(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);

/** 400 VALIDATION_FAILED naming the first field error (and how many more), with all of them listed. */
export const validationFailed = (errors: FieldError[]): DomainError => {
  const first = errors[0];
  const summary = first ? `${first.field}: ${first.message}` : 'invalid input';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new DomainError(400, 'VALIDATION_FAILED', `Request validation failed — ${summary}${more}`, errors);
};
