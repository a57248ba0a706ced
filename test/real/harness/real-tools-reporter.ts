/**
 * Writes test-results/real-tools.json — one row per real program, `{ program, version, checks,
 * failed }` (plus `pinned` when the version run here differs from the one socle's images pin, and
 * `reason` when the program could not run) — prints every program that did not run, and closes
 * with the plain line `N passed, M failed`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from 'vitest/node';
import { PROGRAM_TITLE } from './program-suite.js';

interface Row {
  program: string;
  version: string;
  checks: number;
  failed: number;
  pinned?: string;
  reason?: string;
}

function programOf(test: TestCase): { program: string; version: string; pinned?: string } | undefined {
  for (let parent: TestSuite | TestModule = test.parent; parent.type === 'suite'; parent = parent.parent) {
    const match = PROGRAM_TITLE.exec(parent.name);
    if (match?.groups) return { program: match.groups.program!, version: match.groups.version!, ...(match.groups.pinned ? { pinned: match.groups.pinned } : {}) };
  }
  return undefined;
}

export default class RealToolsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const rows = new Map<string, Row>();
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const module of modules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed += 1;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        if (state === 'failed') failed += 1;
        const owner = programOf(test) ?? { program: `(no program) ${module.moduleId}`, version: '-' };
        const key = `${owner.program}@${owner.version}`;
        const row = rows.get(key) ?? { program: owner.program, version: owner.version, checks: 0, failed: 0, ...(owner.pinned ? { pinned: owner.pinned } : {}) };
        if (state === 'passed' || state === 'failed') row.checks += 1;
        if (state === 'failed') row.failed += 1;
        if (owner.version === 'missing' && state === 'skipped') row.reason = row.reason ? `${row.reason}; ${test.name}` : test.name;
        rows.set(key, row);
      }
    }
    const sorted = [...rows.values()].sort((a, b) => a.program.localeCompare(b.program) || a.version.localeCompare(b.version));
    const out = join(process.cwd(), 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'real-tools.json'), `${JSON.stringify(sorted, null, 2)}\n`);
    const notRun = sorted.filter((row) => row.checks === 0);
    for (const row of notRun) process.stdout.write(`\n!!! NOT RUN: ${row.program}: ${row.reason ?? 'no check ran'}\n`);
    process.stdout.write(`\nreal tools: ${sorted.length - notRun.length} programs checked, ${notRun.length} not run (test-results/real-tools.json)\n`);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  }
}
