/** Containers run as non-root, without privilege escalation, unprivileged, outside host namespaces. */
import { containers, dig, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import type { Policy, Violation } from '../policy.js';

export const securityPodHardening: Policy = {
  id: 'security-pod-hardening',
  title: 'Pods run non-root, unprivileged, without privilege escalation or host namespaces',
  category: 'security',
  severity: 'high',
  rationale:
    'A root, privileged or host-namespace container that is compromised owns the node and every workload on it. The Kubernetes "restricted" Pod Security Standard forbids all of these; where an application can’t comply (videobridges on host networking), socle records a design exception on the object.',
  remediation: 'Set runAsNonRoot: true (or a non-zero runAsUser), allowPrivilegeEscalation: false, no privileged, no hostNetwork/hostPID/hostIPC; or annotate the object with `socle.io/design-exception: "security-pod-hardening: <why>"`.',
  references: [
    { title: 'Kubernetes Pod Security Standards (restricted)', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
    { title: 'ANSSI, Recommandations de sécurité relatives au déploiement de conteneurs Docker (privileges)' },
  ],
  check(artifacts) {
    const out: Violation[] = [];
    for (const template of podTemplates(artifacts.objects)) {
      const owner = template.owner;
      const hostNamespaces = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => template.spec[k] === true);
      if (hostNamespaces.length) out.push({ resource: owner.address, message: `pod uses host namespaces: ${hostNamespaces.join(', ')}`, evidence: { file: owner.file, pointer: manifestPointer(owner, ...template.path, hostNamespaces[0]!), value: true } });
      const podNonRoot = dig(template.spec, 'securityContext', 'runAsNonRoot');
      const podUser = dig(template.spec, 'securityContext', 'runAsUser');
      for (const container of containers(template)) {
        const context = (key: string) => dig(container.spec, 'securityContext', key);
        const problems: string[] = [];
        const nonRoot = context('runAsNonRoot') ?? podNonRoot;
        const user = context('runAsUser') ?? podUser;
        if (nonRoot !== true && !(typeof user === 'number' && user > 0)) problems.push(user === 0 ? 'runs as root (runAsUser: 0)' : 'may run as root (no runAsNonRoot: true, no non-zero runAsUser)');
        if (context('allowPrivilegeEscalation') !== false) problems.push('allows privilege escalation (allowPrivilegeEscalation is not false)');
        if (context('privileged') === true) problems.push('is privileged');
        if (problems.length) out.push({ resource: owner.address, message: `container ${container.name} ${problems.join('; ')}`, evidence: { file: owner.file, pointer: manifestPointer(owner, ...container.path, 'securityContext'), value: container.spec['securityContext'] ?? null } });
      }
    }
    return out;
  },
};
