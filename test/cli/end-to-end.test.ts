/** `npx socle` as a user runs it: the real `bin/socle.js`, running the compiled tree (built by test/compiled-tree-setup.ts). */
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, STACK_FRAME } from './capture-io.js';

const BIN = join(REPO_ROOT, 'bin', 'socle.js');

describe('bin/socle.js (spawned)', () => {
  it('validates the built-in pilot: exit 0', async () => {
    const result = await execa('node', [BIN, 'validate'], { cwd: REPO_ROOT, reject: false, env: { NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^valid {2}environments\/examples\/pilot\.yaml {2}\(pilot: 1000 users, ovhcloud GRA11, profile pilot\)$/);
  });

  it('reports a malformed file with its position and exit code 2, and no stack trace', async () => {
    const result = await execa('node', [BIN, 'validate', 'test/environments/malformed/users-quoted.yaml'], { cwd: REPO_ROOT, reject: false, env: { NO_COLOR: '1' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('test/environments/malformed/users-quoted.yaml:8:9  users  expected integer, got the text "1000"  (remove the quotes: 1000)');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).toBe('');
  });

  it('reports a missing file with exit code 2 from another working directory', async () => {
    const result = await execa('node', [BIN, 'validate', 'nowhere/env.yaml'], { cwd: join(REPO_ROOT, 'test'), reject: false, env: { NO_COLOR: '1' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^nowhere\/env\.yaml {2}\(file\) {2}no such file/);
  });
});
