/**
 * The converter's exec probe, run under sh on this machine's real /proc, with and without a
 * process named like the converter's executable (a copy of `sleep` called `converter`: the kernel
 * names a process after the file it executes, as it names the image's converter).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { converterRunning, ONLYOFFICE_CONVERTER_BIN } from '../../../charts/apps/onlyoffice/onlyoffice.js';
import { containers, find, loadExample, render } from '../examples.js';

const probe = (command: string[]) => spawnSync(command[0]!, command.slice(1)).status;

describe('ONLYOFFICE converter probe', () => {
  const converter = containers(find(render(loadExample('pilot')).objects, 'Deployment', 'onlyoffice-converter')).find((c) => c.name === 'converter')!;

  it('is the probe the pod runs, for liveness and readiness', () => {
    expect([converter.livenessProbe.exec.command, converter.readinessProbe.exec.command]).toEqual([converterRunning, converterRunning]);
    expect(converter.image).toMatch(/docs-converter(-ee)?:9\.0\.4-1$/);
    expect(ONLYOFFICE_CONVERTER_BIN.endsWith('/converter')).toBe(true);
  });

  it('fails while no converter process runs', () => {
    expect(probe(converterRunning)).not.toBe(0);
  });

  it('passes while one runs', async () => {
    const bin = join(mkdtempSync(join(tmpdir(), 'socle-converter-')), 'converter');
    copyFileSync('/bin/sleep', bin);
    const stand_in = spawn(bin, ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(probe(converterRunning)).toBe(0);
    } finally {
      stand_in.kill();
    }
  });

  it("K12 reproduced: the former command line probe passes with no converter (it matches its own shell)", () => {
    expect(probe(['sh', '-c', 'grep -qs FileConverter /proc/[0-9]*/cmdline'])).toBe(0);
  });
});
