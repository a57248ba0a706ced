/** `socle synth --out DIR`: what it writes, and that the output is a pure function of the file. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo, REPO_ROOT, STACK_FRAME } from './capture-io.js';

const scratch = mkdtempSync(join(tmpdir(), 'socle-synth-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file under `dir`, as relative path → bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

async function synth(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: scratch });
  const code = await main(['synth', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('socle synth --out', () => {
  it('writes sizing.json and environment.json, and lists what it wrote', async () => {
    const out = join(scratch, 'first');
    const result = await synth(['pilot', '--out', out, '--quiet']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const files = tree(out);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['sizing.json', 'environment.json']));
    expect(result.out).toContain('wrote');
    expect(result.out).toMatch(/^ {2}sizing\.json$/m);
    expect(result.out).toMatch(/^ {2}environment\.json$/m);
    const env = JSON.parse(files.get('environment.json')!.toString('utf8')) as { name: string; users: number };
    expect(env).toMatchObject({ name: 'pilot', users: 1000 });
  });

  it('writes the same sizing.json as socle size --format json prints', async () => {
    const out = join(scratch, 'same-as-size');
    expect((await synth(['metropole-9000', '--out', out, '--quiet'])).code).toBe(0);
    const io = captureIo();
    await main(['size', 'metropole-9000', '--format', 'json'], io);
    expect(readFileSync(join(out, 'sizing.json'), 'utf8')).toBe(io.out());
  });

  it('gives byte-identical output on a second run', async () => {
    const out = join(scratch, 'twice');
    expect((await synth(['departement-cleura', '--out', out, '--quiet'])).code).toBe(0);
    const first = tree(out);
    expect((await synth(['departement-cleura', '--out', out, '--quiet'])).code).toBe(0);
    const second = tree(out);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, bytes] of first) expect(second.get(path)!.equals(bytes), path).toBe(true);
  });

  it('gives byte-identical output in two different folders', async () => {
    const [a, b] = [join(scratch, 'a'), join(scratch, 'b')];
    await synth(['pilot', '--out', a, '--quiet']);
    await synth(['pilot', '--out', b, '--quiet']);
    // The SARIF and Markdown reports name the files where they are (for code scanning): they differ by the folder's
    // name only (and so does the name of the generation holding it, a hash of its content).
    const generation = (t: Map<string, Buffer>) => new Map([...t].map(([path, bytes]) => [path.replace(/gen-[0-9a-f]{16}/, 'gen-*'), bytes]));
    const [ta, tb] = [generation(tree(a)), generation(tree(b))];
    expect([...tb.keys()]).toEqual([...ta.keys()]);
    const located = /reports\/report\.(sarif|md)$/;
    for (const [path, bytes] of ta) {
      if (located.test(path)) expect(tb.get(path)!.toString(), path).toBe(bytes.toString().replaceAll('"uri": "a/', '"uri": "b/').replaceAll('`a/', '`b/'));
      else expect(tb.get(path)!.equals(bytes), path).toBe(true);
    }
  });

  it('takes --out relative to the working directory, and leaves no staging folder behind', async () => {
    expect((await synth(['pilot', '--out', 'relative/out', '--quiet'])).code).toBe(0);
    expect(readdirSync(join(scratch, 'relative', 'out'))).toContain('sizing.json');
    expect(readdirSync(join(scratch, 'relative')).filter((e) => e.includes('partial'))).toEqual([]);
  });

  it('keeps the working files of socle’s other commands beside its output (logs, state)', async () => {
    const out = join(scratch, 'kept');
    mkdirSync(join(out, 'logs'), { recursive: true });
    writeFileSync(join(out, 'logs', 'plan.log'), 'an earlier run\n');
    expect((await synth(['pilot', '--out', out, '--quiet'])).code).toBe(0);
    expect(readFileSync(join(out, 'logs', 'plan.log'), 'utf8')).toBe('an earlier run\n');
  });

  it('prints the plan and the cost without --quiet', async () => {
    const result = await synth(['pilot', '--out', join(scratch, 'loud')]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^component\s+replicas/m);
    expect(result.out).toMatch(/^total .* €\/month/m);
  });

  it('writes nothing for a bad environment and exits 2', async () => {
    const out = join(scratch, 'bad');
    const result = await synth([join(REPO_ROOT, 'test/environments/malformed/region-with-dash.yaml'), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('cloud.region  region "GRA-11" is not in the ovhcloud catalogue');
    expect(result.err).not.toMatch(STACK_FRAME);
    expect(() => readdirSync(out)).toThrow();
  });
});

describe('socle synth and the policy checks', () => {
  it('prints the verdict of the reports it wrote: PASS for the pilot', async () => {
    const result = await synth(['pilot', '--out', join(scratch, 'verdict-pass'), '--quiet']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^policy checks: PASS — \d+ findings, \d+ waived, 0 blocking \(.*reports\/report\.md\)$/m);
  });

  it('still writes everything, and exits 1, when SSH is open to the world', async () => {
    const text = readFileSync(join(REPO_ROOT, 'environments/examples/pilot.yaml'), 'utf8').replace('    - 203.0.113.0/24', '    - 0.0.0.0/0');
    const file = join(scratch, 'ssh-open.yaml');
    writeFileSync(file, text);
    const out = join(scratch, 'verdict-fail');
    const result = await synth([file, '--out', out, '--quiet']);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^policy checks: FAIL — \d+ findings, \d+ waived, [1-9]\d* blocking/m);
    const report = readFileSync(join(out, 'reports', 'report.md'), 'utf8');
    expect(report).toContain('security-admin-ports');
    expect(report).toContain('0.0.0.0/0');
  });
});
