/** A milestone of a programme's retro-planning, placed relative to the cohort start date. */
export interface MilestoneTemplate {
  key: string;
  title: string;
  phase: string;
  offsetDays: number;
  durationDays: number;
  description?: string;
}

/** The fixed id of the national methodology (seeded by a migration, read-only for tenants). */
export const NATIONAL_PROGRAMME_ID = '00000000-0000-4000-8000-000000000001';

/** Adds whole days to a `YYYY-MM-DD` date (calendar arithmetic in UTC: no DST surprises). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Start and due dates of a template's milestone for a cohort starting on `cohortStart`. */
export function scheduleMilestone(template: MilestoneTemplate, cohortStart: string): { startDate: string; dueDate: string } {
  const startDate = addDays(cohortStart, template.offsetDays);
  return { startDate, dueDate: addDays(startDate, template.durationDays) };
}

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const HOUR_MS = 3_600_000;
let kept: { hour: number; date: string } | null = null;

/**
 * Today's date in Europe/Paris as `YYYY-MM-DD` (what "late" is measured against), or that of `now`.
 * Europe/Paris is a whole number of hours off UTC, so its date can only change on a UTC hour: the
 * current date, once formatted, is kept for the rest of that hour (formatting costs more than a
 * request's whole cache lookup on the dashboard's hot path).
 */
export function todayInParis(now?: Date): string {
  if (now) return PARIS_DATE.format(now);
  const at = Date.now();
  const hour = Math.floor(at / HOUR_MS);
  if (kept?.hour !== hour) kept = { hour, date: PARIS_DATE.format(at) };
  return kept.date;
}
