/**
 * Each command loads only what it uses (issue 14): the compiled CLI is spawned under a module
 * loader hook (fixtures/record-module-loads.mjs) that records every module it resolves, and the
 * heavy packages a command doesn't need must be absent from the record. The CLI runs bundled
 * (bin/bundle-cli.js): a chunk of the bundle counts as every module esbuild put into it, as its
 * metafile says.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, BUNDLE_METAFILE } from '../../bin/build-layout.js';
import { REPO_ROOT } from './capture-io.js';

const BIN = join(REPO_ROOT, 'bin', 'socle.js');
const RECORDER = join(REPO_ROOT, 'test', 'cli', 'fixtures', 'record-module-loads.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'socle-loads-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** The files a loaded URL stands for, relative to the package root: a chunk's bundled modules, or the file itself. */
function filesLoaded(url: string, bundle: Metafile): string[] {
  if (!url.startsWith('file:')) return [];
  const file = relative(REPO_ROOT, fileURLToPath(url));
  const chunk = bundle.outputs[file];
  return chunk ? Object.keys(chunk.inputs) : [file];
}

/** The npm packages (`name` or `@scope/name`) whose modules a run of `socle <args>` loaded. */
async function packagesLoaded(args: string[]): Promise<Set<string>> {
  const log = join(scratch, `${args.join('_').replace(/\W+/g, '-')}.log`);
  const run = await execa('node', ['--import', RECORDER, BIN, ...args], { cwd: REPO_ROOT, reject: false, env: { NO_COLOR: '1', SOCLE_MODULE_LOG: log } });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  expect(urls.some((u) => u.endsWith(`/dist/${BUNDLE_DIR}/cli.js`))).toBe(true);
  const bundle = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', BUNDLE_DIR, BUNDLE_METAFILE), 'utf8')) as Metafile;
  const files = urls.flatMap((u) => filesLoaded(u, bundle));
  return new Set(files.flatMap((f) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));
}

/** Packages costly to load that only synthesis (cdktf, the charts' models) or operating (Pulumi, execa) needs. */
const SYNTHESIS = ['cdktf', 'constructs', 'kubernetes-models', '@kubernetes-models/cert-manager', '@kubernetes-models/cloudnative-pg', '@kubernetes-models/traefik'];
const OPERATING = ['@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/random', 'execa'];

describe('modules each command loads (compiled CLI)', () => {
  it.each(['--help', '--version', 'synth --help', 'deploy --help'])('socle %s loads no package at all', async (line) => {
    expect([...(await packagesLoaded(line.split(' ')))]).toEqual([]);
  });

  it.each(['validate', 'size metropole-9000', 'cost metropole-9000'])('socle %s loads neither synthesis nor operating packages, nor the ajv compiler', async (line) => {
    const loaded = await packagesLoaded(line.split(' '));
    for (const heavy of [...SYNTHESIS, ...OPERATING, 'ajv']) expect(loaded, heavy).not.toContain(heavy);
  });

  describe('socle check out/<name>', () => {
    const out = join(scratch, 'out', 'metropole-9000');
    beforeAll(async () => {
      await execa('node', [BIN, 'synth', 'metropole-9000', '--out', out, '--quiet'], { cwd: REPO_ROOT });
    });

    it('reads the built folder without loading what synthesizes or operates it', async () => {
      const loaded = await packagesLoaded(['check', out]);
      for (const heavy of [...SYNTHESIS, ...OPERATING]) expect(loaded, heavy).not.toContain(heavy);
    });
  });

  it('socle synth loads cdktf but nothing of operating', async () => {
    const loaded = await packagesLoaded(['synth', 'pilot', '--out', join(scratch, 'out', 'pilot'), '--quiet']);
    expect(loaded).toContain('cdktf');
    for (const heavy of OPERATING) expect(loaded, heavy).not.toContain(heavy);
  });
});
