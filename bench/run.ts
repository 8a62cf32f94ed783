// Benchmark entry point: `npm run bench` (node bench/run.ts), or `npm run bench -- --only <part>[,<part>]`.
// Loopback only: the fake Discord and providers of test/support, the bot as the real `npm start` process
// (in-process only where its store queries are counted). Prints one table per issue — aim · now · last
// measured (bench/last-results.json) · verdict — and writes bench/results.json.
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { failoverPart } from './processes/failover.ts';
import { scalePart } from './processes/scale.ts';
import { pollingPart } from './foundation/polling.ts';
import { rssPart } from './foundation/rss.ts';
import { startupPart } from './foundation/startup.ts';
import { storePart } from './foundation/store-counts.ts';
import type { Part, PartOutput } from './lib/part.ts';
import { ISSUES, lastResults, machine, printIssue, saveLast, writeResults, type Results } from './lib/report.ts';
import { resultsPart } from './results/part.ts';
import { admissionPart } from './spend/admission.ts';
import { reservationsPart } from './spend/reservations.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root); // npm start's dist/ and the bare receiver are found from the repository root

const PARTS: Part[] = [storePart, rssPart, startupPart, pollingPart, admissionPart, reservationsPart, resultsPart, scalePart, failoverPart];

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : [];
const unknown = only.filter((name) => !PARTS.some((p) => p.name === name));
if (args.includes('--help') || unknown.length > 0 || (onlyAt >= 0 && only.length === 0)) {
  if (unknown.length > 0) console.log(`unknown part(s): ${unknown.join(', ')}`);
  console.log('npm run bench [-- --only <part>[,<part>…]]   parts:');
  for (const p of PARTS) console.log(`  ${p.name.padEnd(13)} (${p.issue}) ${p.about}`);
  process.exit(unknown.length > 0 ? 1 : 0);
}
const selected = only.length > 0 ? PARTS.filter((p) => only.includes(p.name)) : PARTS;

// A bot under test in this process (the store part) may leave work running after it stopped.
const stray: string[] = [];
process.on('unhandledRejection', (reason) => stray.push(reason instanceof Error ? reason.message : String(reason)));

const lastPath = resolve('bench/last-results.json');
const last = lastResults(lastPath);
const results: Results = { machine: machine(), parts: [], figures: [], notes: {} };
const m = results.machine;
console.log('Kling video bot — benchmark');
console.log(`node ${m.node} · ${m.platform} · ${m.cores} cores (${m.cpu}) · ${m.memoryGb} GB · ${m.date}`);
console.log(`load average at start ${m.loadAverageAtStart.join(' ')} (other jobs may share these cores: figures marked "median" are medians of repeated runs)`);
console.log(`last measured: ${last.date ? `bench/last-results.json of ${last.date}` : 'none yet (pre-rework figures from README "Benchmark" shown instead)'}`);

const began = performance.now();
for (const part of selected) {
  console.log(`\n— ${part.name} (${part.issue}): ${part.about}`);
  const out: PartOutput = { figures: [], notes: [] };
  const start = performance.now();
  let error: string | undefined;
  try {
    await part.run(out);
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    console.log(`    ERROR: ${error}`);
  }
  results.parts.push({ name: part.name, seconds: Math.round((performance.now() - start) / 100) / 10, ...(error ? { error } : {}) });
  results.figures.push(...out.figures);
  results.notes[part.name] = out.notes;
}

for (const issue of ISSUES) printIssue(issue, results.figures, last.figures);
const missed = results.figures.filter((f) => f.met === false).map((f) => f.label);
console.log(`\n${results.figures.filter((f) => f.met).length} aims met, ${missed.length} missed${missed.length ? `: ${missed.join('; ')}` : ''}`);
const failed = results.parts.filter((p) => p.error).map((p) => p.name);
if (failed.length > 0) console.log(`parts that failed: ${failed.join(', ')} (see ERROR above)`);
if (stray.length > 0) console.log(`note: ${stray.length} unhandled rejection(s) from bot work after its stop; first: ${stray[0] ?? ''}`);
m.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(`load average at end ${m.loadAverageAtEnd.join(' ')}; total ${((performance.now() - began) / 1000).toFixed(0)} s`);
writeResults(resolve('bench/results.json'), results);
if (args.includes('--save')) saveLast(lastPath, results);
console.log(
  `wrote bench/results.json${args.includes('--save') ? ' and bench/last-results.json' : ' (npm run bench -- --save also makes it the last measured run)'}`,
);
process.exit(0);
