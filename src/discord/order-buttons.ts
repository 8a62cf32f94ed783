/** Start / Cancel under a confirmation prompt: `order:start:<pending id>` (state in the id and the store). */
export function confirmButtons(pendingId: string): unknown[] {
  return [
    {
      type: 1,
      components: [
        { type: 2, style: 3, label: 'Start', emoji: { name: '▶️' }, custom_id: `order:start:${pendingId}` },
        { type: 2, style: 2, label: 'Cancel', custom_id: `order:cancel:${pendingId}` },
      ],
    },
  ];
}

export function parseOrderButton(customId: string): { action: 'start' | 'cancel'; pendingId: string } | undefined {
  const [scope, action, pendingId] = customId.split(':');
  if (scope !== 'order' || !pendingId || (action !== 'start' && action !== 'cancel')) return undefined;
  return { action, pendingId };
}
