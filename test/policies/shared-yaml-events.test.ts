/**
 * The SARIF positions of manifest evidence are indexed from the js-yaml events the manifests were
 * read from (artifacts/yaml-events.ts), not from a second parse: on every shipped example, every
 * location is the one a fresh parse of the file gives.
 */
import { describe, expect, it } from 'vitest';
import { manifestPointer } from '../../policies/artifacts/kubernetes.js';
import { readArtifacts } from '../../policies/artifacts/read-artifacts.js';
import { yamlEventsOf } from '../../policies/artifacts/yaml-events.js';
import { defaultPlace } from '../../policies/check-reports.js';
import { evaluate } from '../../policies/evaluate.js';
import type { Evidence } from '../../policies/policy.js';
import { evidenceLocator } from '../../policies/report/locate-evidence.js';
import { synthArtifacts } from '../../scripts/synth-pipeline.js';
import { EXAMPLE_NAMES, loadExample } from '../charts/examples.js';

describe.each(EXAMPLE_NAMES)('example %s', (name) => {
  it('locates evidence from the kept events exactly as from a fresh parse', () => {
    const artifacts = readArtifacts(synthArtifacts(loadExample(name)).files);
    const manifests = artifacts.files.filter((f) => /^manifests\/.+\.ya?ml$/.test(f.path));
    expect(manifests.length).toBeGreaterThan(0);
    for (const f of manifests) expect(yamlEventsOf(f), f.path).toBeDefined();

    const report = evaluate(artifacts, { now: new Date('2026-11-23T12:00:00Z') });
    const evidence: Evidence[] = report.controls.flatMap((c) => c.findings.map((f) => f.evidence));
    // Beyond the findings: the kind, name and first container of every object read.
    for (const o of artifacts.objects) for (const tokens of [['kind'], ['metadata', 'name'], ['spec', 'template', 'spec', 'containers', 0, 'image']]) evidence.push({ file: o.file, pointer: manifestPointer(o, ...tokens) });
    const place = defaultPlace(artifacts.environment.name);
    const shared = evidenceLocator({ ...place, files: artifacts.files });
    // Copies carry no kept events: the locator parses them again, as it did before.
    const fresh = evidenceLocator({ ...place, files: artifacts.files.map((f) => ({ ...f })) });
    const located = evidence.map(shared);
    expect(located).toEqual(evidence.map(fresh));
    expect(located.filter((l) => l.line > 1).length).toBeGreaterThan(evidence.length / 2);
  });
});
