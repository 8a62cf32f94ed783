// S3's error responses: an HTTP status and an XML <Error> body the SDK turns into a named exception
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
import { randomBytes } from 'node:crypto';
import { escapeXml } from './xml.ts';

export class S3Error extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra elements of the <Error> body (e.g. Key, HeadersNotSigned, CanonicalRequest). */
  readonly details: Record<string, string>;

  constructor(status: number, code: string, message: string, details: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  xml(requestId: string): string {
    const details = Object.entries(this.details)
      .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
      .join('');
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(this.code)}</Code><Message>${escapeXml(this.message)}</Message>` +
      `${details}<RequestId>${requestId}</RequestId><HostId>${hostId()}</HostId></Error>`
    );
  }
}

export function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function hostId(): string {
  return randomBytes(24).toString('base64');
}

export const errors = {
  accessDenied: (message = 'Access Denied', details: Record<string, string> = {}) => new S3Error(403, 'AccessDenied', message, details),
  invalidAccessKeyId: (accessKeyId: string) =>
    new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId }),
  signatureDoesNotMatch: (details: Record<string, string>) =>
    new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      details,
    ),
  requestTimeTooSkewed: (requestTime: string, serverTime: Date) =>
    new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: requestTime,
      ServerTime: serverTime.toISOString(),
      MaxAllowedSkewMilliseconds: '900000',
    }),
  headerMalformed: (message: string) => new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; ${message}`),
  queryMalformed: (message: string) => new S3Error(400, 'AuthorizationQueryParametersError', message),
  invalidRequest: (message: string) => new S3Error(400, 'InvalidRequest', message),
  noSuchBucket: (bucket: string) => new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }),
  noSuchUpload: (uploadId: string) =>
    new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
      UploadId: uploadId,
    }),
  badDigest: (what: string) => new S3Error(400, 'BadDigest', `The ${what} you specified did not match the calculated checksum.`),
  notImplemented: () => new S3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented.'),
};
