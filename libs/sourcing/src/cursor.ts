import { badRequest } from '@filiere/platform/errors';

/** Opaque page cursors of the sourcing lists: base64url JSON, checked on the way back in. */
export function encodeListCursor<T extends object>(value: T): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeListCursor<T extends object>(cursor: string, isValid: (value: T) => boolean): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
    if (typeof value === 'object' && value !== null && isValid(value)) return value;
  } catch {
    // fall through
  }
  throw badRequest('INVALID_CURSOR', 'cursor is not one this API returned', [{ field: 'cursor', message: 'invalid cursor' }]);
}
