// What every part of the benchmark reports: figures with their aim, the value measured now, the value
// of the last committed run (bench/last-results.json) and a verdict; printed as one table per issue and
// written to bench/results.json with the machine they were measured on.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, arch, totalmem } from 'node:os';
import { table } from './stats.ts';

export const ISSUES = ['foundation', 'spend control', 'results', 'several processes'] as const;
export type Issue = (typeof ISSUES)[number];

export interface Figure {
  /** Stable key, compared with the last run's figure of the same id. */
  id: string;
  issue: Issue;
  /** What is measured, in a few words. */
  label: string;
  /** The aim in words ('≤ 1', '< 150 MB'), or '—' for a figure shown for context. */
  aim: string;
  value: number;
  /** The value as printed ('171.2 MB', '0 of 100'). */
  text: string;
  /** Undefined: no aim, no verdict. */
  met?: boolean;
  /** The figure before the rework (README "Benchmark", the brief), when there was one. */
  before?: string;
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  platform: string;
  date: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

export interface Results {
  machine: Machine;
  /** Parts run, with their time and an error when one failed. */
  parts: Array<{
    name: string;
    seconds: number;
    error?: string;
    /** When this part ran (a partial `--save` keeps other parts' figures and dates). */ date?: string;
  }>;
  figures: Figure[];
  /** Per part: the lines printed under its table (how it was measured, extra counts). */
  notes: Record<string, string[]>;
}

export function machine(): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${arch()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The last committed run's figures by id (empty when there is none). */
export function lastResults(path: string): { figures: Map<string, Figure>; date?: string } {
  if (!existsSync(path)) return { figures: new Map() };
  const last = JSON.parse(readFileSync(path, 'utf8')) as Partial<Results>;
  return { figures: new Map((last.figures ?? []).map((f) => [f.id, f])), date: last.machine?.date };
}

export function verdictOf(figure: Figure): string {
  if (figure.met === undefined) return '';
  return figure.met ? 'MET' : 'MISSED';
}

/** One table per issue: figure · aim · now · last measured · verdict (the pre-rework figure where there is no last run). */
export function printIssue(issue: Issue, figures: Figure[], last: Map<string, Figure>): void {
  const mine = figures.filter((f) => f.issue === issue);
  if (mine.length === 0) return;
  const rows = [['figure', 'aim', 'now', 'last measured', 'verdict']];
  for (const f of mine) {
    const previous = last.get(f.id);
    const lastText = previous ? previous.text : f.before ? `${f.before} (pre-rework)` : '—';
    rows.push([f.label, f.aim, f.text, lastText, verdictOf(f)]);
  }
  console.log(`\n=== Issue "${issue}" ===`);
  console.log(table(rows, 2));
  const before = mine.filter((f) => f.before && last.has(f.id));
  if (before.length > 0) console.log(`  pre-rework (README "Benchmark"): ${before.map((f) => `${f.label}: ${f.before ?? ''}`).join('; ')}`);
}

export function writeResults(path: string, results: Results): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** Makes this run the last measured one; a run of some parts (`--only`) replaces only those parts' figures. */
export function saveLast(path: string, results: Results): void {
  const previous = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Results) : undefined;
  const ran = new Set(results.parts.map((p) => p.name));
  const ids = new Set(results.figures.map((f) => f.id));
  const stamped = results.parts.map((p) => ({ ...p, date: results.machine.date }));
  const kept = (previous?.parts ?? []).filter((p) => !ran.has(p.name)).map((p) => ({ ...p, date: p.date ?? previous?.machine.date }));
  writeResults(path, {
    machine: results.machine,
    parts: [...kept, ...stamped],
    figures: [...(previous?.figures ?? []).filter((f) => !ids.has(f.id)), ...results.figures],
    notes: { ...previous?.notes, ...results.notes },
  });
}
