/** The suites' own S3 requests (setup and reading back), signed with socle's SigV4 signer. */
import type { HttpRequest } from '../../../../scripts/operate/flows/operate-context.js';
import { amzDate, authorization, sha256Hex } from '../../../../scripts/operate/cloud/s3-signature.js';

export interface S3Key {
  accessKey: string;
  secretKey: string;
}

/** `method` on `endpoint` + `path` (with its query), signed by `key` for S3 in `region`. */
export function signedRequest(endpoint: string, key: S3Key, region: string, method: string, path: string, body = '', extra: Record<string, string> = {}): HttpRequest {
  const url = `${endpoint}${path}`;
  const payloadHash = sha256Hex(body);
  const signedHeaders = { host: new URL(url).host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate(new Date()), ...extra };
  const { host: _host, ...headers } = signedHeaders;
  const auth = authorization({ method, url, headers: signedHeaders, payloadHash, accessKey: key.accessKey, secretKey: key.secretKey, region, service: 's3' });
  return { method, url, headers: { ...headers, authorization: auth }, ...(body ? { body } : {}) };
}
