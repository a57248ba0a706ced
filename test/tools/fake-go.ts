/**
 * A stand-in `go` on PATH for the tools tests, so that they run on a machine without Go: it answers
 * the two questions the cache asks (`go version`, `go version -m <binary>`) the way go prints them,
 * and fails like go on anything else.
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const script = `#!/usr/bin/env node
const a = process.argv.slice(2);
if (a.length === 1 && a[0] === 'version') { console.log(process.env.FAKE_GO_VERSION || 'go version go1.99.0 linux/amd64'); process.exit(0); }
if (a[0] === 'version' && a[1] === '-m') { console.log(a[2] + ': go1.99.0\\n\\tpath\\tfake.example/cmd'); process.exit(0); }
process.stderr.write('go: unknown command ' + a.join(' ') + '\\n');
process.exit(2);
`;

/** A directory holding only the fake `go`; PATH is that directory plus node's own. */
export async function fakeGoPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'socle-fake-go-'));
  await writeFile(join(dir, 'go'), script);
  await chmod(join(dir, 'go'), 0o755);
  return `${dir}:${dirname(process.execPath)}`;
}

/** PATH with node but no go at all. */
export function pathWithoutGo(): string {
  return dirname(process.execPath);
}
