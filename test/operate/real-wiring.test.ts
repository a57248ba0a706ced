/** The real synth and the real policies behind `socle plan` (the tools are still stand-ins). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDeps } from '../../scripts/operate/flows/default-deps.js';
import { readSynthesizedStacks } from '../../scripts/operate/state/synthesized-stacks.js';
import { label, sandbox, type Sandbox } from './operate-harness.js';

function withRealSynthAndPolicies(box: Sandbox): Sandbox {
  const real = defaultDeps();
  box.deps.synth = real.synth;
  box.deps.policyGate = real.policyGate;
  return box;
}

describe('socle plan on the real artifacts', () => {
  it('plans the stacks socle synthesizes in their dependency order and passes the pilot through the policies', async () => {
    const box = withRealSynthAndPolicies(sandbox());
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(0);
    // The cluster stack reads the network's outputs (a cdktf cross-stack reference): it waits for it.
    expect(box.calls().filter((c) => c.argv[0] === 'plan').map(label)).toEqual(['tofu plan network', 'tofu plan data', 'tofu plan backups']);
    const report = readFileSync(join(box.outDir, 'plans', 'policy-report.txt'), 'utf8');
    expect(report).toContain('socle check — pilot');
    expect(result.out).toMatch(/policies {3}no blocking finding\n {11}\d+ findings?, \d+ waived, 0 blocking — full report: /);
    // OVHcloud: every bucket is on the native S3 endpoint, left to the deploy (the Swift one has no Infrequent Access tier).
    expect(result.out).toMatch(/buckets {4}made by socle deploy through the S3 API \(not Swift containers of the stacks\): \S+-backups, \S+-nextcloud-data, \S+-attachments, \S+-onlyoffice-cache\n/);
  });

  it('reads from the real stacks which buckets the deploy must make', async () => {
    const box = withRealSynthAndPolicies(sandbox());
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(0);
    expect(readSynthesizedStacks(box.outDir).map((s) => [s.name, s.socleBuckets.length])).toEqual([['backups', 1], ['cluster', 0], ['data', 3], ['network', 0]]);
  });

  it('stops before anything is applied when the policies block (state kept outside the jurisdiction)', async () => {
    const box = withRealSynthAndPolicies(sandbox());
    const file = join(box.cwd, 'environments', 'pilot.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('endpoint: https://s3.sbg.io.cloud.ovh.net', 'endpoint: https://s3.eu-central-1.amazonaws.com').replace(/region: sbg$/m, 'region: eu-central-1'));
    const result = await box.run(['plan', 'pilot']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('blocking policy findings: nothing will be applied');
    expect(result.err).toMatch(/HIGH {2}residency-state-backend {2}environment\/state\.terraform: Terraform state endpoint: s3\.eu-central-1\.amazonaws\.com/);
    expect(existsSync(join(box.outDir, 'plans', 'manifest.json'))).toBe(false);
    expect(box.calls().filter((c) => c.argv[0] === 'apply' || c.argv[0] === 'preview')).toEqual([]);
  });
});
