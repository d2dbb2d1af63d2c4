import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO8601, Matches } from 'class-validator';

/** Trims a string field before validation (other types pass through to fail their own checks). */
export const Trim = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases a string field (emails, slugs). */
/** Trims each string of an array field. */
export const TrimEach = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v)) : value));

export const TrimLower = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_ONLY_MESSAGE = { message: '$property must be a date YYYY-MM-DD' };

/** A calendar date `YYYY-MM-DD` that exists (2027-02-30 is refused). */
export const IsDateOnly = (): PropertyDecorator => applyDecorators(Matches(DATE_ONLY, DATE_ONLY_MESSAGE), IsISO8601({ strict: true }, DATE_ONLY_MESSAGE));
