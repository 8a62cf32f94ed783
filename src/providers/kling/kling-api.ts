import { sendJson } from '../http-client.ts';
import type { ProviderError } from '../provider-error.ts';
import { KlingAuth } from './kling-auth.ts';
import { klingError, readEnvelope, TOKEN_CODES, type KlingEnvelope } from './kling-errors.ts';

export interface KlingAnswer {
  status: number;
  envelope: KlingEnvelope;
}

export interface KlingSendOptions {
  body?: unknown;
  signal?: AbortSignal;
}

/** One authenticated JSON exchange with Kling's API; envelopes are read, never judged, here. */
export class KlingApi {
  readonly #baseUrl: string;
  readonly #auth: KlingAuth;

  constructor(apiUrl: string, auth: KlingAuth) {
    this.#baseUrl = apiUrl.replace(/\/+$/, '');
    this.#auth = auth;
  }

  /** Network failures throw (retryable, code NO_RESPONSE); every HTTP answer resolves. */
  async send(method: 'GET' | 'POST', path: string, options: KlingSendOptions = {}): Promise<KlingAnswer> {
    const headers = { authorization: await this.#auth.header() };
    const response = await sendJson(method, `${this.#baseUrl}${path}`, { headers, body: options.body, signal: options.signal });
    const envelope = readEnvelope(response.body);
    // A token Kling calls invalid, early or expired is signed afresh next time (clock skew, rotated keys).
    if (envelope.code !== undefined && TOKEN_CODES.has(envelope.code)) this.#auth.invalidate();
    return { status: response.status, envelope };
  }

  /** Like send(), but resolves only with a success envelope's `data`; anything else throws a mapped error. */
  async call(method: 'GET' | 'POST', path: string, options: KlingSendOptions = {}): Promise<unknown> {
    const answer = await this.send(method, path, options);
    if (!isSuccess(answer)) throw answerError(answer);
    return answer.envelope.data;
  }
}

export function isSuccess(answer: KlingAnswer): boolean {
  return answer.status >= 200 && answer.status < 300 && answer.envelope.code === 0;
}

export function answerError(answer: KlingAnswer): ProviderError {
  return klingError(answer.status, answer.envelope);
}
