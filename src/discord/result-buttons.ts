/** Button ids on a result: `result:<action>:<task id>` (state in the id, so they work after a restart). */
export type ResultAction = 'rerun' | 'remix' | 'dm' | 'delete';

export const RESULT_ACTIONS: readonly ResultAction[] = ['rerun', 'remix', 'dm', 'delete'];

export function resultButtonId(action: ResultAction, taskId: string): string {
  return `result:${action}:${taskId}`;
}

export function parseResultButton(customId: string): { action: ResultAction; taskId: string } | undefined {
  const [scope, action, taskId] = customId.split(':');
  if (scope !== 'result' || !taskId || !(RESULT_ACTIONS as readonly string[]).includes(action ?? '')) return undefined;
  return { action: action as ResultAction, taskId };
}

/** The row under a result: 🔁 Rerun, ✏️ Remix, ✉️ DM me, ❌ Delete (https://discord.com/developers/docs/components/reference#button). */
export function resultButtons(taskId: string): unknown[] {
  const button = (action: ResultAction, emoji: string, label: string, style: number) => ({
    type: 2,
    style,
    custom_id: resultButtonId(action, taskId),
    emoji: { name: emoji },
    label,
  });
  return [
    {
      type: 1,
      components: [button('rerun', '🔁', 'Rerun', 1), button('remix', '✏️', 'Remix', 2), button('dm', '✉️', 'DM me', 2), button('delete', '❌', 'Delete', 4)],
    },
  ];
}
