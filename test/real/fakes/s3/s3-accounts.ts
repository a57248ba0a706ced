/**
 * Accounts of the moto S3 server that check signatures: by default moto accepts any request;
 * once `POST /moto-api/reset-auth` sets the count of unauthenticated actions to 0, every S3
 * request must carry a SigV4 signature that moto recomputes with botocore's S3SigV4Auth from the
 * secret of an IAM access key it issued, and the key's policy must allow the action (moto 5.2.1
 * moto/core/authorization.py `_authenticate_and_authorize_action`, moto/iam/access_control.py
 * `IAMRequestBase.check_signature`). The users and keys are made through moto's IAM API first,
 * while it still takes unauthenticated calls.
 */
import { readFileSync } from 'node:fs';
import type { HttpRequest } from '../../../../scripts/operate/flows/operate-context.js';
import { amzDate, authorization, sha256Hex } from '../../../../scripts/operate/cloud/s3-signature.js';
import type { S3Server } from './s3-server.js';

export interface S3Key {
  accessKey: string;
  secretKey: string;
}

/** The account moto gives requests that name none (moto 5.2.1 moto/core/models.py `DEFAULT_ACCOUNT_ID`). */
export const DEFAULT_ACCOUNT = '123456789012';

/** A request signed with socle's signer for `service` in `region` (the test's own calls: setup and reading back). */
export function signedRequest(server: S3Server, key: S3Key, region: string, service: string, method: string, path: string, body = '', extra: Record<string, string> = {}): HttpRequest {
  const url = `${server.endpoint}${path}`;
  const payloadHash = sha256Hex(body);
  const signedHeaders = { host: new URL(url).host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate(new Date()), ...extra };
  const { host: _host, ...headers } = signedHeaders;
  const auth = authorization({ method, url, headers: signedHeaders, payloadHash, accessKey: key.accessKey, secretKey: key.secretKey, region, service });
  return { method, url, headers: { ...headers, authorization: auth }, ...(body ? { body } : {}) };
}

export async function call(server: S3Server, request: HttpRequest): Promise<{ status: number; body: string }> {
  const answer = await server.send(request, 15_000);
  if ('error' in answer) throw new Error(`${request.method} ${request.url}: ${answer.error}`);
  return answer;
}

const tag = (xml: string, name: string): string => {
  const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  if (value === undefined) throw new Error(`no <${name}> in ${xml.slice(0, 300)}`);
  return value;
};

/** An IAM user of `account` with one access key and an inline policy (IAM Query API: CreateUser, PutUserPolicy, CreateAccessKey). */
export async function iamUser(server: S3Server, name: string, policy: object, account = DEFAULT_ACCOUNT): Promise<S3Key> {
  // Before enforcement moto reads only the scope of the signature (to route to IAM), not its value.
  const setupKey = { accessKey: 'AKIASOCLESETUP', secretKey: 'setup' };
  const iam = async (params: Record<string, string>) => {
    const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
    const answer = await call(server, signedRequest(server, setupKey, 'us-east-1', 'iam', 'POST', '/', body, { 'content-type': 'application/x-www-form-urlencoded', 'x-moto-account-id': account }));
    if (answer.status !== 200) throw new Error(`IAM ${params['Action']}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return answer.body;
  };
  await iam({ Action: 'CreateUser', UserName: name });
  await iam({ Action: 'PutUserPolicy', UserName: name, PolicyName: `${name}-s3`, PolicyDocument: JSON.stringify(policy) });
  const made = await iam({ Action: 'CreateAccessKey', UserName: name });
  return { accessKey: tag(made, 'AccessKeyId'), secretKey: tag(made, 'SecretAccessKey') };
}

/** Every S3 action on every bucket of the account: what an object storage user of the project holds. */
export const ALL_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

/** From now on every request needs a valid signature of a key moto issued. */
export async function enforceSignatures(server: S3Server): Promise<void> {
  const answer = await server.send({ method: 'POST', url: `${server.endpoint}/moto-api/reset-auth`, headers: {}, body: '0' }, 10_000);
  if ('error' in answer || answer.status !== 200) throw new Error(`moto reset-auth: ${JSON.stringify(answer)}`);
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** The requests moto's recorder wrote (one JSON object a line). */
export function recordedRequests(file: string): RecordedRequest[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedRequest)
    .map((r) => ({ ...r, headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])) }));
}
