import type { ElementRef } from '../../domain/request.ts';
import type { MediaAccess, ProviderElement } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import { webUrl } from '../wire-values.ts';
import { createdElementSchema, elementFieldsSchema, elementListSchema, listedElementSchema, type ListedElement } from './kling-wire.ts';

const ELEMENT_NAME_MAX = 20;
const ELEMENT_DESCRIPTION_MAX = 100;
const ELEMENT_REFERENCES_MAX = 3;

/**
 * The body of `POST /v1/general/custom-elements` (Kling's "General – Create Element" reference next to
 * https://app.klingai.com/global/dev/document-api/apiReference/commonInfo): name ≤ 20 and description ≤ 100
 * characters (the name stands in for a missing description), the frontal image and 1–3 more images as
 * raw base64. An element with no extra images sends its frontal image again as the one reference.
 * `tag_list` is left out: Kling's tags are fixed ids (o_101…o_108) that our free-text tags do not map to.
 */
export async function elementBody(element: ElementRef, media: MediaAccess): Promise<Record<string, unknown>> {
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
  const parsed = createdElementSchema.safeParse(data);
  return parsed.success ? (parsed.data.element_id ?? parsed.data.element?.element_id) : undefined;
}

/** Elements of a list answer's `data` (see elementListSchema); items without an id are skipped. */
export function listedElements(data: unknown): ProviderElement[] {
  const list = elementListSchema.safeParse(data);
  const items = list.success ? list.data : [];
  return items.flatMap((item) => {
    const parsed = listedElementSchema.safeParse(item);
    if (!parsed.success) return [];
    const nested = parsed.data.task_result?.elements;
    const elements: ListedElement[] = nested
      ? nested.flatMap((value) => {
          const element = elementFieldsSchema.safeParse(value);
          return element.success ? [element.data] : [];
        })
      : [parsed.data];
    return elements.flatMap((e) => providerElement(e));
  });
}

function providerElement(e: ListedElement): ProviderElement[] {
  const id = e.element_id ?? e.id;
  if (!id) return [];
  const out: ProviderElement = { id, name: e.element_name ?? e.name ?? id };
  const description = e.element_description ?? e.description;
  if (description) out.description = description;
  // A thumbnail is optional: an odd one is simply not shown (nothing to report).
  const imageUrl = webUrl(e.element_frontal_image ?? e.frontal_image ?? e.element_image_list?.frontal_image, 'Kling element image', []);
  if (imageUrl) out.imageUrl = imageUrl;
  return [out];
}
