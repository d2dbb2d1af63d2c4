import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, validationFailed } from './domain-error';

/** Flattens class-validator's tree into `[{field: 'company.siret', message}]`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'unknown field') });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** Global pipe: unknown fields rejected, payloads transformed to DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => validationFailed(flattenValidationErrors(errors)),
  });
}

/** Where a NUL character hides in a request value (`'company.name'`, `'items.2'`; `''`: the value itself), or null. */
function nulPath(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (typeof value !== 'object' || value === null || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulPath(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Global pipe, before validation: a body, query or path parameter holding the NUL character
 * (U+0000) is refused with a 400. PostgreSQL's text and jsonb cannot store it; let through, it
 * would fail a write halfway with a server error.
 */
@Injectable()
export class NoNulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const path = nulPath(value, metadata.type === 'body' ? '' : (metadata.data ?? ''), 0);
    if (path !== null) throw validationFailed([{ field: path || metadata.type, message: 'must not contain the NUL character (U+0000)' }]);
    return value;
  }
}
