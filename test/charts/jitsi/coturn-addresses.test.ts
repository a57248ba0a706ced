/**
 * coturn announces its node's floating IP, read from the metadata service, and refuses to start
 * on a node that has none (a Magnum node replaced since the cluster stack was applied). The
 * rendered script runs under `sh` with a stand-in `wget` playing the metadata service.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configData, loadExample, MAGNUM_FIXTURE, render } from '../examples.js';

const script = configData(render(loadExample(MAGNUM_FIXTURE)).objects, 'coturn', 'discover-addresses.sh');

/** Runs the script with the metadata service answering `answers` (path → body; absent → 404). */
function discover(answers: Record<string, string>): { status: number; stderr: string; public?: string; private?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'socle-coturn-'));
  // wget -qO <file> <url>, as busybox and GNU wget take it.
  writeFileSync(
    join(dir, 'wget'),
    `#!/bin/sh\nfile="$2"; url="$3"\ncase "$url" in\n${Object.entries(answers)
      .map(([path, body]) => `  http://169.254.169.254${path}) printf '%s' '${body}' > "$file" ;;`)
      .join('\n')}\n  *) echo "wget: server returned error: HTTP/1.1 404 Not Found" >&2; exit 8 ;;\nesac\n`,
  );
  chmodSync(join(dir, 'wget'), 0o755);
  const run = spawnSync('sh', ['-c', script.replaceAll('/addresses/', `${dir}/`)], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  return { status: run.status ?? -1, stderr: run.stderr, public: read('public'), private: read('private') };
}

const PUBLIC = '/latest/meta-data/public-ipv4';
const PRIVATE = '/latest/meta-data/local-ipv4';

describe("coturn's address discovery", () => {
  it('keeps the floating IP and the private address the metadata service gives', () => {
    expect(discover({ [PUBLIC]: '203.0.113.10', [PRIVATE]: '10.20.0.21' })).toMatchObject({ status: 0, public: '203.0.113.10', private: '10.20.0.21' });
  });

  it('fails on a node without a floating IP yet, whether the service answers empty or not at all', () => {
    const empty = discover({ [PUBLIC]: '', [PRIVATE]: '10.20.0.21' });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toContain('no public IPv4 address');
    expect(discover({ [PRIVATE]: '10.20.0.21' }).status).not.toBe(0);
  });
});
