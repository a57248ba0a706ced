/** Every replicated workload has a PodDisruptionBudget that still lets nodes drain. */
import { selectorMatches } from '../artifacts/label-selector.js';
import { manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { dig } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';

function blocksEveryEviction(pdb: unknown, replicas: number): boolean {
  const minAvailable = dig(pdb, 'spec', 'minAvailable');
  const maxUnavailable = dig(pdb, 'spec', 'maxUnavailable');
  if (typeof minAvailable === 'number') return minAvailable >= replicas;
  if (minAvailable === '100%') return true;
  return maxUnavailable === 0 || maxUnavailable === '0%';
}

export const availabilityPdb: Policy = {
  id: 'availability-pdb',
  title: 'Replicated workloads have a PodDisruptionBudget',
  category: 'availability',
  severity: 'medium',
  rationale: 'Without a PodDisruptionBudget a node drain (upgrade, maintenance) may evict every replica at once; with one that allows no eviction, drains hang forever.',
  remediation: 'Add a PodDisruptionBudget selecting the workload’s pods with maxUnavailable: 1 (or minAvailable below the replica count).',
  references: [{ title: 'Kubernetes: specifying a disruption budget', url: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/' }],
  check(artifacts) {
    const budgets = artifacts.objects.filter((o) => o.kind === 'PodDisruptionBudget');
    const out: Violation[] = [];
    for (const t of podTemplates(artifacts.objects)) {
      if ((t.owner.kind !== 'Deployment' && t.owner.kind !== 'StatefulSet') || (t.replicas ?? 1) < 2) continue;
      const matching = budgets.filter((b) => b.namespace === t.owner.namespace && selectorMatches(dig(b.object, 'spec', 'selector'), t.labels));
      if (matching.length === 0) out.push({ resource: t.owner.address, message: `${t.replicas} replicas and no PodDisruptionBudget selects its pods`, evidence: { file: t.owner.file, pointer: manifestPointer(t.owner, ...t.path.slice(0, -1), 'metadata', 'labels'), value: t.labels } });
      for (const b of matching.filter((b) => blocksEveryEviction(b.object, t.replicas ?? 1))) {
        out.push({ resource: t.owner.address, message: `PodDisruptionBudget ${b.name} allows no eviction of its ${t.replicas} replicas: node drains would hang`, evidence: { file: b.file, pointer: manifestPointer(b, 'spec'), value: dig(b.object, 'spec') } });
      }
    }
    return out;
  },
};
