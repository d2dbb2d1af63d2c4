import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

/** The one typed configuration object, read once from the environment and validated. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  workerHealthPort: number;
  databaseUrl: string;
  redisUrl: string;
  jwt: { accessSecret: string; accessTtlSeconds: number; generated: boolean };
  refreshTtlDays: number;
  invitationTtlDays: number;
  corsOrigins: string[];
  bodyLimit: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  publicUrl: string;
  trustProxy: boolean;
  platformAdmin: { email: string; password: string } | null;
  demoSeed: boolean;
  loginRateLimitPerMinute: number;
  /** BullMQ key prefix (tests use one per run so they never share queues). */
  queuePrefix: string;
  jobConcurrency: number;
  /** How long a worker holds a job before it counts as stalled and is picked up again. */
  jobLockMs: number;
  /** Fallback sweep of the outbox (a NOTIFY wakes the relay at once). */
  relayIntervalMs: number;
  /** How often a worker looks for runs left unfinished behind a finished (or vanished) BullMQ job. */
  reconcileIntervalMs: number;
  /** How long a dispatched run may go untouched before the reconciler looks at its BullMQ job. */
  reconcileAfterMs: number;
  smtpUrl: string | null;
  mailFrom: string;
  /** Where uploads (SIRENE files…) wait for the worker: a directory both api and worker see. */
  uploadDir: string;
  /** Largest accepted upload, in bytes (SIRENE's full stock is about 7 GB uncompressed). */
  uploadMaxBytes: number;
  /** Threads that parse a SIRENE file besides the import's own; null: by the cores (one from 3 cores, none below). */
  sireneParseThreads: number | null;
  /** The built web app (apps/web → dist/web) served on the API's origin; null: none. */
  webDir: string | null;
}

/** Thrown when the environment is unusable; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number (got "${raw}")`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${n})`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = str(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL like ${fallback} (got "${value}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return value;
}

function queuePrefix(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new ConfigError('QUEUE_PREFIX', `must be 1-64 letters, digits, _ or - (got "${value}")`);
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = str(env, 'NODE_ENV', 'development');
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test (got "${nodeEnvRaw}")`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;
  const port = int(env, 'PORT', 3000, 0, 65535);

  let accessSecret = str(env, 'JWT_ACCESS_SECRET', '');
  let generated = false;
  if (!accessSecret) {
    if (nodeEnv === 'production') throw new ConfigError('JWT_ACCESS_SECRET', 'is required in production');
    accessSecret = randomBytes(32).toString('base64url');
    generated = true;
  } else if (accessSecret.length < 32) {
    throw new ConfigError('JWT_ACCESS_SECRET', 'must be at least 32 characters long');
  }

  const logLevel = str(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }

  const corsOrigins = str(env, 'CORS_ORIGINS', '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError('CORS_ORIGINS', `must be a comma-separated list of origins like https://app.example.fr (got "${origin}")`);
    }
  }

  const bodyLimit = str(env, 'BODY_LIMIT', '1mb');
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) throw new ConfigError('BODY_LIMIT', `must look like 100kb or 1mb (got "${bodyLimit}")`);

  const adminEmail = str(env, 'PLATFORM_ADMIN_EMAIL', '');
  const adminPassword = env['PLATFORM_ADMIN_PASSWORD'] ?? '';
  if (adminEmail && adminPassword && adminPassword.length < 12) {
    throw new ConfigError('PLATFORM_ADMIN_PASSWORD', 'must be at least 12 characters long');
  }
  if (adminEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('PLATFORM_ADMIN_EMAIL', `must be an email address (got "${adminEmail}")`);
  }

  return {
    nodeEnv,
    port,
    workerHealthPort: int(env, 'WORKER_HEALTH_PORT', 3001, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/filiere', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379/0', ['redis:', 'rediss:']),
    jwt: { accessSecret, accessTtlSeconds: int(env, 'JWT_ACCESS_TTL_SECONDS', 900, 60, 86_400), generated },
    refreshTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    invitationTtlDays: int(env, 'INVITATION_TTL_DAYS', 14, 1, 90),
    corsOrigins,
    bodyLimit,
    logLevel: logLevel as AppConfig['logLevel'],
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']).replace(/\/$/, ''),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    platformAdmin: adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : null,
    demoSeed: bool(env, 'DEMO_SEED', true),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 10_000),
    queuePrefix: queuePrefix(str(env, 'QUEUE_PREFIX', 'filiere')),
    jobConcurrency: int(env, 'JOB_CONCURRENCY', 50, 1, 500),
    jobLockMs: int(env, 'JOB_LOCK_MS', 30_000, 1_000, 600_000),
    relayIntervalMs: int(env, 'OUTBOX_RELAY_INTERVAL_MS', 1_000, 50, 60_000),
    reconcileIntervalMs: int(env, 'JOB_RECONCILE_INTERVAL_MS', 60_000, 1_000, 3_600_000),
    reconcileAfterMs: int(env, 'JOB_RECONCILE_AFTER_MS', 300_000, 1_000, 86_400_000),
    smtpUrl: env['SMTP_URL'] ? url(env, 'SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']) : null,
    mailFrom: str(env, 'MAIL_FROM', 'Filière <no-reply@filiere.fr>'),
    uploadDir: str(env, 'UPLOAD_DIR', join(tmpdir(), 'filiere-uploads')),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_MB', 10_240, 1, 1_000_000) * 1024 * 1024,
    sireneParseThreads: env['SIRENE_PARSE_THREADS']?.trim() ? int(env, 'SIRENE_PARSE_THREADS', 0, 0, 8) : null,
    webDir: ['off', 'false', 'none'].includes(str(env, 'WEB_DIR', 'dist/web').toLowerCase()) ? null : str(env, 'WEB_DIR', 'dist/web'),
  };
}

let cached: AppConfig | undefined;

/** The process's configuration, loaded once (so a generated demo secret stays the same). */
export function getConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}

/** For process entry points: the configuration, or exit with its one-line explanation. */
export function getConfigOrExit(): AppConfig {
  try {
    return getConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
