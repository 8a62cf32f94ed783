import type { ElementRef } from '../../domain/request.ts';
import type { MediaAccess, ProviderElement } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { isObject, text, type Json } from '../json-fields.ts';

export const ELEMENT_NAME_MAX = 20;
export const ELEMENT_DESCRIPTION_MAX = 100;
export const ELEMENT_REFERENCES_MAX = 3;

/**
 * The body of `POST /v1/general/custom-elements` (providers.md §3.4): name ≤ 20 and description ≤ 100
 * characters (the name stands in for a missing description), the frontal image and 1–3 more images as
 * raw base64. An element with no extra images sends its frontal image again as the one reference.
 * `tag_list` is left out: Kling's tags are fixed ids (o_101…o_108) that our free-text tags do not map to.
 */
export async function elementBody(element: ElementRef, media: MediaAccess): Promise<Json> {
  if (!element.frontal) {
    throw new ProviderError({ kind: 'invalid_parameter', parameter: 'element', detail: `element ${element.name} has no frontal image to register at Kling` });
  }
  const base64 = async (ref: NonNullable<ElementRef['frontal']>) => Buffer.from(await media.read(ref)).toString('base64');
  const frontal = await base64(element.frontal);
  const extra = await Promise.all((element.images ?? []).slice(0, ELEMENT_REFERENCES_MAX).map(base64));
  return {
    element_name: [...element.name].slice(0, ELEMENT_NAME_MAX).join(''),
    element_description: [...(element.description ?? element.name)].slice(0, ELEMENT_DESCRIPTION_MAX).join(''),
    element_frontal_image: frontal,
    element_refer_list: (extra.length > 0 ? extra : [frontal]).map((image) => ({ image_url: image })),
  };
}

/** The element id of a create answer's `data` (a number per the docs; kept as text). */
export function createdElementId(data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  return text(data.element_id) ?? (isObject(data.element) ? text(data.element.element_id) : undefined);
}

/**
 * Elements of a list answer's `data`. The list shape is only known from a copy of the docs (§3.4 [S]):
 * an array of elements, or an object holding one (`elements`, `list`, `records`, `items`), are accepted.
 */
export function listedElements(data: unknown): ProviderElement[] {
  const items = Array.isArray(data) ? data : isObject(data) ? ([data.elements, data.list, data.records, data.items].find(Array.isArray) ?? []) : [];
  return items.filter(isObject).flatMap((item) => {
    const element = isObject(item.task_result) && Array.isArray(item.task_result.elements) ? item.task_result.elements.filter(isObject) : [item];
    return element.flatMap((e) => {
      const id = text(e.element_id) ?? text(e.id);
      if (!id) return [];
      const images = isObject(e.element_image_list) ? e.element_image_list : {};
      const imageUrl = text(e.element_frontal_image) ?? text(e.frontal_image) ?? text(images.frontal_image);
      const out: ProviderElement = { id, name: text(e.element_name) ?? text(e.name) ?? id };
      const description = text(e.element_description) ?? text(e.description);
      if (description) out.description = description;
      if (imageUrl && /^https?:\/\//.test(imageUrl)) out.imageUrl = imageUrl;
      return [out];
    });
  });
}
