/** Jitsi runs at least two shards (web + prosody + jicofo each), so that one shard's failure ends no meeting service. */
import { containers, imageRepository, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import type { Policy, Violation } from '../policy.js';

export const MIN_JITSI_SHARDS = 2;
const JICOFO = /(^|\/)jitsi\/jicofo$/;

export const availabilityJitsiShards: Policy = {
  id: 'availability-jitsi-shards',
  title: 'Jitsi runs at least two shards',
  category: 'availability',
  severity: 'medium',
  rationale: 'Prosody and jicofo can’t be replicated inside a shard: a single shard is a single point of failure for every meeting (Jitsi handbook, scalable setup). Two shards with room-sticky routing keep meetings available.',
  remediation: 'Plan at least two shards (the sizing plan does from the pilot on) and render one jicofo per shard.',
  references: [
    { title: 'Jitsi handbook: scalable setup', url: 'https://jitsi.github.io/handbook/docs/devops-guide/devops-guide-scalable' },
    { title: 'hpi-schul-cloud/jitsi-deployment architecture (single shard not fail-safe)', url: 'https://github.com/hpi-schul-cloud/jitsi-deployment/blob/master/docs/architecture/architecture.md' },
  ],
  check(artifacts) {
    if (!artifacts.environment.apps.jitsi.enabled) return { notApplicable: 'Jitsi is switched off' };
    const out: Violation[] = [];
    if (artifacts.objects.length === 0) {
      const shards = artifacts.sizing?.jitsi?.shards;
      if (shards !== undefined && shards < MIN_JITSI_SHARDS) out.push({ resource: 'sizing/jitsi', message: `${shards} Jitsi shard planned`, evidence: { file: 'sizing.json', pointer: '/jitsi/shards', value: shards } });
      return out;
    }
    const jicofos = podTemplates(artifacts.objects).filter((t) => containers(t).some((c) => JICOFO.test(imageRepository(c.image))));
    const count = jicofos.reduce((n, t) => n + (t.replicas ?? 1), 0);
    if (count < MIN_JITSI_SHARDS) {
      const first = jicofos[0]?.owner;
      out.push({
        resource: first?.address ?? 'manifests/jitsi',
        message: `${count} jicofo instance${count === 1 ? '' : 's'} rendered, i.e. ${count} shard${count === 1 ? '' : 's'}: at least ${MIN_JITSI_SHARDS} are needed`,
        evidence: first ? { file: first.file, pointer: manifestPointer(first, 'spec', 'replicas'), value: count } : { file: 'manifests', pointer: '', value: 0 },
      });
    }
    return out;
  },
};
