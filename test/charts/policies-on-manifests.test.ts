/**
 * socle's own policies, run on the manifests as `socle synth` writes them: every finding on a
 * manifest is covered by a design exception (charts/design-exceptions.ts), none is open.
 */
import { describe, expect, it } from 'vitest';
import { synthArtifacts } from '../../scripts/synth-pipeline.js';
import { EXAMPLE_NAMES, loadExample } from './examples.js';

interface Finding {
  policy: string;
  resource: string;
  rule?: string;
  evidence: { file: string };
  waiver?: number;
}

describe.each(EXAMPLE_NAMES)('policies on the %s manifests', (name) => {
  const { files } = synthArtifacts(loadExample(name), new Date('2026-11-23T00:00:00Z'));
  const report = JSON.parse(files.get('reports/findings.json') ?? '{}') as { controls: { findings: Finding[] }[]; waivers: { source: { kind: string } }[] };
  const onManifests = report.controls.flatMap((c) => c.findings).filter((f) => f.evidence.file.startsWith('manifests/'));

  it('leave no finding open on a manifest', () => {
    expect(onManifests.filter((f) => f.waiver === undefined).map((f) => `${f.policy}/${f.rule ?? ''} ${f.resource}`)).toEqual([]);
  });

  it('waive manifest findings through socle’s design exceptions, except the environment’s own choice of CA', () => {
    for (const f of onManifests) {
      // The ACME server is the environment's choice (tls.acmeServer); the example files waive it themselves.
      const expected = f.policy === 'residency-acme-ca' ? 'environment' : 'design';
      expect({ finding: `${f.rule ?? f.policy} ${f.resource}`, by: report.waivers[f.waiver ?? -1]?.source.kind }).toEqual({ finding: `${f.rule ?? f.policy} ${f.resource}`, by: expected });
    }
  });
});
