// Checks the Authorization header the way Kling documents it (https://app.klingai.com/global/dev/document-api/apiReference/commonInfo, authentication): `Bearer <API key>`,
// or `Bearer <JWT>` signed HS256 with the secret key, iss = access key, with valid exp and nbf.
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JsonObject } from './types.ts';

export type AuthOutcome = { ok: true; jwt?: { header: JsonObject; claims: JsonObject } } | { ok: false; code: number; message: string };

export async function checkAuthorization(
  authorization: string | undefined,
  keys: { accessKey: string; secretKey: string; apiKey?: string },
): Promise<AuthOutcome> {
  if (!authorization) return { ok: false, code: 1001, message: 'Authorization is empty' };
  const match = /^Bearer (\S+)$/.exec(authorization);
  if (!match?.[1]) return { ok: false, code: 1002, message: 'Authorization is not "Bearer <token>"' };
  const token = match[1];
  if (keys.apiKey && token === keys.apiKey) return { ok: true };
  try {
    const header = decodeProtectedHeader(token) as JsonObject;
    const { payload } = await jwtVerify(token, new TextEncoder().encode(keys.secretKey), {
      algorithms: ['HS256'],
      typ: 'JWT',
      issuer: keys.accessKey,
      requiredClaims: ['iss', 'exp', 'nbf'],
    });
    return { ok: true, jwt: { header, claims: payload as JsonObject } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, code: 1004, message: 'Authorization expired' };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return { ok: false, code: 1003, message: 'Authorization is not yet valid' };
    return { ok: false, code: 1002, message: `Authorization is invalid (${error instanceof Error ? error.message : String(error)})` };
  }
}
