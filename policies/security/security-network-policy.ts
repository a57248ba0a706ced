/** Every namespace with workloads has a default-deny NetworkPolicy, for ingress and egress. */
import { CLUSTER_SCOPE, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { dig, isObject } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';

function selectsAllPods(policy: unknown): boolean {
  const selector = dig(policy, 'spec', 'podSelector');
  return isObject(selector) && Object.values(selector).every((v) => v === undefined || (isObject(v) ? Object.keys(v).length === 0 : Array.isArray(v) && v.length === 0));
}

function denies(policy: unknown, direction: 'Ingress' | 'Egress'): boolean {
  const types = dig(policy, 'spec', 'policyTypes');
  const rules = dig(policy, 'spec', direction === 'Ingress' ? 'ingress' : 'egress');
  // Without policyTypes, a policy always covers Ingress, and Egress only if it has egress rules.
  const covers = Array.isArray(types) ? types.includes(direction) : direction === 'Ingress';
  return covers && (rules === undefined || (Array.isArray(rules) && rules.length === 0));
}

export const securityNetworkPolicy: Policy = {
  id: 'security-network-policy',
  title: 'Every namespace denies traffic by default',
  category: 'security',
  severity: 'medium',
  rationale:
    'Without a default-deny NetworkPolicy every pod can reach every other pod and the Internet: one compromised app reaches all databases, and any component can send data anywhere. Explicit allows then document each flow.',
  remediation: 'Add to each namespace a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` and no rules, then explicit allows (ingress → apps, apps → their databases, DNS, Jitsi media).',
  references: [
    { title: 'Kubernetes Network Policies (default deny)', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies' },
    { title: 'ANSSI Guide d’hygiène informatique (network segmentation)' },
  ],
  rules: ['k8s-network-policy-coverage'],
  check(artifacts) {
    const templates = podTemplates(artifacts.objects);
    const namespaces = [...new Set(templates.map((t) => t.owner.namespace ?? 'default'))].sort();
    const policies = artifacts.objects.filter((o) => o.kind === 'NetworkPolicy' && selectsAllPods(o.object));
    const out: Violation[] = [];
    for (const namespace of namespaces) {
      const here = policies.filter((p) => (p.namespace ?? 'default') === namespace);
      const missing = (['Ingress', 'Egress'] as const).filter((d) => !here.some((p) => denies(p.object, d)));
      if (missing.length === 0) continue;
      const anchor = artifacts.objects.find((o) => o.kind === 'Namespace' && o.name === namespace) ?? templates.find((t) => (t.owner.namespace ?? 'default') === namespace)!.owner;
      out.push({ resource: `${CLUSTER_SCOPE}/Namespace/${namespace}`, message: `no default-deny NetworkPolicy for ${missing.join(' and ')} in namespace ${namespace}`, evidence: { file: anchor.file, pointer: `#${anchor.index}`, value: missing } });
    }
    // NetworkPolicies select pods through the pod network: a host-networked pod escapes all of them.
    for (const t of templates.filter((t) => t.spec['hostNetwork'] === true)) {
      out.push({ resource: t.owner.address, rule: 'k8s-network-policy-coverage', message: 'pod on host networking: no NetworkPolicy applies to it, only the node’s security group filters its traffic', evidence: { file: t.owner.file, pointer: manifestPointer(t.owner, ...t.path, 'hostNetwork'), value: true } });
    }
    return out;
  },
};
