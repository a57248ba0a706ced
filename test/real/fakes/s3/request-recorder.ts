/**
 * A pass-through HTTP front (recording-proxy.ts, a process of its own) that logs each request's
 * method, URL and headers before handing it on, so a suite can see what rclone or socle sent:
 * headers the S3 gateway does not log.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RecordedRequest {
  method: string;
  url: string;
  /** Header names in lower case, as Node gives them. */
  headers: Record<string, string>;
}

export interface RequestRecorder {
  /** `http://127.0.0.1:<port>`: where clients send to. */
  readonly endpoint: string;
  close(): Promise<void>;
}

const TSX = resolve(import.meta.dirname, '..', '..', '..', '..', 'node_modules', '.bin', 'tsx');

export function startRequestRecorder(upstreamPort: number, file: string): Promise<RequestRecorder> {
  const child = spawn(TSX, [join(import.meta.dirname, 'recording-proxy.ts'), String(upstreamPort), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolveStart, reject) => {
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`recording proxy exited (${code}): ${output.slice(-500)}`)));
    child.stdout.once('data', (d: Buffer) =>
      resolveStart({
        endpoint: d.toString().trim(),
        close: () =>
          new Promise<void>((resolveClose) => {
            if (child.exitCode !== null) return resolveClose();
            child.once('exit', () => resolveClose());
            child.kill('SIGTERM');
          }),
      }),
    );
  });
}

/** The requests the recorder wrote, oldest first. */
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
    .map((line) => JSON.parse(line) as RecordedRequest);
}
