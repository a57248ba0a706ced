/**
 * `synth --out` replaces its output whole (hostile-inputs review D9, D10): a child process writes
 * a new output over an old one and is killed (SIGKILL) after each of its file operations in turn,
 * or interrupted (SIGINT) there. Whatever the point, the folder reads as the old tree or the new
 * one, never a mix (a link not yet swapped in dangles, which check refuses); the next run cleans
 * what the killed one left; SIGINT exits 130 with the folder whole and no staging left.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadArtifactsFolder } from '../../policies/artifacts/load-artifacts-folder.js';
import { INTERNAL_DIR, MARKER_FILE, writeOutputFolder } from '../../scripts/synth-output.js';
import { REPO_ROOT } from './capture-io.js';

const scratch = mkdtempSync(join(tmpdir(), 'socle-synth-atomic-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OLD = new Map([
  ['environment.json', 'old environment'],
  ['terraform/a/cdk.tf.json', 'old a'],
  ['manifests/1.yaml', 'old 1'],
  ['manifests/2.yaml', 'old 2'],
]);
// Changed, added (a new stack, a new manifest) and removed (manifests/2.yaml) artifacts.
const NEW = new Map([
  ['environment.json', 'new environment'],
  ['terraform/a/cdk.tf.json', 'new a'],
  ['terraform/b/cdk.tf.json', 'new b'],
  ['manifests/1.yaml', 'new 1'],
  ['manifests/3.yaml', 'new 3'],
]);
const STATE = 'terraform/a/terraform.tfstate';

/** What the folder shows where readers look (the artifact paths), and which links dangle. */
function view(out: string): { readable: Map<string, string>; dangling: string[] } {
  const readable = new Map<string, string>();
  const dangling: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const path = relative(out, full);
      if (path === INTERNAL_DIR || path === MARKER_FILE || path === STATE) continue;
      if (entry.isDirectory()) walk(full);
      else if (existsSync(full)) readable.set(path, readFileSync(full, 'utf8'));
      else dangling.push(path);
    }
  };
  walk(out);
  return { readable: new Map([...readable].sort()), dangling: dangling.sort() };
}

const sorted = (m: Map<string, string>) => new Map([...m].sort());

function runChild(out: string, stopAt: number, mode: 'kill' | 'sigint') {
  const files = join(scratch, 'new.json');
  writeFileSync(files, JSON.stringify(Object.fromEntries(NEW)));
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/cli/fixtures/write-output-child.ts'), out, files, String(stopAt), mode], { cwd: REPO_ROOT, encoding: 'utf8' });
}

function oldFolder(name: string): string {
  const out = join(scratch, name);
  writeOutputFolder(out, OLD);
  writeFileSync(join(out, STATE), 'state');
  return out;
}

describe('synth --out swaps its output whole', () => {
  // One uninterrupted run counts the steps: every file operation of the protocol is a kill point.
  const probe = runChild(oldFolder('probe'), 0, 'kill');
  const steps = Number(probe.stdout.trim());

  it('has a bounded number of kill points', () => {
    expect(probe.status, probe.stderr).toBe(0);
    expect(steps).toBeGreaterThan(10);
    expect(steps).toBeLessThan(40);
  });

  it('shows the old or the new tree whole after a SIGKILL at every step, and the next run cleans up (D9, D10)', () => {
    const seen = { old: 0, new: 0, dangling: 0 };
    for (let stopAt = 1; stopAt <= steps; stopAt += 1) {
      const out = oldFolder(`kill-${stopAt}`);
      const child = runChild(out, stopAt, 'kill');
      expect(child.signal, `step ${stopAt}`).toBe('SIGKILL');
      const { readable, dangling } = view(out);
      const whole = JSON.stringify([...readable]);
      expect([JSON.stringify([...sorted(OLD)]), JSON.stringify([...sorted(NEW)])], `step ${stopAt}: ${whole}`).toContain(whole);
      if (whole === JSON.stringify([...sorted(OLD)])) seen.old += 1;
      else seen.new += 1;
      if (dangling.length > 0) {
        seen.dangling += 1;
        // A link that points nowhere makes check fail: it can't read the folder.
        expect(() => loadArtifactsFolder(out), `step ${stopAt}`).toThrow(new RegExp(`${dangling[0]}: a symbolic link to nothing`));
      }
      expect(readFileSync(join(out, STATE), 'utf8')).toBe('state');
      // The next run takes over the dead run's lock, removes its staging and stray links.
      writeOutputFolder(out, NEW);
      expect(view(out)).toEqual({ readable: sorted(NEW), dangling: [] });
      expect(readdirSync(join(out, INTERNAL_DIR)).sort()).toEqual(['current', readdirSync(join(out, INTERNAL_DIR)).find((n) => n.startsWith('gen-'))].sort());
      expect(JSON.parse(readFileSync(join(out, MARKER_FILE), 'utf8')).files).toEqual([...NEW.keys()].sort());
    }
    // Both sides of the swap were reached, and some runs died between linking and swapping.
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.new).toBeGreaterThan(0);
    expect(seen.dangling).toBeGreaterThan(0);
  });

  it('finishes the swap on SIGINT, exits 130 and leaves no staging (D10)', () => {
    for (const stopAt of [1, Math.floor(steps / 2), steps]) {
      const out = oldFolder(`sigint-${stopAt}`);
      const child = runChild(out, stopAt, 'sigint');
      expect(child.status, `step ${stopAt}: ${child.stderr}`).toBe(130);
      expect(view(out)).toEqual({ readable: sorted(NEW), dangling: [] });
      const internal = readdirSync(join(out, INTERNAL_DIR));
      expect(internal.filter((n) => n !== 'current')).toHaveLength(1);
      expect(lstatSync(join(out, INTERNAL_DIR, 'current')).isSymbolicLink()).toBe(true);
    }
  });
});
