/**
 * A report with something of everything: a waived finding, design exceptions, an expired waiver
 * (and the finding it no longer covers), an unused waiver, a waiver naming no policy.
 */
import { readArtifacts } from '../../policies/artifacts/read-artifacts.js';
import { defaultPlace } from '../../policies/check-reports.js';
import { evidenceLocator } from '../../policies/report/locate-evidence.js';
import type { RenderOptions } from '../../policies/renderers/render-options.js';
import { evaluate, type EvaluateOptions } from '../../policies/evaluate.js';
import type { Report } from '../../policies/report/report.js';
import { fixtureFiles } from './fixtures.js';

const NOW = new Date('2026-11-23T12:00:00Z');

// Let's Encrypt (medium), an unpinned image (medium), a videobridge on host networking that the
// charts mark as a design exception, Pulumi Cloud (high).
const scenario = {
  environment: {
    tls: { acmeServer: 'https://acme-v02.api.letsencrypt.org/directory' },
    state: { pulumi: { backend: 'https://api.pulumi.com' } },
    waivers: [
      { policy: 'residency-acme-ca', resource: '*', justification: 'Host names only.', owner: 'DSI', expires: '2027-06-30' },
      { policy: 'residency-state-backend', resource: 'environment/*', justification: 'Migration planned.', owner: 'DSI', expires: '2026-10-31' },
      { policy: 'security-image-pinning', resource: 'wekan/*', justification: 'Nothing of wekan here.', owner: 'DSI', expires: '2027-01-31' },
      { policy: 'no-such-policy', resource: '*', justification: 'Typo.', owner: 'DSI', expires: '2027-01-31' },
    ],
  },
  manifests: {
    'jitsi.yaml': [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'jitsi-videobridge', namespace: 'jitsi-media' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'jvb' } },
          template: {
            metadata: { labels: { app: 'jvb' } },
            spec: {
              hostNetwork: true,
              securityContext: { runAsNonRoot: true },
              containers: [{ name: 'jvb', image: 'registry.metropole-exemple.fr/socle/jitsi/jvb:stable', securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }, env: [{ name: 'JVB_STUN_SERVERS', value: 'turn.collab.metropole-exemple.fr:3478' }] }],
            },
          },
        },
      },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'jitsi-media' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    ],
  },
  // socle's own design exceptions (charts/design-exceptions.ts) apply; the folder's copy is only compared with them.
  deploy: {
    'design-exceptions.json': [{ policy: 'k8s-host-network', resource: '*', justification: 'A folder may not waive its own findings.', remedy: 'None.' }],
  },
};

export function report(extra: Partial<EvaluateOptions> = {}): Report {
  const { files } = fixtureFiles(scenario);
  return evaluate(readArtifacts(files), { now: NOW, ...extra });
}

/** Render options for the scenario: its artifacts where `socle synth` would write them. */
export function renderOptions(): RenderOptions {
  const artifacts = readArtifacts(fixtureFiles(scenario).files);
  return { locate: evidenceLocator({ ...defaultPlace(artifacts.environment.name), files: artifacts.files }) };
}

