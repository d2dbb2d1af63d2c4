import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from '@filiere/platform/testing';
import { AppModule } from '../src/app.module';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The web app's typed client must describe the API as it is. openapi-typescript is ESM-only
 * inside, so the comparison runs in Node (the script of `npm run web:api-types --check`).
 */
describe('web app API types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(AppModule);
  });
  afterAll(() => t.close());

  it('apps/web/src/api/schema.d.ts matches the OpenAPI document the API serves', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    const file = join(ROOT, 'tmp', `openapi-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(res.body));
    try {
      const { stdout } = await promisify(execFile)(join(ROOT, 'tools', 'ts-run.sh'), ['apps/api/src/web-api-types.ts', '--check', file], { cwd: ROOT });
      expect(stdout).toContain('up to date');
    } catch (e) {
      throw new Error(`${(e as { stderr?: string }).stderr ?? String(e)}`, { cause: e });
    } finally {
      rmSync(file, { force: true });
    }
  }, 60_000);
});
