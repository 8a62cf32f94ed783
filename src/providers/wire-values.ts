import { z } from 'zod';
import type { TaskUpdate } from './provider.ts';

/**
 * Building blocks of the zod schemas for what providers answer. Providers document their answers
 * only in part, so the schemas are lenient: unknown fields pass through, and an odd value in an
 * optional field is dropped instead of failing the object around it.
 */

/** An optional field whose odd value is dropped (undefined) rather than failing its object. */
export function lenient<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

/** An array whose items that do not fit `item` are left out; a missing or odd array is empty. */
export function lenientArray<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((value) => {
        const parsed = item.safeParse(value);
        return parsed.success ? [parsed.data as z.output<T>] : [];
      }),
    );
}

/** An id as providers send it: a non-empty string, or a number kept as text. */
export const wireId = z.union([z.string().min(1), z.number().transform(String)]);

/** Any JSON object (unknown fields kept), for envelopes read field by field. */
export const wireObject = z.looseObject({});

/**
 * The largest amount (USD, or provider billing units) taken as real. One task costs a few dollars;
 * a value beyond this is a broken field, and arithmetic on it (e.g. ×10 000 when rounding) could
 * overflow to Infinity.
 */
const MAX_PLAUSIBLE_AMOUNT = 1_000_000;

/** A value for a log line: JSON, cut short. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * A cost or unit count: a finite number (or numeric text) from 0 to MAX_PLAUSIBLE_AMOUNT. Anything
 * else present is dropped and described in `anomalies`; an absent value (undefined, null) is just absent.
 */
export function plausibleAmount(value: unknown, what: string, anomalies: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (Number.isFinite(amount) && amount >= 0 && amount <= MAX_PLAUSIBLE_AMOUNT) return amount;
  anomalies.push(`${what} ${describeValue(value)} dropped: not an amount from 0 to ${MAX_PLAUSIBLE_AMOUNT}`);
  return undefined;
}

/**
 * An absolute http: or https: URL. Anything else present (javascript:, data:, file:, garbage) is
 * dropped and described in `anomalies`; an absent value (undefined, null, '') is just absent.
 */
export function webUrl(value: unknown, what: string, anomalies: string[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && URL.canParse(value)) {
    const protocol = new URL(value).protocol;
    if (protocol === 'http:' || protocol === 'https:') return value;
  }
  anomalies.push(`${what} ${describeValue(value)} dropped: not an http(s) URL`);
  return undefined;
}

/** The update with `anomalies` added, or left out when there are none. */
export function withAnomalies(update: TaskUpdate, anomalies: string[]): TaskUpdate {
  return anomalies.length > 0 ? { ...update, anomalies: [...(update.anomalies ?? []), ...anomalies] } : update;
}
