/** Containers run as non-root, without privilege escalation, unprivileged, outside host namespaces; namespaces enforce `restricted`. */
import { containers, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { dig, isObject } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';

const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';

export const securityPodHardening: Policy = {
  id: 'security-pod-hardening',
  title: 'Pods run non-root, unprivileged, without privilege escalation or host namespaces',
  category: 'security',
  severity: 'high',
  rationale:
    'A root, privileged or host-namespace container that is compromised owns the node and every workload on it. The Kubernetes "restricted" Pod Security Standard forbids all of these; where an application can’t comply (videobridges on host networking), socle records a design exception for that rule and object.',
  remediation: 'Set runAsNonRoot: true (or a non-zero runAsUser), allowPrivilegeEscalation: false, no privileged, no hostNetwork/hostPID/hostIPC, and label namespaces `pod-security.kubernetes.io/enforce: restricted`; or record a design exception naming the rule.',
  references: [
    { title: 'Kubernetes Pod Security Standards (restricted)', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
    { title: 'ANSSI, Recommandations de sécurité relatives au déploiement de conteneurs Docker (privileges)' },
  ],
  rules: ['k8s-host-network', 'k8s-run-as-non-root', 'k8s-privilege-escalation', 'k8s-privileged', 'k8s-pod-security-restricted'],
  check(artifacts) {
    const out: Violation[] = [];
    for (const ns of artifacts.objects.filter((o) => o.kind === 'Namespace')) {
      const labels = dig(ns.object, 'metadata', 'labels');
      const level = isObject(labels) ? labels[PSA_ENFORCE] : undefined;
      if (level !== 'restricted') out.push({ resource: ns.address, rule: 'k8s-pod-security-restricted', message: `namespace enforces Pod Security "${String(level ?? 'none')}", not "restricted"`, evidence: { file: ns.file, pointer: manifestPointer(ns, 'metadata', 'labels'), value: level ?? null } });
    }
    for (const template of podTemplates(artifacts.objects)) {
      const owner = template.owner;
      const hostNamespaces = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => template.spec[k] === true);
      if (hostNamespaces.length) out.push({ resource: owner.address, rule: 'k8s-host-network', message: `pod uses host namespaces: ${hostNamespaces.join(', ')}`, evidence: { file: owner.file, pointer: manifestPointer(owner, ...template.path, hostNamespaces[0]!), value: true } });
      const podNonRoot = dig(template.spec, 'securityContext', 'runAsNonRoot');
      const podUser = dig(template.spec, 'securityContext', 'runAsUser');
      for (const container of containers(template)) {
        const context = (key: string) => dig(container.spec, 'securityContext', key);
        const evidence = { file: owner.file, pointer: manifestPointer(owner, ...container.path, 'securityContext'), value: container.spec['securityContext'] ?? null };
        const nonRoot = context('runAsNonRoot') ?? podNonRoot;
        const user = context('runAsUser') ?? podUser;
        if (nonRoot !== true && !(typeof user === 'number' && user > 0)) {
          out.push({ resource: owner.address, rule: 'k8s-run-as-non-root', message: `container ${container.name} ${user === 0 ? 'runs as root (runAsUser: 0)' : 'may run as root (no runAsNonRoot: true, no non-zero runAsUser)'}`, evidence });
        }
        if (context('allowPrivilegeEscalation') !== false) out.push({ resource: owner.address, rule: 'k8s-privilege-escalation', message: `container ${container.name} allows privilege escalation (allowPrivilegeEscalation is not false)`, evidence });
        if (context('privileged') === true) out.push({ resource: owner.address, rule: 'k8s-privileged', message: `container ${container.name} is privileged`, evidence });
      }
    }
    return out;
  },
};
