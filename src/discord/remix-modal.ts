import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { modelInfo, type ModelKey } from '../domain/models.ts';
import { PROMPT_MAX, type VideoRequest } from '../domain/request.ts';
import type { Task } from '../domain/task.ts';
import { parseShots } from '../domain/storyboard.ts';
import type { RequestProblem } from '../domain/problems.ts';
import { resultButtonId } from './result-buttons.ts';

/** The Remix form, prefilled with the task's prompt, duration, model and shots (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal). */
export function remixModal(task: Task): ModalBuilder {
  const r = task.request;
  const field = (id: string, label: string, style: TextInputStyle, value: string, required: boolean, max?: number) => {
    const input = new TextInputBuilder().setCustomId(id).setLabel(label).setStyle(style).setRequired(required);
    if (max) input.setMaxLength(max);
    if (value) input.setValue(value.slice(0, max ?? 4000));
    return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
  };
  const shots = r.shots?.length ? r.shots.map((s) => `${s.duration}s ${s.prompt}`).join(' | ') : r.shotType === 'intelligence' ? 'auto' : '';
  return new ModalBuilder()
    .setCustomId(resultButtonId('remix', task.id))
    .setTitle('Remix this video')
    .addComponents(
      field('prompt', 'Prompt', TextInputStyle.Paragraph, r.prompt, true, PROMPT_MAX),
      field('duration', 'Duration in seconds (3–15)', TextInputStyle.Short, String(r.duration), true, 2),
      field('model', 'Model', TextInputStyle.Short, modelInfo(r.model).label, true, 60),
      field('shots', 'Shots (e.g. 2s wide | 3s close-up), or auto', TextInputStyle.Paragraph, shots, false, 4000),
    );
}

/** The task's request with the form's edits; every other option stays as it was. */
export function remixRequest(
  original: VideoRequest,
  form: { prompt: string; duration: string; model: string; shots: string },
  modelFromText: (text: string) => ModelKey | undefined,
): { ok: true; request: VideoRequest } | { ok: false; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const duration = form.duration.trim();
  if (!/^\d+$/.test(duration)) problems.push({ option: 'duration', message: `must be a whole number of seconds (got “${duration.slice(0, 20)}”)` });
  const model = modelFromText(form.model);
  if (!model)
    problems.push({ option: 'model', message: `“${form.model.slice(0, 40)}” is not one I know: try standard, pro, 4k, omni standard, omni pro or omni 4k` });
  const request: VideoRequest = { ...original, prompt: form.prompt, duration: Number(duration), model: model ?? original.model };
  delete request.shots;
  delete request.shotType;
  if (form.shots.trim() !== '') {
    const parsed = parseShots(form.shots);
    if (!parsed.ok) problems.push(...parsed.problems.map((message) => ({ option: 'shots', message })));
    else if (parsed.shotType === 'intelligence') request.shotType = 'intelligence';
    else Object.assign(request, { shots: parsed.shots, shotType: 'customize' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, request };
}
