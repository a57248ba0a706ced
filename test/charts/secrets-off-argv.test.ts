/**
 * No secret on a process command line (issue 10 item 3, reviews KS8 and S7): a process's argv is
 * readable by every process of the node in /proc/<pid>/cmdline, whatever its user; its
 * environment (/proc/<pid>/environ) only by the same user and root. Every container command and
 * exec probe of every example runs under strace (process-argv.ts); no recorded argv may hold a
 * Secret's value.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, loadExample, render } from './examples.js';
import { runAll, TOOLS_PRESENT, type ContainerRun } from './process-argv.js';

const SECRET = /SECRETMARK[A-Za-z0-9]+/;

describe.skipIf(!TOOLS_PRESENT)('secrets stay off process command lines (strace, setpriv and dash needed)', () => {
  const seen = new Set<string>();
  const runs: ContainerRun[] = EXAMPLE_NAMES.flatMap((name) => runAll(render(loadExample(name)).objects, seen));
  const programs = new Set(runs.flatMap((r) => r.processes.map((p) => p.argv[0]!.split('/').pop()!)));

  it('reaches the programs that take a secret: the harness really runs the scripts to their end', () => {
    for (const program of ['valkey-server', 'valkey-sentinel', 'valkey-cli', 'turnserver', 'mongosh', 'mongodump']) expect(programs, program).toContain(program);
  });

  it('gives no process a Secret value in its argv', () => {
    const leaks = runs.flatMap((r) => r.processes.filter((p) => p.argv.some((a) => SECRET.test(a))).map((p) => `${r.where} → ${p.argv.join(' ').slice(0, 240)}`));
    expect(leaks).toEqual([]);
  });
});
