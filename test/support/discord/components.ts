// Reads components the bot sent: the text inputs of a modal (callback type 9), in either layout Discord
// accepts — a label (type 18) or a legacy action row (type 1) holding one text input — and the buttons on a
// message (https://discord.com/developers/docs/components/reference).
import { ComponentType } from 'discord-api-types/v10';
import type { ShownModal, ShownTextInput } from './types.ts';

interface RawComponent {
  type?: number;
  label?: unknown;
  component?: RawComponent;
  components?: RawComponent[];
  custom_id?: unknown;
  style?: unknown;
  value?: unknown;
  required?: unknown;
  placeholder?: unknown;
}

export function shownModal(data: unknown): ShownModal {
  const raw = (data ?? {}) as { custom_id?: unknown; title?: unknown; components?: unknown };
  const components = Array.isArray(raw.components) ? (raw.components as unknown[]) : [];
  return {
    custom_id: String(raw.custom_id ?? ''),
    title: String(raw.title ?? ''),
    components,
    inputs: components.flatMap((c) => textInputs(c as RawComponent, undefined)),
  };
}

function textInputs(component: RawComponent, label: string | undefined): ShownTextInput[] {
  if (component.type === ComponentType.TextInput && typeof component.custom_id === 'string') {
    const ownLabel = typeof component.label === 'string' ? component.label : label;
    return [
      {
        custom_id: component.custom_id,
        ...(ownLabel !== undefined ? { label: ownLabel } : {}),
        ...(typeof component.style === 'number' ? { style: component.style } : {}),
        ...(typeof component.value === 'string' ? { value: component.value } : {}),
        ...(typeof component.required === 'boolean' ? { required: component.required } : {}),
        ...(typeof component.placeholder === 'string' ? { placeholder: component.placeholder } : {}),
      },
    ];
  }
  if (component.type === ComponentType.Label && component.component) {
    return textInputs(component.component, typeof component.label === 'string' ? component.label : undefined);
  }
  return (component.components ?? []).flatMap((c) => textInputs(c, label));
}

/** The custom_ids of every enabled button on a message's components (action rows and nested layouts). */
export function enabledButtonIds(components: unknown[]): string[] {
  return components.flatMap((c) => {
    const component = (c ?? {}) as RawComponent & { disabled?: unknown; accessory?: RawComponent };
    if (component.type === ComponentType.Button) {
      return typeof component.custom_id === 'string' && component.disabled !== true ? [component.custom_id] : [];
    }
    return [...enabledButtonIds(component.components ?? []), ...(component.accessory ? enabledButtonIds([component.accessory]) : [])];
  });
}
