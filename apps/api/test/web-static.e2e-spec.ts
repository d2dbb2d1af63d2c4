import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

/**
 * The web app's files next to the API, without building it: hashed assets cached for ever,
 * index.html for the app's routes, and nothing of it for /api and /metrics (the static handler is
 * not even consulted there: it would look for a file on every API request).
 */
describe('web app files', () => {
  let t: TestApp;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'filiere-web-'));
    mkdirSync(join(webDir, 'assets'));
    mkdirSync(join(webDir, 'api'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Filière</title>');
    writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(webDir, 'favicon.svg'), '<svg/>');
    // A file that an API path would name: never served.
    writeFileSync(join(webDir, 'api', 'health'), 'not the API');
    t = await createTestApp(AppModule, { env: { WEB_DIR: webDir } });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves assets, the app for its routes, and leaves /api to the API', async () => {
    const asset = await t.http.get('/assets/app-1234.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http.get('/favicon.svg').expect(200)).headers['cache-control']).toBe('no-cache');
    const route = await t.http.get('/promotions/123').set('accept', 'text/html').expect(200);
    expect(route.text).toContain('<title>Filière</title>');
    expect(route.headers['cache-control']).toBe('no-cache');
    const health = await t.http.get('/api/health').expect(200);
    expect(health.text).not.toContain('not the API');
    const missing = await t.http.get('/api/no-such-route').set('accept', 'text/html').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404 });
  });
});
