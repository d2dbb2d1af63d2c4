/**
 * Every job of the platform: its name, its payload type, its queue and its policy. Payloads
 * carry ids, never state: handlers re-read what they need and are safe to run twice.
 * Adding a job = a line in JobPayloads and one in JOBS (the compiler checks both agree)
 * and one handler (the worker refuses to start without it).
 */
export interface JobPayloads {
  /** Does nothing: health checks of the pipeline and the jobs benchmark. */
  'system.noop': { marker?: string };
  /** Sends the email of one notification (if the recipient wants emails of that type). */
  'notification.email': { notificationId: string };
  /** Daily: milestones due in 7 days and milestones that just became late → notifications. */
  'milestones.reminders': { date?: string };
  /** Streams uploaded SIRENE files into the supplier directory (one import at a time). */
  'suppliers.import': { importId: string };
  /** Ranks the candidates of a sourcing request. */
  'sourcing.match': { requestId: string };
  /** Re-computes one project's financing matches (coalesced while one is waiting). */
  'financing.match-project': { projectId: string };
  /** A financing scheme changed: re-match the projects it may concern, across tenants. */
  'financing.scheme-changed': { schemeId: string };
  /** Nightly: scheme statuses follow the dates, then every project is re-matched. */
  'financing.nightly': { date?: string };
  /** Daily: invoices overdue by 7 and by 30 days → a reminder to the holders, a note to the advisors (once each). */
  'invoices.reminders': { date?: string };
  /** Daily: follow-up forms 6, 12 and 24 months after a cohort closed → an email to the holders (once per project and stage). */
  'reporting.follow-ups': { date?: string };
}

export type JobName = keyof JobPayloads;

export const QUEUES = ['default', 'notifications'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobDefinition {
  queue: QueueName;
  /** Attempts before the run is marked failed (1 = no retry). */
  attempts: number;
}

/** Exponential backoff base: 2 s, 4 s, 8 s, 16 s… */
export const RETRY_BACKOFF_MS = 2_000;
export const DEFAULT_ATTEMPTS = 5;
/** Finished jobs kept in Redis for a bounded time (run records stay in PostgreSQL). */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 50_000 };

export const JOBS: Record<JobName, JobDefinition> = {
  'system.noop': { queue: 'default', attempts: 3 },
  'notification.email': { queue: 'notifications', attempts: DEFAULT_ATTEMPTS },
  'milestones.reminders': { queue: 'default', attempts: 3 },
  'suppliers.import': { queue: 'default', attempts: 3 },
  'sourcing.match': { queue: 'default', attempts: DEFAULT_ATTEMPTS },
  // The projects table trigger (migration FinancingSeed) writes these rows itself: keep queue and attempts in step.
  'financing.match-project': { queue: 'default', attempts: 3 },
  'financing.scheme-changed': { queue: 'default', attempts: 3 },
  'financing.nightly': { queue: 'default', attempts: 3 },
  'invoices.reminders': { queue: 'default', attempts: 3 },
  'reporting.follow-ups': { queue: 'default', attempts: 3 },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** Scheduled jobs (BullMQ job schedulers), in Europe/Paris time. */
export const SCHEDULES: { id: string; name: JobName; pattern: string }[] = [
  { id: 'milestones-reminders-daily', name: 'milestones.reminders', pattern: '0 7 * * *' },
  { id: 'financing-nightly', name: 'financing.nightly', pattern: '30 2 * * *' },
  { id: 'invoices-reminders-daily', name: 'invoices.reminders', pattern: '0 8 * * *' },
  { id: 'reporting-follow-ups-daily', name: 'reporting.follow-ups', pattern: '0 9 * * *' },
];

export const SCHEDULE_TIMEZONE = 'Europe/Paris';
