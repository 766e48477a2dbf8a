/**
 * Sums a V8 CPU profile (`node --cpu-prof`, or `bench/act/run.ts --profile DIR`) by self time:
 * `npx tsx bench/act/profile-summary.ts FILE.cpuprofile [--top N] [--skip S]` prints the share of
 * samples
 * spent in each function and in each file (node_modules folded into their package), leaving out
 * the first S seconds (the process starting), so that two runs under different loads of a
 * shared machine compare by shares rather than milliseconds.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface TProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface TProfile {
  nodes: TProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A file's short name: the package for node_modules, the path under the repository otherwise. */
function fileOf(url: string): string {
  if (url === '') return '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1] !== undefined) return `npm:${modules[1]}`;
  const repo = /\/(packages\/.*|bench\/.*)$/.exec(url);
  return repo?.[1] ?? url.replace(/^file:\/\//, '');
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, skip: { type: 'string', default: '0' } },
});
const file = positionals[0];
if (file === undefined) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as TProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
const skipUs = Number(values.skip) * 1e6;
let elapsedUs = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsedUs += delta;
  if (elapsedUs > skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
});
let total = 0;
let idle = 0;
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = byId.get(id)?.callFrame;
  if (frame === undefined) continue;
  total += us;
  if (frame.functionName === '(idle)') idle += us;
  const where = fileOf(frame.url);
  const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byFile.set(where, (byFile.get(where) ?? 0) + us);
}
const n = Number(values.top);
console.log(
  `${(total / 1e6).toFixed(1)} s sampled after ${values.skip} s, ${((100 * idle) / total).toFixed(1)}% idle\n`,
);
console.log('by file (self time):');
for (const line of top(byFile, total, n)) console.log(line);
console.log('\nby function (self time):');
for (const line of top(byFunction, total, n)) console.log(line);
