// Where a process spent its CPU: `node bench/profile-summary.ts <file.cpuprofile> [top]` (a profile
// written by node --cpu-prof, e.g. the bot's under `BENCH_BOT_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR"
// npm run bench -- --only results`). Self time per function, and per package or source file.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.log('usage: node bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(1);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let total = 0;
let idle = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  const frame = nodes.get(id)?.callFrame;
  if (!frame) return;
  total += us;
  if (frame.functionName === '(idle)') return void (idle += us);
  const url = frame.url.replace(/^file:\/\/.*?\/node_modules\//, 'node_modules/').replace(/^file:\/\/.*?\/(dist|src|bench|test)\//, '$1/');
  const place = url === '' ? frame.functionName : (/^node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(url)?.[0] ?? (url.startsWith('node:') ? 'node internals' : url));
  const name = `${frame.functionName || '(anonymous)'} ${url}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
});
const busy = total - idle;
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${key}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((busy / total) * 100).toFixed(0)} %)`);
show('self time by package or file (% of busy)', byPlace);
show('self time by function (% of busy)', byFunction);
