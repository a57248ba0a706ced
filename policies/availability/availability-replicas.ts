/** Stateless services run at least two replicas. */
import { manifestPointer, podTemplates, type PodTemplate } from '../artifacts/kubernetes.js';
import { dig, pointer } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';

export const MIN_STATELESS_REPLICAS = 2;
/** Pod label that socle's charts give to the members of one spread/replica group (e.g. the per-shard Jitsi Deployments). */
export const SPREAD_GROUP_LABEL = 'socle.io/spread-group';

export const availabilityReplicas: Policy = {
  id: 'availability-replicas',
  title: 'Stateless services run at least two replicas',
  category: 'availability',
  severity: 'medium',
  rationale: 'With one replica, every node drain, upgrade or crash is an outage. Two replicas on different nodes (N+1) keep the service up through each of them.',
  remediation: 'Raise `replicas` to 2 or more (the sizing plan does from the pilot on), or use the edition that allows several instances.',
  references: [
    { title: 'Kubernetes: running multiple replicas for availability', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/' },
    { title: 'ANSSI SecNumCloud 3.2 (business continuity requirements)' },
  ],
  rules: ['availability-single-replica'],
  check(artifacts) {
    const out: Violation[] = [];
    if (artifacts.objects.length === 0) {
      // Nothing rendered: judge the sizing plan instead.
      artifacts.sizing?.components.forEach((c, i) => {
        if (c.kind === 'stateless' && c.replicas < MIN_STATELESS_REPLICAS) out.push({ resource: `sizing/components/${c.name}`, rule: 'availability-single-replica', message: `${c.name} is planned with ${c.replicas} replica`, evidence: { file: 'sizing.json', pointer: pointer('components', i, 'replicas'), value: c.replicas } });
      });
      return out;
    }
    const autoscaled = new Map<string, number>();
    for (const o of artifacts.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
      const min = dig(o.object, 'spec', 'minReplicas');
      autoscaled.set(`${o.namespace}/${String(dig(o.object, 'spec', 'scaleTargetRef', 'kind'))}/${String(dig(o.object, 'spec', 'scaleTargetRef', 'name'))}`, typeof min === 'number' ? min : 1);
    }
    // Deployments sharing a spread group (one per Jitsi shard) are replicas of one service.
    const groups = new Map<string, PodTemplate[]>();
    for (const t of podTemplates(artifacts.objects)) {
      if (t.owner.kind !== 'Deployment') continue;
      const group = t.labels[SPREAD_GROUP_LABEL];
      const key = group ? `${t.owner.namespace}/${group}` : t.owner.address;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    for (const members of groups.values()) {
      const replicas = (t: PodTemplate) => autoscaled.get(t.owner.address) ?? t.replicas ?? 1;
      const total = members.reduce((sum, t) => sum + replicas(t), 0);
      if (total >= MIN_STATELESS_REPLICAS) continue;
      for (const t of members) {
        const alone = members.length === 1 ? '' : ` (with the other Deployments of ${SPREAD_GROUP_LABEL}=${t.labels[SPREAD_GROUP_LABEL]}: ${total})`;
        out.push({ resource: t.owner.address, rule: 'availability-single-replica', message: `Deployment runs ${replicas(t)} replica${replicas(t) === 1 ? '' : 's'}${alone}`, evidence: { file: t.owner.file, pointer: manifestPointer(t.owner, 'spec', 'replicas'), value: replicas(t) } });
      }
    }
    return out;
  },
};
