#!/usr/bin/env node
// `npm start`: install what is missing, check PostgreSQL and Redis, build, migrate, seed the
// demo data, then run the API and the worker until Ctrl-C. Plain Node: it runs before npm install.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line = '') => process.stdout.write(`${line}\n`);
const fail = (line) => {
  process.stderr.write(`\n✖ ${line}\n`);
  process.exit(1);
};

const env = { ...process.env };
env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/filiere';
env.REDIS_URL ??= 'redis://127.0.0.1:6379/0';
env.PORT ??= '3000';
env.NODE_ENV ??= 'development';
// One secret for every process of this run (the API instances must agree on it).
env.JWT_ACCESS_SECRET ??= randomBytes(32).toString('base64url');

// 1. Dependencies.
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs)) {
  say('Installing dependencies (npm install)…');
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

// 2. Services.
function reachable(url, fallbackPort) {
  const u = new URL(url);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || fallbackPort);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.end();
      resolve({ ok: true, host, port });
    });
    socket.once('error', () => resolve({ ok: false, host, port }));
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ ok: false, host, port });
    });
  });
}
const pg = await reachable(env.DATABASE_URL, 5432);
if (!pg.ok) {
  fail(`PostgreSQL is not reachable at ${pg.host}:${pg.port} (DATABASE_URL).
  Start it with:  docker compose up -d postgres
  or locally:     pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  or point DATABASE_URL at your server.`);
}
const redis = await reachable(env.REDIS_URL, 6379);
if (!redis.ok) {
  fail(`Redis is not reachable at ${redis.host}:${redis.port} (REDIS_URL).
  Start it with:  docker compose up -d redis
  or locally:     redis-server --daemonize yes --bind 127.0.0.1 --port 6379
  or point REDIS_URL at your server.`);
}

// 3. Build, migrate, seed.
say('Building…');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', env });
const cli = join(root, 'dist/apps/api/src/cli.js');
execFileSync(process.execPath, [cli, 'migrate'], { cwd: root, stdio: 'inherit', env });
let logins = '';
if ((env.DEMO_SEED ?? 'true').toLowerCase() !== 'false') {
  say('Seeding demo data…');
  logins = execFileSync(process.execPath, [cli, 'seed'], { cwd: root, env, encoding: 'utf8' });
}

// 4. Run the API and the worker (and a mail catcher, unless SMTP_URL points at a real server).
const children = [];
let mailUi = null;
if (!env.SMTP_URL) {
  const smtpPort = env.MAILDEV_SMTP_PORT ?? '1025';
  const webPort = env.MAILDEV_WEB_PORT ?? '1080';
  env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  mailUi = `http://localhost:${webPort}`;
  const maildev = spawn(join(root, 'node_modules/.bin/maildev'), ['--smtp', smtpPort, '--web', webPort, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'], { cwd: root, stdio: 'ignore' });
  maildev.on('error', (err) => process.stderr.write(`Mail catcher not started (${err.message}); emails will fail until SMTP_URL works.\n`));
  maildev.on('exit', (code) => {
    if (!stopping && code) process.stderr.write(`Mail catcher stopped (${code}); ports ${smtpPort}/${webPort} busy? Emails will fail until SMTP_URL works.\n`);
  });
  children.push(maildev);
}
function run(name, script, nodeFlags = []) {
  const child = spawn(process.execPath, [...nodeFlags, join(root, script)], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} stopped (${signal ?? code}); stopping everything.\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
}
let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// The API's V8 flags, as in the Dockerfile (young generation and pretenuring: see README, Architecture).
run('api', 'dist/apps/api/src/main.js', JSON.parse(readFileSync(join(root, 'apps/api/node-flags.json'), 'utf8')));
run('worker', 'dist/apps/worker/src/main.js');

const base = `http://localhost:${env.PORT}`;
for (let i = 0; i < 60; i++) {
  await new Promise((r) => setTimeout(r, 500));
  try {
    const res = await fetch(`${base}/api/health`);
    if (res.ok) {
      say('');
      say('──────────────────────────────────────────────────────────────────────');
      say(` Filière is running`);
      say(`   Web app    ${base}/`);
      say(`   API        ${base}/api`);
      say(`   Swagger UI ${base}/api/docs`);
      say(`   Health     ${base}/api/health`);
      say(`   Metrics    ${base}/metrics   Queues ${base}/api/admin/queues?token=<platform admin access token>`);
      if (mailUi) say(`   E-mails    ${mailUi}   (mail catcher: every email the product sends)`);
      if (logins.trim()) say(logins.trimEnd());
      else say('   (no demo data: DEMO_SEED=false)');
      say(' Ctrl-C stops the API and the worker.');
      say('──────────────────────────────────────────────────────────────────────');
      break;
    }
  } catch {
    // not up yet
  }
}
