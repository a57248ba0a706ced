/** Evaluation: waivers from every source, reported (never hidden), expiry, unused waivers, verdict. */
import { describe, expect, it } from 'vitest';
import { ArtifactError } from '../../policies/artifacts/artifacts.js';
import { parseWaiversFile } from '../../policies/waivers.js';
import { report } from './waiver-scenario.js';

describe('evaluate', () => {
  it('reports waived findings as waived, with the waiver that accepts them', () => {
    const r = report();
    const acme = r.controls.find((c) => c.id === 'residency-acme-ca')!;
    expect(acme.status).toBe('waived');
    expect(acme.findings).toHaveLength(1);
    expect(r.waivers[acme.findings[0]!.waiver!]).toMatchObject({ policy: 'residency-acme-ca', owner: 'DSI', status: 'active', matched: 1 });
  });

  it('takes the design exceptions the charts export as built-in waivers, accepting only the rule they name', () => {
    const r = report();
    const hardening = r.controls.find((c) => c.id === 'security-pod-hardening')!;
    expect(hardening.status).toBe('waived');
    expect(hardening.findings.map((f) => [f.rule, f.message])).toEqual([['k8s-host-network', 'pod uses host namespaces: hostNetwork']]);
    const design = r.waivers[hardening.findings[0]!.waiver!]!;
    expect(design).toMatchObject({ policy: 'k8s-host-network', resource: 'jitsi-media/Deployment/jitsi-videobridge', owner: 'socle (built-in design exception)', source: { kind: 'design', file: 'charts/design-exceptions.ts', pointer: '/0' } });
    expect(design.expires).toBeUndefined();
    expect(design.justification).toMatch(/UDP 10000/);
    // The same object's other findings stay open: the exception names one rule, not the policy.
    expect(r.controls.find((c) => c.id === 'security-image-pinning')!.findings).toMatchObject([{ resource: 'jitsi-media/Deployment/jitsi-videobridge' }]);
    expect(r.controls.find((c) => c.id === 'security-image-pinning')!.findings[0]!.waiver).toBeUndefined();
    // A design exception that matches nothing in this environment is not a warning.
    expect(r.waivers.find((w) => w.resource === 'jitsi-media/Deployment/coturn')).toMatchObject({ status: 'unused' });
    // The folder's own copy waives nothing (the scenario's says `*`), and the report says so.
    expect(r.warnings[0]).toBe('deploy/design-exceptions.json has 1 entry that socle’s built-in list doesn’t: ignored — only socle’s own design exceptions waive findings');
  });

  it('an expired waiver accepts nothing and is itself a blocking finding', () => {
    const r = report();
    const state = r.controls.find((c) => c.id === 'residency-state-backend')!;
    expect(state.status).toBe('fail');
    expect(state.findings).toMatchObject([{ resource: 'environment/state.pulumi.backend', blocking: true }]);
    expect(state.findings[0]!.waiver).toBeUndefined();
    const expired = r.controls.find((c) => c.id === 'waiver-expired')!;
    expect(expired.findings).toMatchObject([{ resource: 'waiver/residency-state-backend/environment/*', blocking: true, evidence: { file: 'environment.json', pointer: '/waivers/1' } }]);
    expect(r.waivers[1]!.status).toBe('expired');
    expect(r.verdict).toBe('fail');
  });

  it('warns about a waiver that matches nothing and one that names no policy', () => {
    const r = report();
    expect(r.waivers[2]!.status).toBe('unused');
    expect(r.warnings.slice(1)).toEqual([
      'waiver security-image-pinning on wekan/* matches no finding: remove it or fix its pattern (environment.json/waivers/2)',
      'waiver no-such-policy on * names no known policy or rule (environment.json/waivers/3)',
    ]);
  });

  it('blocks at or above --fail-on only, counting unwaived findings', () => {
    const lenient = report({ failOn: 'critical' });
    expect(lenient.verdict).toBe('pass');
    expect(lenient.summary.blocking).toBe(0);
    const strict = report({ failOn: 'medium' });
    const blocking = strict.controls.flatMap((c) => c.findings.filter((f) => f.blocking).map((f) => `${f.policy} ${f.resource}`));
    // Jitsi is on and no jicofo is rendered: no shard at all.
    expect(blocking).toEqual(['residency-state-backend environment/state.pulumi.backend', 'security-image-pinning jitsi-media/Deployment/jitsi-videobridge', 'availability-replicas jitsi-media/Deployment/jitsi-videobridge', 'availability-jitsi-shards manifests/jitsi', 'waiver-expired waiver/residency-state-backend/environment/*']);
  });

  it('waivers from a file count like the environment’s', () => {
    const fileWaivers = parseWaiversFile('- policy: security-image-pinning\n  resource: jitsi-media/*\n  justification: Moving to digests next sprint.\n  owner: Platform team\n  expires: "2026-12-31"\n', 'waivers.yaml');
    const r = report({ waivers: fileWaivers });
    const pinning = r.controls.find((c) => c.id === 'security-image-pinning')!;
    expect(pinning.status).toBe('waived');
    expect(r.waivers[pinning.findings[0]!.waiver!]!.source).toEqual({ kind: 'file', file: 'waivers.yaml', pointer: '/0' });
  });

  it('asks for a review of a waiver that lapses within 30 days', () => {
    const soon = parseWaiversFile('- { policy: security-image-pinning, resource: "jitsi-media/*", justification: Digests next sprint., owner: Platform team, expires: "2026-12-10" }', 'waivers.yaml');
    expect(report({ waivers: soon }).warnings).toContain('waiver security-image-pinning on jitsi-media/* expires on 2026-12-10: review it');
  });

  it('rejects a waivers file without a justification, an owner or an expiry', () => {
    expect(() => parseWaiversFile('waivers:\n  - policy: residency-acme-ca\n    resource: "*"\n    owner: DSI\n', 'w.yaml')).toThrow(new ArtifactError('w.yaml: waiver 1: missing justification, expires (all of policy, resource, justification, owner, expires are required)'));
    expect(() => parseWaiversFile('- { policy: a, resource: b, justification: c, owner: d, expires: "next year" }', 'w.yaml')).toThrow(/expires must be a date YYYY-MM-DD/);
  });

  it('is deterministic and fingerprints exactly the artifacts checked', () => {
    const a = report();
    const b = report();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.fingerprint.files.map((f) => f.path)).toEqual(['deploy/design-exceptions.json', 'environment.json', 'manifests/jitsi.yaml', 'sizing.json']);
    expect(a.fingerprint.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.checkedOn).toBe('2026-11-23');
    expect(a.tool).toMatchObject({ name: 'socle', offline: true, telemetry: false });
  });
});
