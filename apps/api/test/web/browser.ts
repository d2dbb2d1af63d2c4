import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD, runDemoSeed } from '@filiere/demo';
import { createTestApp, type TestApp } from '@filiere/platform/testing';
import { AppModule } from '../../src/app.module';

/** The repository root (screenshots and the test build live under tmp/, gitignored). */
export const ROOT = join(__dirname, '..', '..', '..', '..');
export const SCREENSHOTS = join(ROOT, 'tmp', 'screenshots');

/** Debian's chromium (`apt-get install -y chromium`); a test tool's own browser download does not work here. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Builds the web app (Vite) into a directory of this test run; returns it. */
export function buildWebApp(): string {
  const out = join(ROOT, 'tmp', `web-e2e-${process.pid}`);
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...process.env, WEB_OUT_DIR: out, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

/** Keeps a screenshot of the screen as a test artefact (tmp/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core on the current screen: the serious and critical violations (none expected). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Transitions still running (a notification sliding in, a tab fading) are measured half-transparent:
  // axe would report their contrast. Wait until the screen has settled.
  await page.waitForFunction(`document.getAnimations().every((a) => a.playState !== 'running')`, undefined, { timeout: 5_000 }).catch(() => undefined);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).slice(0, 3).join(' | ')}`);
}

/** The web app served by the real API on a random port, against a fresh database with the demo data, and Chromium. */
export interface WebAppSession {
  t: TestApp;
  base: string;
  newPage(): Promise<Page>;
  /** Logs in through the form with the demo password (and picks the tenant when asked). */
  login(page: Page, email: string, tenant?: string): Promise<void>;
  /** Screenshot, then no serious or critical axe violation. */
  checkScreen(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWebApp(): Promise<WebAppSession> {
  const webDir = buildWebApp();
  const t = await createTestApp(AppModule, { env: { WEB_DIR: webDir } });
  await runDemoSeed(() => undefined);
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const browser: Browser = await launchChromium();
  return {
    t,
    base,
    async newPage() {
      // Reduced motion (which the app respects): no notification caught half-faded by the contrast check
      // when its auto-close falls during the check.
      const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1366, height: 900 }, acceptDownloads: true, reducedMotion: 'reduce' });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async login(page, email, tenant) {
      await page.goto(`${base}/`);
      await page.waitForURL('**/connexion');
      await page.getByLabel('Adresse e-mail').fill(email);
      await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      if (tenant) {
        await page.getByRole('combobox', { name: 'Chambre de commerce' }).click();
        await page.getByRole('option', { name: tenant }).click();
        await page.getByRole('button', { name: 'Se connecter' }).click();
      }
      await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    },
    async checkScreen(page, name) {
      await screenshot(page, name);
      expect(await seriousViolations(page)).toEqual([]);
    },
    async close() {
      await browser.close();
      await t.close();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
