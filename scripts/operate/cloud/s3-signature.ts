/**
 * AWS Signature Version 4 ("AWS4-HMAC-SHA256"), the request signing every S3 service speaks —
 * OVHcloud's native object storage included — with the access/secret pair Keystone issued as EC2
 * credentials. Pure: the date comes in, headers come out.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SignedRequest {
  method: string;
  url: string;
  /** Headers to sign, names in lower case; `host` and `x-amz-date` among them. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body (`sha256Hex('')` for none). */
  payloadHash: string;
  accessKey: string;
  secretKey: string;
  region: string;
  service: string;
}

export const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20150830T123600Z`, the form x-amz-date takes. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 3986 encoding of one path segment or query part (S3 encodes everything but unreserved characters). */
const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalRequest(r: SignedRequest): { text: string; signedHeaders: string } {
  const url = new URL(r.url);
  const path = url.pathname.split('/').map((segment) => encode(decodeURIComponent(segment))).join('/') || '/';
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = Object.keys(r.headers).sort();
  const headers = names.map((n) => `${n}:${r.headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  return { text: [r.method, path, query, headers, signedHeaders, r.payloadHash].join('\n'), signedHeaders };
}

/** The `Authorization` header value for the request. */
export function authorization(r: SignedRequest): string {
  const when = r.headers['x-amz-date'];
  if (!when) throw new Error('x-amz-date must be among the signed headers');
  const day = when.slice(0, 8);
  const scope = `${day}/${r.region}/${r.service}/aws4_request`;
  const { text, signedHeaders } = canonicalRequest(r);
  const toSign = ['AWS4-HMAC-SHA256', when, scope, sha256Hex(text)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${r.secretKey}`, day), r.region), r.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${r.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
