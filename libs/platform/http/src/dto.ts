import { Transform } from 'class-transformer';

/** Trims a string field before validation (other types pass through to fail their own checks). */
export const Trim = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases a string field (emails, slugs). */
export const TrimLower = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
