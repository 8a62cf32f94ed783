// Discord's checks on an interaction callback that depend on the interaction's type: autocomplete
// results only for (and as the only answer to) autocomplete, no modal in answer to a modal submit,
// message updates (6, 7) only for component-based interactions, and the shapes of choices and modals
// (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type).
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import { json } from './http-io.ts';
import type { Reply } from './http-io.ts';

const MAX_CHOICES = 25;
const MAX_CHOICE_TEXT = 100;
const MAX_MODAL_TITLE = 45;
const MAX_MODAL_ROWS = 5;

/**
 * `onMessage`: the interaction came from a component on a message (a button press, or a modal opened by
 * one), so DEFERRED_UPDATE_MESSAGE and UPDATE_MESSAGE have a message to update.
 */
export function checkCallback(interactionType: number, callbackType: number, data: Record<string, unknown> | undefined, onMessage: boolean): Reply | undefined {
  const isAutocomplete = interactionType === InteractionType.ApplicationCommandAutocomplete;
  if (isAutocomplete !== (callbackType === InteractionResponseType.ApplicationCommandAutocompleteResult)) {
    return invalid(
      'type',
      'INTERACTION_RESPONSE_TYPE_INVALID',
      isAutocomplete
        ? 'Autocomplete interactions can only be answered with type 8 (APPLICATION_COMMAND_AUTOCOMPLETE_RESULT)'
        : 'Type 8 (APPLICATION_COMMAND_AUTOCOMPLETE_RESULT) is only valid for autocomplete interactions',
    );
  }
  if (callbackType === InteractionResponseType.ApplicationCommandAutocompleteResult) return checkChoices(data?.choices);
  const updatesMessage = callbackType === InteractionResponseType.DeferredMessageUpdate || callbackType === InteractionResponseType.UpdateMessage;
  if (updatesMessage && !onMessage) {
    return invalid('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Type ${callbackType} is only valid for component-based interactions`);
  }
  if (callbackType === InteractionResponseType.Modal) {
    if (interactionType === InteractionType.ModalSubmit)
      return invalid('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'A modal submit cannot be answered with a modal');
    return checkModal(data);
  }
  return undefined;
}

function checkChoices(choices: unknown): Reply | undefined {
  if (!Array.isArray(choices)) return invalid('data.choices', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (choices.length > MAX_CHOICES) return invalid('data.choices', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CHOICES} or fewer in length.`);
  for (const [i, choice] of choices.entries()) {
    const { name, value } = (choice ?? {}) as { name?: unknown; value?: unknown };
    if (!text(name, MAX_CHOICE_TEXT)) return invalid(`data.choices[${i}].name`, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_CHOICE_TEXT} in length.`);
    const valueOk = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && value.length <= MAX_CHOICE_TEXT;
    if (!valueOk) return invalid(`data.choices[${i}].value`, 'BASE_TYPE_REQUIRED', `Must be a number or a string of at most ${MAX_CHOICE_TEXT} characters.`);
  }
  return undefined;
}

function checkModal(data: Record<string, unknown> | undefined): Reply | undefined {
  if (!text(data?.custom_id, MAX_CHOICE_TEXT)) return invalid('data.custom_id', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (!text(data?.title, MAX_MODAL_TITLE)) return invalid('data.title', 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_MODAL_TITLE} in length.`);
  const rows = data?.components;
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_MODAL_ROWS) {
    return invalid('data.components', 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_MODAL_ROWS} in length.`);
  }
  return undefined;
}

function text(value: unknown, max: number): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function invalid(field: string, code: string, message: string): Reply {
  return json(400, { message: 'Invalid Form Body', code: 50035, errors: { [field]: { _errors: [{ code, message }] } } });
}
