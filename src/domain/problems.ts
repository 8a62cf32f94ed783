/** A problem the user can fix; `option` names the slash-command option at fault. */
export interface RequestProblem {
  option: string;
  message: string;
}

export function describeProblems(problems: RequestProblem[]): string {
  return problems.map((p) => `• \`${p.option}\` ${p.message}`).join('\n');
}
