/**
 * A real S3-compatible server for the real suites: Versity's S3 gateway (versitygw v1.8.0, built
 * from its Go module by `npm run tools`, scripts/tools/recipes/versitygw.ts) over its posix
 * backend, objects as files under a scratch folder. It checks every request's SigV4 signature
 * against the secret of the key it names (versitygw v1.8.0 s3api/middlewares/authentication.go
 * `VerifyV4Signature`, internal/sigv4auth/verify.go `CheckSignature`): the canonical query is
 * rebuilt from the decoded parameters (internal/sigv4auth/canonical.go `BuildAndSign`, so
 * `delimiter=%2F` verifies), an `UNSIGNED-PAYLOAD` request is still signed over its headers, and an
 * aws-chunked body's chunk and trailer signatures are checked chunk by chunk
 * (s3api/utils/signed-chunk-reader.go). It serves one region: a signature scoped to another is
 * refused (IncorrectRegion), and so is a CreateBucket whose LocationConstraint is not it
 * (s3api/controllers/bucket-put.go, InvalidLocationConstraint). `PutObject` with
 * `If-None-Match: *` answers 412 when the key exists (backend/posix/posix.go
 * `checkPutPreconditions`), the call OpenTofu's S3 lock file relies on (OpenTofu v1.12.6
 * `internal/backend/remote-state/s3/client.go`).
 *
 * HTTPS by default, with a certificate made for 127.0.0.1 by the test, since socle's environment
 * schema accepts only `https://` state endpoints; tofu trusts it through AWS_CA_BUNDLE (v1.12.6
 * `internal/backend/remote-state/s3/backend.go`, `custom_ca_bundle`). Every secret reaches the
 * gateway through its environment (ROOT_ACCESS_KEY_ID…, cmd/versitygw/main.go), none on its
 * command line.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { HttpRequest, ProbeResult } from '../../../../scripts/operate/flows/operate-context.js';
import { builtTool, type ProgramAvailability } from '../../harness/program-suite.js';
import { signedRequest, type S3Key } from './signed-request.js';
import { startRequestRecorder, type RequestRecorder } from './request-recorder.js';

export interface S3ServerOptions {
  /** The one region the gateway serves (`--region`): every request must be signed for it. */
  region: string;
  /** Serve HTTPS with a throwaway certificate (default) or plain HTTP (for clients that can't be given a CA, like Node's fetch). */
  tls?: boolean;
  /** Record every request (method, URL, headers) to this JSON-lines file, through request-recorder.ts (plain HTTP only). */
  recordTo?: string;
}

export interface S3Server {
  readonly endpoint: string;
  readonly region: string;
  /** PEM of the server's self-signed certificate (TLS only). */
  readonly caFile: string;
  readonly ca: string;
  /** The gateway's root account (role admin): what tofu and the suites' own setup sign with. */
  readonly accessKey: string;
  readonly secretKey: string;
  /** Sends a request, trusting only this server's certificate (the `Send` of scripts/operate/cloud/s3-buckets.ts). */
  send(request: HttpRequest, timeoutMs: number): Promise<ProbeResult>;
  /** A request signed with the root key for the server's region, answered (a transport error throws). */
  call(method: string, path: string, body?: string, extra?: Record<string, string>, key?: S3Key): Promise<{ status: number; body: string }>;
  /** A signed object request (`PUT`, `GET`, `DELETE`) on `bucket/key` with the root key. */
  object(method: 'PUT' | 'GET' | 'DELETE', bucket: string, key: string, body?: string): Promise<{ status: number; body: string }>;
  /**
   * A new account of the gateway with its own key (the admin API's `PATCH /create-user`, role
   * `userplus`, which may create buckets: auth/access-control.go `VerifyCreateBucketAccess`). It
   * sees only its own buckets: another account's answers AccessDenied (auth ACLs).
   */
  account(name: string): Promise<S3Key>;
  /**
   * Dates a stored object `days` back: the posix backend reports a file's modification time as the
   * object's LastModified (backend/posix/posix.go, `fi.ModTime()` in HeadObject and the listings),
   * so this is the object as if written then. The suites age what they stored with it.
   */
  ageObject(bucket: string, key: string, days: number): void;
  stop(): Promise<void>;
}

/** The gateway `npm run tools` built; a loud NOT RUN row (program-suite.ts) when it is not there. */
export function s3ServerAvailability(): ProgramAvailability & { path?: string } {
  const tool = builtTool('versitygw');
  return tool.path ? { version: tool.version, path: tool.path } : { missing: `versitygw (the S3 server): ${tool.missing ?? 'no path'}` };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

const DAY_MS = 86_400_000;

export async function startS3Server(dir: string, options: S3ServerOptions): Promise<S3Server> {
  const { path: binary, missing } = s3ServerAvailability();
  if (!binary) throw new Error(missing);
  const tls = options.tls ?? true;
  if (tls && options.recordTo) throw new Error('startS3Server: recordTo needs tls: false');
  const home = mkdtempSync(join(dir, 's3-gateway-'));
  const [objects, iam] = [join(home, 'objects'), join(home, 'iam')];
  for (const d of [objects, iam]) mkdirSync(d);
  const caFile = join(home, 'cert.pem');
  const keyFile = join(home, 'key.pem');
  if (tls) execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', caFile], { stdio: 'ignore' });
  const ca = tls ? readFileSync(caFile, 'utf8') : '';
  const port = await freePort();
  const accessKey = 'SOCLEREALROOT';
  const secretKey = randomUUID();
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    ROOT_ACCESS_KEY_ID: accessKey,
    ROOT_SECRET_ACCESS_KEY: secretKey,
    VGW_REGION: options.region,
    VGW_PORT: `127.0.0.1:${port}`,
    // The internal IAM: accounts made through the admin API, kept in this folder (cmd/versitygw/main.go `iam-dir`).
    VGW_IAM_DIR: iam,
    ...(tls ? { VGW_CERT: caFile, VGW_KEY: keyFile } : {}),
  };
  const child: ChildProcess = spawn(binary, ['posix', objects], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const recorder: RequestRecorder | undefined = options.recordTo ? await startRequestRecorder(port, options.recordTo) : undefined;
  const endpoint = recorder?.endpoint ?? `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  const send = (r: HttpRequest, timeoutMs: number): Promise<ProbeResult> =>
    new Promise((resolveSend) => {
      const answer = (res: import('node:http').IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveSend({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      };
      // A sized body, as fetch sends it: the gateway refuses a PutObject without Content-Length (411).
      const headers = r.body === undefined ? r.headers : { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) };
      const req = tls ? httpsRequest(r.url, { method: r.method, headers, ca, timeout: timeoutMs }, answer) : httpRequest(r.url, { method: r.method, headers, timeout: timeoutMs }, answer);
      req.on('error', (e: NodeJS.ErrnoException) => resolveSend({ error: e.code ?? e.message }));
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      if (r.body !== undefined) req.write(r.body);
      req.end();
    });

  const stop = async () => {
    await recorder?.close();
    if (child.exitCode !== null) return;
    await new Promise<void>((resolveStop) => {
      child.once('exit', () => resolveStop());
      child.kill('SIGTERM');
    });
  };

  // Bounded wait for the gateway to answer (an unsigned request gets an S3 error: it is up).
  for (let attempt = 0; ; attempt += 1) {
    const answer = await send({ method: 'GET', url: `${endpoint}/`, headers: {} }, 2_000);
    if (!('error' in answer)) break;
    if (attempt >= 50 || child.exitCode !== null) {
      await stop();
      throw new Error(`versitygw did not start on ${endpoint}: ${log.slice(-1000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const server: S3Server = {
    endpoint,
    region: options.region,
    caFile,
    ca,
    accessKey,
    secretKey,
    send,
    async call(method, path, body = '', extra = {}, key = { accessKey, secretKey }) {
      const request = signedRequest(endpoint, key, options.region, method, path, body, extra);
      const answer = await send(request, 15_000);
      if ('error' in answer) throw new Error(`${method} ${request.url}: ${answer.error}`);
      return answer;
    },
    object: (method, bucket, key, body = '') => server.call(method, `/${bucket}/${key}`, method === 'PUT' ? body : ''),
    async account(name) {
      const key = { accessKey: `SOCLE${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`, secretKey: randomUUID() };
      // The admin API reads an auth.Account as XML (auth/iam.go; cmd/internal/gwcli/admin.go `createUser` sends it so).
      const made = await server.call('PATCH', '/create-user', `<Account><Access>${key.accessKey}</Access><Secret>${key.secretKey}</Secret><Role>userplus</Role></Account>`);
      if (made.status !== 201) throw new Error(`versitygw create-user ${name}: ${made.status} ${made.body.slice(0, 300)}`);
      return key;
    },
    ageObject(bucket, key, days) {
      const then = new Date(Date.now() - days * DAY_MS);
      utimesSync(join(objects, bucket, key), then, then);
    },
    stop,
  };
  return server;
}
