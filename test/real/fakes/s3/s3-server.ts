/**
 * A real S3-compatible server for the state backend tests: moto's server mode (PyPI `moto[server]`),
 * which implements conditional writes — `PutObject` with `If-None-Match: *` answers 412 when the
 * key exists (moto 5.2.1 `moto/s3/responses.py`, `put_object`), the call OpenTofu's S3 lock file
 * relies on (OpenTofu v1.12.6 `internal/backend/remote-state/s3/client.go`, `s3Lock`).
 *
 * Served over HTTPS with a certificate made for 127.0.0.1 by the test, since socle's environment
 * schema accepts only `https://` state endpoints; tofu trusts it through AWS_CA_BUNDLE (v1.12.6
 * `internal/backend/remote-state/s3/backend.go`, `custom_ca_bundle`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { HttpRequest, ProbeResult } from '../../../../scripts/operate/flows/operate-context.js';
import { amzDate, authorization, sha256Hex } from '../../../../scripts/operate/cloud/s3-signature.js';

/** The region the test's own object requests are signed for (moto checks no signature). */
export const S3_REGION = 'sbg';

/** The moto release the suite installs when none is there (pinned: its conditional-write support is what is tested). */
export const MOTO_VERSION = '5.2.1';

/** How the server runs; every option off leaves moto as the state backend tests use it. */
export interface S3ServerOptions {
  /** Serve HTTPS with a throwaway certificate (default) or plain HTTP (for clients that can't be given a CA, like Node's fetch). */
  tls?: boolean;
  /**
   * Record every request moto receives (method, URL, headers) to this JSON-lines file: moto's
   * recorder, `MOTO_ENABLE_RECORDING` / `MOTO_RECORDER_FILEPATH` (moto 5.2.1 moto/moto_api/_internal/recorder/models.py).
   */
  recordTo?: string;
  /**
   * Refuse access to a bucket of another account, as S3 does (moto's default lets it through):
   * `MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS=false` (moto 5.2.1 moto/settings.py, used by `get_bucket` in moto/s3/models.py).
   */
  refuseCrossAccount?: boolean;
  /**
   * The server's clock for object times (LastModified of a PUT or a CopyObject), shifted by
   * `setClockOffsetDays`: moto's S3 models stamp keys with `moto.s3.models.utcnow` (moto 5.2.1), which
   * the launcher wraps. A test knob of the fake only: it lets a suite age what it stored.
   */
  shiftableClock?: boolean;
}

export interface S3Server {
  readonly endpoint: string;
  /** PEM of the server's self-signed certificate. */
  readonly caFile: string;
  readonly ca: string;
  /** The key pair tofu and the test sign with (moto accepts any; tofu needs one). */
  readonly accessKey: string;
  readonly secretKey: string;
  /** Sends a request, trusting only this server's certificate (the `Send` of scripts/operate/cloud/s3-buckets.ts). */
  send(request: HttpRequest, timeoutMs: number): Promise<ProbeResult>;
  /** A signed object request (`PUT`, `GET`, `DELETE`) on `bucket/key`. */
  object(method: 'PUT' | 'GET' | 'DELETE', bucket: string, key: string, body?: string): Promise<{ status: number; body: string }>;
  /** Moves the server's object clock (`shiftableClock` only): later writes are stamped `days` from now. */
  setClockOffsetDays(days: number): void;
  stop(): Promise<void>;
}

function installedMoto(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import moto, flask, flask_cors; print(moto.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** moto's version, installing the pinned release from PyPI only when no moto server is installed. */
export function motoAvailability(): { version?: string; missing?: string } {
  const found = installedMoto();
  if (found) return { version: found };
  try {
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', `moto[server]==${MOTO_VERSION}`], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  } catch (e) {
    return { missing: `moto[server]==${MOTO_VERSION} could not be installed from PyPI: ${String((e as { stderr?: Buffer }).stderr ?? e).slice(-300)}` };
  }
  const installed = installedMoto();
  return installed ? { version: installed } : { missing: 'moto installed but does not import' };
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

/** moto's server, with the object clock read from a file when the suite may shift it. */
const launcher = (clockFile?: string) =>
  clockFile
    ? `import datetime, moto.s3.models as m
real = m.utcnow
def shifted():
    with open(${JSON.stringify(clockFile)}) as f:
        return real() + datetime.timedelta(days=float(f.read() or 0))
m.utcnow = shifted
from moto.server import main
main()`
    : 'from moto.server import main; main()';

export async function startS3Server(dir: string, options: S3ServerOptions = {}): Promise<S3Server> {
  const tls = options.tls ?? true;
  const caFile = join(dir, 's3-cert.pem');
  const keyFile = join(dir, 's3-key.pem');
  if (tls) execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', caFile], { stdio: 'ignore' });
  const ca = tls ? readFileSync(caFile, 'utf8') : '';
  const clockFile = options.shiftableClock ? join(dir, `s3-clock-${randomUUID()}`) : undefined;
  if (clockFile) writeFileSync(clockFile, '0');
  const port = await freePort();
  const env = {
    ...process.env,
    ...(options.recordTo ? { MOTO_ENABLE_RECORDING: 'true', MOTO_RECORDER_FILEPATH: options.recordTo } : {}),
    ...(options.refuseCrossAccount ? { MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS: 'false' } : {}),
  };
  const child: ChildProcess = spawn('python3', ['-c', launcher(clockFile), '-H', '127.0.0.1', '-p', String(port), ...(tls ? ['-c', caFile, '-k', keyFile] : [])], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  const send = (r: HttpRequest, timeoutMs: number): Promise<ProbeResult> =>
    new Promise((resolveSend) => {
      const answer = (res: import('node:http').IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveSend({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      };
      const req = tls ? httpsRequest(r.url, { method: r.method, headers: r.headers, ca, timeout: timeoutMs }, answer) : httpRequest(r.url, { method: r.method, headers: r.headers, timeout: timeoutMs }, answer);
      req.on('error', (e: NodeJS.ErrnoException) => resolveSend({ error: e.code ?? e.message }));
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      if (r.body !== undefined) req.write(r.body);
      req.end();
    });

  // Bounded wait for the server to answer (moto starts in a second or two).
  for (let attempt = 0; ; attempt += 1) {
    const answer = await send({ method: 'GET', url: `${endpoint}/`, headers: {} }, 2_000);
    if (!('error' in answer)) break;
    if (attempt >= 50 || child.exitCode !== null) {
      child.kill();
      throw new Error(`moto server did not start on ${endpoint}: ${log.slice(-1000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const accessKey = 'AKIASOCLEREALTEST';
  const secretKey = randomUUID();
  const object: S3Server['object'] = async (method, bucket, key, body = '') => {
    const url = `${endpoint}/${bucket}/${key}`;
    const payloadHash = sha256Hex(body);
    const amz = { 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate(new Date()) };
    const auth = authorization({ method, url, headers: { host: new URL(url).host, ...amz }, payloadHash, accessKey, secretKey, region: S3_REGION, service: 's3' });
    const answer = await send({ method, url, headers: { ...amz, authorization: auth }, ...(method === 'PUT' ? { body } : {}) }, 10_000);
    if ('error' in answer) throw new Error(`${method} ${url}: ${answer.error}`);
    return answer;
  };

  return {
    endpoint,
    caFile,
    ca,
    accessKey,
    secretKey,
    send,
    object,
    setClockOffsetDays: (days) => {
      if (!clockFile) throw new Error('startS3Server: shiftableClock is off');
      writeFileSync(clockFile, String(days));
    },
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}
