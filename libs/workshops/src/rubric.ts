import type { FieldError } from '@filiere/platform/errors';
import type { RubricCriterion } from './workshop.entities';

/** Field errors for a rubric whose keys repeat (the rest is checked by the DTO). */
export function rubricErrors(criteria: Pick<RubricCriterion, 'key'>[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  criteria.forEach((c, i) => {
    if (seen.has(c.key)) errors.push({ field: `criteria.${i}.key`, message: `duplicate key "${c.key}"` });
    seen.add(c.key);
  });
  return errors;
}

/**
 * Checks an evaluation's scores against the rubric: every criterion scored, no unknown key,
 * each a number from 0 to the criterion's maxScore. Field errors name `scores.<key>`.
 */
export function validateScores(criteria: RubricCriterion[], scores: Record<string, unknown>): { scores: Record<string, number>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const clean: Record<string, number> = {};
  const known = new Set(criteria.map((c) => c.key));
  for (const key of Object.keys(scores)) {
    if (!known.has(key)) errors.push({ field: `scores.${key}`, message: `unknown criterion (the rubric has: ${criteria.map((c) => c.key).join(', ')})` });
  }
  for (const c of criteria) {
    const value = scores[c.key];
    if (value === undefined || value === null) {
      errors.push({ field: `scores.${c.key}`, message: 'required: every criterion is scored' });
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push({ field: `scores.${c.key}`, message: 'must be a number' });
    } else if (value < 0 || value > c.maxScore) {
      errors.push({ field: `scores.${c.key}`, message: `must be between 0 and ${c.maxScore}` });
    } else {
      clean[c.key] = value;
    }
  }
  return { scores: clean, errors };
}
