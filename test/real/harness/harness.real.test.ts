/** The harness on itself: a program row with a version, and a missing one with its reason. */
import { expect, it } from 'vitest';
import { describeProgram } from './program-suite.js';

describeProgram('node', { version: process.versions.node }, () => {
  it('runs the suites in the Node.js socle supports', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
