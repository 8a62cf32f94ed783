import { sendTaskDetails } from './result-actions.ts';
import type { ResultReaction, ResultReactionDeps } from './result-reactions.ts';

/**
 * ✉️: DMs whoever reacted the video URL(s) and every parameter of the task, with a link back to
 * the result. Closed DMs are only logged: nothing shows in the channel.
 */
export async function dmFromReaction(event: ResultReaction, deps: ResultReactionDeps): Promise<void> {
  await sendTaskDetails(event.client.rest, event.task, event.userId, event, deps);
}
