/**
 * Whether a Pod could be placed on one of the cluster's Nodes, by the two scheduler filters the
 * node labels and taints decide (k8s.io/kubernetes v1.36 pkg/scheduler/framework/plugins/
 * nodeaffinity — `nodeSelector` and required node affinity, with k8s.io/component-helpers
 * scheduling/corev1/nodeaffinity — and tainttoleration, with k8s.io/api core/v1 toleration.go
 * ToleratesTaint: a toleration with an empty key and `Exists` tolerates everything, an empty effect
 * matches every effect, `Equal` compares values). Taints the node lifecycle controller puts on
 * Nodes whose kubelet never reported (`node.kubernetes.io/*`) are left out: no kubelet runs here.
 */
type Json = Record<string, any>;

interface Taint { key: string; value?: string; effect: string }
interface Toleration { key?: string; operator?: 'Exists' | 'Equal'; value?: string; effect?: string }

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

function expressionMatches(e: { key: string; operator: string; values?: string[] }, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, e.key);
  const value = labels[e.key];
  switch (e.operator) {
    case 'In': return has && (e.values ?? []).includes(value!);
    case 'NotIn': return !has || !(e.values ?? []).includes(value!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && Number(value) > Number(e.values?.[0]);
    case 'Lt': return has && Number(value) < Number(e.values?.[0]);
    default: throw new Error(`unknown node selector operator ${e.operator}`);
  }
}

/** Why the Pod fits no Node, or undefined when one Node takes it. */
export function noFittingNode(podSpec: Json, nodes: Json[]): string | undefined {
  const reasons: string[] = [];
  for (const node of nodes) {
    const labels: Record<string, string> = node.metadata.labels ?? {};
    const selectorOk = Object.entries((podSpec.nodeSelector ?? {}) as Record<string, string>).every(([k, v]) => labels[k] === v);
    const terms: Json[] = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    const affinityOk = terms.length === 0 || terms.some((t) => (t.matchExpressions ?? []).every((e: Json) => expressionMatches(e as any, labels)) && (t.matchExpressions?.length ?? 0) + (t.matchFields?.length ?? 0) > 0);
    const taints: Taint[] = (node.spec?.taints ?? []).filter((t: Taint) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !t.key.startsWith('node.kubernetes.io/'));
    const untolerated = taints.filter((taint) => !(podSpec.tolerations ?? []).some((t: Toleration) => tolerates(t, taint)));
    if (selectorOk && affinityOk && untolerated.length === 0) return undefined;
    reasons.push(`${node.metadata.name}: ${!selectorOk ? 'nodeSelector' : !affinityOk ? 'node affinity' : `taint ${untolerated.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`).join(',')}`}`);
  }
  return reasons.join('; ');
}
