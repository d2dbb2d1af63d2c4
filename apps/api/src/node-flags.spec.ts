import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const flags = JSON.parse(read('apps/api/node-flags.json')) as string[];

/** Every way of starting the API passes the V8 flags of apps/api/node-flags.json (the benchmark reads that file too). */
describe('API V8 flags', () => {
  it('are a list of flags', () => {
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(f).toMatch(/^--[a-z0-9-]+(=[^\s]+)?$/);
  });

  it('are the Dockerfile command and the compose api command', () => {
    const command = JSON.stringify(['node', ...flags, 'dist/apps/api/src/main.js']).replace(/,/g, ', ');
    expect(read('Dockerfile')).toContain(`CMD ${command}`);
    expect(read('docker-compose.yml')).toContain(`command: ${command}`);
  });

  it('are read by npm start and npm run bench', () => {
    expect(read('tools/start.mjs')).toMatch(/run\('api', 'dist\/apps\/api\/src\/main\.js', JSON\.parse\(readFileSync\(join\(root, 'apps\/api\/node-flags\.json'\)/);
    expect(read('bench/run.mjs')).toContain("'apps/api/node-flags.json'");
  });
});
