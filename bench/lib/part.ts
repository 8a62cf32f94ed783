// One part of the benchmark (selectable with `npm run bench -- --only <name>`): what it measures, and
// where it puts its figures and the lines that say how they were measured.
import type { Figure, Issue } from './report.ts';

export interface PartOutput {
  figures: Figure[];
  notes: string[];
}

export interface Part {
  name: string;
  issue: Issue;
  /** One line: what the part does. */
  about: string;
  run(out: PartOutput): Promise<void>;
}

/** Adds a figure of this part's issue. */
export function figure(out: PartOutput, issue: Issue, f: Omit<Figure, 'issue'>): void {
  out.figures.push({ issue, ...f });
}

/** Adds a note and prints it at once (long parts show progress). */
export function note(out: PartOutput, line: string): void {
  out.notes.push(line);
  console.log(`    ${line}`);
}
