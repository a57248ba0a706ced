/**
 * Makes the buckets a region serves only through its S3 API (OVHcloud's 3-AZ regions have no
 * Swift, so the stacks can't make them): HEAD, then PUT with the region as location constraint.
 * Idempotent — an existing bucket of ours is left as it is — and it never deletes anything.
 */
import type { HttpRequest, ProbeResult } from '../flows/operate-context.js';
import { amzDate, authorization, sha256Hex } from './s3-signature.js';

export interface S3Account {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
}

export type Send = (request: HttpRequest, timeoutMs: number) => Promise<ProbeResult>;

export class BucketError extends Error {}

const TIMEOUT_MS = 30_000;

function signed(account: S3Account, method: string, bucket: string, body: string, now: Date, query = ''): HttpRequest {
  const url = `${account.endpoint.replace(/\/$/, '')}/${bucket}${query}`;
  const payloadHash = sha256Hex(body);
  const amz = { 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate(now) };
  const auth = authorization({ method, url, headers: { host: new URL(url).host, ...amz }, payloadHash, accessKey: account.accessKey, secretKey: account.secretKey, region: account.region, service: 's3' });
  return { method, url, headers: { ...amz, authorization: auth, ...(body ? { 'content-type': 'application/xml' } : {}) }, ...(body ? { body } : {}) };
}

const errorCode = (body: string): string => /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? 'no error code';

function answered(answer: ProbeResult, what: string): { status: number; body: string } {
  if ('error' in answer) throw new BucketError(`${what}: no answer (${answer.error})`);
  return answer;
}

/**
 * Why a HEAD was refused. HEAD answers carry no body, so a refused credential and a refused bucket
 * look the same (AWS S3 API Reference, HeadBucket: "A message body is not included, so you cannot
 * determine the exception beyond these error codes"); GetBucketLocation (`GET /<bucket>?location`)
 * names the error: InvalidAccessKeyId, SignatureDoesNotMatch or AccessDenied (S3 API Reference,
 * Error responses — all 403).
 */
async function refusal(send: Send, account: S3Account, bucket: string, now: Date, where: string): Promise<BucketError> {
  const location = await send(signed(account, 'GET', bucket, '', now, '?location'), TIMEOUT_MS);
  const code = 'error' in location ? undefined : errorCode(location.body);
  if (code === 'InvalidAccessKeyId') return new BucketError(`${where}: the S3 endpoint does not know the access key (InvalidAccessKeyId): check the stack's s3_access_key output and that s3_endpoint is its region's`);
  if (code === 'SignatureDoesNotMatch') return new BucketError(`${where}: the S3 secret key does not match the access key (SignatureDoesNotMatch): check the stack's s3_secret_key output`);
  return new BucketError(`${where}: access denied — it belongs to another project, or the stack's S3 credential lacks the object storage role`);
}

/** `made` when this call created it, `exists` when it was already ours. */
export async function ensureBucket(send: Send, account: S3Account, bucket: string, now: () => Date): Promise<'made' | 'exists'> {
  const where = `bucket ${bucket} at ${account.endpoint}`;
  const head = answered(await send(signed(account, 'HEAD', bucket, '', now()), TIMEOUT_MS), where);
  if (head.status === 200) return 'exists';
  if (head.status === 403) throw await refusal(send, account, bucket, now(), where);
  if (head.status !== 404) throw new BucketError(`${where}: HEAD answered ${head.status}`);
  const configuration = `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${account.region}</LocationConstraint></CreateBucketConfiguration>`;
  const put = answered(await send(signed(account, 'PUT', bucket, configuration, now()), TIMEOUT_MS), where);
  if (put.status === 200) return 'made';
  const code = errorCode(put.body);
  // Another run made it between our HEAD and PUT.
  if (put.status === 409 && code === 'BucketAlreadyOwnedByYou') return 'exists';
  if (put.status === 409) throw new BucketError(`${where}: the name is taken by another account (${code}); bucket names follow authority.domain: change it or ask the provider`);
  throw new BucketError(`${where}: creation answered ${put.status} (${code})`);
}
