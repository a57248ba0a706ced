/** Containers run with a read-only root filesystem, writing only to declared volumes. */
import { containers, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { dig } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';

export const securityReadOnlyRootFilesystem: Policy = {
  id: 'security-read-only-root-filesystem',
  title: 'Containers have a read-only root filesystem',
  category: 'security',
  severity: 'low',
  rationale: 'An attacker who gets code execution in a container with a writable root filesystem can alter the application itself and persist there; a read-only root confines writes to declared volumes. Several upstream images need a writable root, which socle records as design exceptions.',
  remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir for each path the image writes; or record a design exception with the reason.',
  references: [
    { title: 'Kubernetes: configure a security context for a pod or container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
    { title: 'ANSSI, Recommandations de sécurité relatives au déploiement de conteneurs Docker (filesystems)' },
  ],
  rules: ['k8s-read-only-root-filesystem'],
  check(artifacts) {
    const out: Violation[] = [];
    for (const template of podTemplates(artifacts.objects)) {
      for (const container of containers(template)) {
        if (dig(container.spec, 'securityContext', 'readOnlyRootFilesystem') === true) continue;
        out.push({
          resource: template.owner.address,
          rule: 'k8s-read-only-root-filesystem',
          message: `container ${container.name} has a writable root filesystem`,
          evidence: { file: template.owner.file, pointer: manifestPointer(template.owner, ...container.path, 'securityContext', 'readOnlyRootFilesystem'), value: dig(container.spec, 'securityContext', 'readOnlyRootFilesystem') ?? null },
        });
      }
    }
    return out;
  },
};
