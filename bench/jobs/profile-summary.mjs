// Summarises a V8 CPU profile written by `BENCH_PROFILE=1 npm run bench:jobs`
// (bench/jobs/results/worker-1.cpuprofile): self time by package / area and the top functions.
// Usage: node bench/jobs/profile-summary.mjs [file.cpuprofile] [top=25]
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'results', 'worker-1.cpuprofile');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));

function area(url, name) {
  if (!url) return name === '(garbage collector)' ? 'GC' : name === '(idle)' ? 'idle' : name === '(program)' ? 'program (native, not JS)' : 'node/V8 native';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = /\/dist\/(.*)$/.exec(url);
  if (dist) return `product: ${dist[1].split('/').slice(0, 3).join('/')}`;
  return url;
}

const areas = new Map();
const fns = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const { functionName, url, lineNumber } = n.callFrame;
  total += us;
  const a = area(url, functionName);
  areas.set(a, (areas.get(a) ?? 0) + us);
  const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
const busy = total - (areas.get('idle') ?? 0);
const pct = (us, of) => `${((us / of) * 100).toFixed(1)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle\n`);
console.log('Self time by area (share of non-idle time):');
for (const [a, us] of [...areas].filter(([a]) => a !== 'idle').sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(us, busy).padStart(7)}  ${a}`);
console.log('\nTop functions by self time:');
for (const [f, us] of [...fns].filter(([f]) => !f.startsWith('(idle)')).sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(us, busy).padStart(7)}  ${f}`);
