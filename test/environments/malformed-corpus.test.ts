/**
 * Every malformed environment file through `socle validate` (in-process): exit code 2, each
 * expected problem printed as `file:line:col  path  message  (hint)`, the same problems with
 * `--format json`, and never a stack trace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo, REPO_ROOT, STACK_FRAME } from '../cli/capture-io.js';
import { MALFORMED_CASES, type ExpectedProblem } from './malformed-cases.js';

const DIR = 'test/environments/malformed';
const FILES = readdirSync(join(REPO_ROOT, DIR))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function expectedOf(name: string): readonly ExpectedProblem[] {
  const expected = MALFORMED_CASES[name];
  if (!expected) throw new Error(`${name} has no entry in malformed-cases.ts`);
  return expected;
}

describe('the malformed corpus', () => {
  it('holds at least 60 files', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(60);
  });

  it('has an expectation for every file, and a file for every expectation', () => {
    expect(FILES.filter((f) => !(f in MALFORMED_CASES))).toEqual([]);
    expect(Object.keys(MALFORMED_CASES).filter((f) => !FILES.includes(f))).toEqual([]);
  });

  it('says in each file which mistake it makes (except the empty file)', () => {
    const undocumented = FILES.filter((f) => f !== 'empty.yaml' && !/^# Mistake: \S/m.test(readFileSync(join(REPO_ROOT, DIR, f), 'utf8')));
    expect(undocumented).toEqual([]);
  });

  it('never prints a placeholder where a value belongs (undefined, [object Object], NaN)', async () => {
    const leaks: string[] = [];
    for (const name of FILES) {
      const io = captureIo();
      await main(['validate', `${DIR}/${name}`], io);
      for (const line of io.err().split('\n')) if (/\bundefined\b|\[object |\bNaN\b/.test(line)) leaks.push(line);
    }
    expect(leaks).toEqual([]);
  });

  it('expects at least one problem per file', () => {
    expect(Object.entries(MALFORMED_CASES).filter(([, problems]) => problems.length === 0).map(([f]) => f)).toEqual([]);
  });
});

describe.each(FILES)('socle validate %s', (name) => {
  const file = `${DIR}/${name}`;

  it('exits 2 and prints every expected problem as file:line:col  path  message  (hint)', async () => {
    const expected = expectedOf(name);
    const io = captureIo();
    expect(await main(['validate', file], io)).toBe(2);
    expect(io.out()).toBe('');
    const lines = io.err().trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`${expected.length} problem${expected.length === 1 ? '' : 's'} in the environment`);
    const printed = lines.slice(0, -1);
    expect(printed).toHaveLength(expected.length);
    expected.forEach((p, i) => {
      const line = printed[i]!;
      const where = p.line > 0 ? `${file}:${p.line}:${p.col}` : file;
      expect(line.startsWith(`${where}  ${p.path || '(file)'}  `), `line ${i + 1}: ${line}`).toBe(true);
      expect(line).toContain(p.message);
      if (p.hint !== undefined) {
        const hint = /  \((.*)\)$/.exec(line)?.[1];
        expect(hint, line).toContain(p.hint);
      }
    });
    expect(io.err()).not.toMatch(STACK_FRAME);
  });

  it('--format json prints the same problems on stdout, and exits 2', async () => {
    const expected = expectedOf(name);
    const io = captureIo();
    expect(await main(['validate', file, '--format', 'json'], io)).toBe(2);
    expect(io.err()).toBe('');
    const report = JSON.parse(io.out()) as { ok: boolean; file: string; problems: Record<string, unknown>[] };
    expect(report.ok).toBe(false);
    expect(report.file).toBe(file);
    expect(report.problems).toHaveLength(expected.length);
    expected.forEach((p, i) => {
      const got = report.problems[i]!;
      expect(got).toMatchObject({ code: p.code, file, path: p.path, line: p.line, col: p.col });
      expect(got['message']).toContain(p.message);
      if (p.hint !== undefined) expect(got['hint']).toContain(p.hint);
    });
    expect(io.out()).not.toMatch(STACK_FRAME);
  });
});

describe('socle validate on something that is not an environment file', () => {
  it('reports a file that does not exist, exit 2', async () => {
    const io = captureIo();
    expect(await main(['validate', `${DIR}/no-such-file.yaml`], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^${DIR}/no-such-file\\.yaml  \\(file\\)  no such file  \\(check the path`));
    expect(io.err()).not.toMatch(STACK_FRAME);
  });

  it('reports an environment name found nowhere, exit 2', async () => {
    const io = captureIo();
    expect(await main(['validate', 'no-such-environment'], io)).toBe(2);
    expect(io.err()).toContain('no-such-environment.yaml  (file)  no such file');
  });

  it('reports a folder, exit 2', async () => {
    const io = captureIo();
    expect(await main(['validate', DIR], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^${DIR}  \\(file\\)  this is a folder, not an environment file  \\(name a \\.yaml file\\)`));
  });

  it('reports a missing file as JSON too', async () => {
    const io = captureIo();
    expect(await main(['validate', `${DIR}/no-such-file.yaml`, '--format', 'json'], io)).toBe(2);
    const report = JSON.parse(io.out()) as { ok: boolean; problems: { code: string; line: number }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'file-not-found', line: 0, col: 0, path: '' })]);
  });
});
