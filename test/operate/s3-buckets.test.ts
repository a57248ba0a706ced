/** Bucket making through the S3 API: SigV4 against AWS's published examples, then the calls against a local S3 stand-in. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../scripts/operate/cloud/http-request.js';
import { BucketError, ensureBucket, type S3Account } from '../../scripts/operate/cloud/s3-buckets.js';
import { amzDate, authorization, sha256Hex } from '../../scripts/operate/cloud/s3-signature.js';

describe('AWS Signature Version 4', () => {
  it('signs the AWS SigV4 test suite request "get-vanilla"', () => {
    const auth = authorization({
      method: 'GET',
      url: 'https://example.amazonaws.com/',
      headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      payloadHash: sha256Hex(''),
      accessKey: 'AKIDEXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 'service',
    });
    expect(auth).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('signs the S3 "GET Object" example of the S3 API reference (header-based auth)', () => {
    const auth = authorization({
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': sha256Hex(''), 'x-amz-date': '20130524T000000Z' },
      payloadHash: sha256Hex(''),
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 's3',
    });
    expect(auth).toMatch(/Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41$/);
  });

  it('writes x-amz-date in the basic ISO 8601 form', () => {
    expect(amzDate(new Date('2026-11-23T03:04:05.678Z'))).toBe('20261123T030405Z');
  });
});

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('ensureBucket against an S3 stand-in', () => {
  const seen: Seen[] = [];
  const buckets = new Set<string>(['already-there']);
  /** Scripted answers to PUT, by bucket. */
  const putAnswers = new Map<string, { status: number; body: string }>();
  let account: S3Account;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const bucket = (req.url ?? '/').slice(1);
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (bucket === 'forbidden') return void res.writeHead(403).end();
      if (req.method === 'HEAD') return void res.writeHead(buckets.has(bucket) ? 200 : 404).end();
      const scripted = putAnswers.get(bucket);
      if (scripted) return void res.writeHead(scripted.status, { 'content-type': 'application/xml' }).end(scripted.body);
      buckets.add(bucket);
      res.writeHead(200).end();
    });
  });
  const now = () => new Date('2026-11-23T03:04:05Z');

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    account = { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-west-par', accessKey: 'ak-data', secretKey: 'sk-d0-not-leak' };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('makes a missing bucket in the region (HEAD, then a signed PUT with the location constraint)', async () => {
    seen.length = 0;
    expect(await ensureBucket(request, account, 'metropole-nextcloud-data', now)).toBe('made');
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['HEAD /metropole-nextcloud-data', 'PUT /metropole-nextcloud-data']);
    const put = seen[1]!;
    expect(put.body).toBe('<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-par</LocationConstraint></CreateBucketConfiguration>');
    expect(put.headers['x-amz-date']).toBe('20261123T030405Z');
    expect(put.headers['x-amz-content-sha256']).toBe(sha256Hex(put.body));
    expect(put.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=ak-data\/20261123\/eu-west-par\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    // The signature covers the Host the request really carried.
    expect(put.headers['authorization']).toBe(
      authorization({ method: 'PUT', url: `${account.endpoint}/metropole-nextcloud-data`, headers: { host: put.headers.host!, 'x-amz-content-sha256': sha256Hex(put.body), 'x-amz-date': '20261123T030405Z' }, payloadHash: sha256Hex(put.body), accessKey: 'ak-data', secretKey: 'sk-d0-not-leak', region: 'eu-west-par', service: 's3' }),
    );
    expect(JSON.stringify(seen)).not.toContain('sk-d0-not-leak');
  });

  it('leaves an existing bucket alone', async () => {
    seen.length = 0;
    expect(await ensureBucket(request, account, 'already-there', now)).toBe('exists');
    expect(seen.map((s) => s.method)).toEqual(['HEAD']);
  });

  it('takes a bucket another run made meanwhile as ours, and refuses a name taken elsewhere', async () => {
    putAnswers.set('raced', { status: 409, body: '<Error><Code>BucketAlreadyOwnedByYou</Code></Error>' });
    putAnswers.set('taken', { status: 409, body: '<Error><Code>BucketAlreadyExists</Code></Error>' });
    expect(await ensureBucket(request, account, 'raced', now)).toBe('exists');
    await expect(ensureBucket(request, account, 'taken', now)).rejects.toThrow(`bucket taken at ${account.endpoint}: the name is taken by another account (BucketAlreadyExists)`);
  });

  it('says why when access is denied or nothing answers', async () => {
    await expect(ensureBucket(request, account, 'forbidden', now)).rejects.toThrow(/access denied — it belongs to another project, or the stack's S3 credential lacks the object storage role/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nowhere = { ...account, endpoint: `http://127.0.0.1:${port}` };
    const error = await ensureBucket(request, nowhere, 'b', now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BucketError);
    expect((error as Error).message).toBe(`bucket b at http://127.0.0.1:${port}: no answer (ECONNREFUSED)`);
  });
});
