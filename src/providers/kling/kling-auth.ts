import { SignJWT } from 'jose';

/** Lifetime of a signed token and the margin before expiry at which a new one is signed (https://app.klingai.com/global/dev/document-api/apiReference/commonInfo). */
const JWT_LIFETIME_S = 1800;
const JWT_NOT_BEFORE_SKEW_S = 5;
const JWT_RENEW_MARGIN_S = 300;

export interface KlingCredentials {
  accessKey?: string;
  secretKey?: string;
  /** The newer plain API key; when set it wins over the access/secret key pair. */
  apiKey?: string;
}

/**
 * The `Authorization` header for Kling's API: `Bearer <API key>`, or `Bearer <JWT>` where the JWT is
 * HS256 over {iss: access key, exp: now+1800, nbf: now−5} signed with the secret key. A token is
 * reused until less than five minutes of it remain.
 */
export class KlingAuth {
  readonly #credentials: KlingCredentials;
  readonly #nowMs: () => number;
  #cached: { token: Promise<string>; expiresAt: number } | undefined;

  constructor(credentials: KlingCredentials, nowMs: () => number = Date.now) {
    if (!credentials.apiKey && !(credentials.accessKey && credentials.secretKey)) {
      throw new Error('Kling needs an API key, or an access key and a secret key');
    }
    this.#credentials = credentials;
    this.#nowMs = nowMs;
  }

  async header(): Promise<string> {
    if (this.#credentials.apiKey) return `Bearer ${this.#credentials.apiKey}`;
    const now = Math.floor(this.#nowMs() / 1000);
    if (!this.#cached || this.#cached.expiresAt - now < JWT_RENEW_MARGIN_S) {
      const expiresAt = now + JWT_LIFETIME_S;
      this.#cached = { token: this.#sign(now, expiresAt), expiresAt };
    }
    return `Bearer ${await this.#cached.token}`;
  }

  /** Forgets the cached token (after Kling said it is invalid, not yet valid or expired). */
  invalidate(): void {
    this.#cached = undefined;
  }

  #sign(now: number, expiresAt: number): Promise<string> {
    const { accessKey = '', secretKey = '' } = this.#credentials;
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(accessKey)
      .setExpirationTime(expiresAt)
      .setNotBefore(now - JWT_NOT_BEFORE_SKEW_S)
      .sign(new TextEncoder().encode(secretKey));
  }
}
