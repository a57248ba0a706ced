/** Images are pinned to an exact version or digest: no `latest`, no floating tag, no missing tag. */
import { containers, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import type { Policy, Violation } from '../policy.js';

// Tags that move by design (docker-jitsi-meet publishes `stable` and `unstable`).
const FLOATING = new Set(['latest', 'stable', 'unstable', 'edge', 'nightly', 'master', 'main', 'develop', 'dev', 'beta', 'alpha', 'rc', 'current', 'lts']);

export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(colon + 1) : undefined;
}

export const securityImagePinning: Policy = {
  id: 'security-image-pinning',
  title: 'Images are pinned to an exact version',
  category: 'security',
  severity: 'medium',
  rationale: 'A floating tag pulls whatever the publisher pushed last: an unreviewed change, possibly a compromised image, and nodes running different code for the same manifest.',
  remediation: 'Pin every image to an exact version tag (`jitsi/jvb:stable-10314`), ideally with its digest (`@sha256:…`).',
  references: [
    { title: 'Kubernetes configuration best practices: container images', url: 'https://kubernetes.io/docs/concepts/containers/images/#image-names' },
    { title: 'ANSSI, Recommandations de sécurité relatives au déploiement de conteneurs Docker (image provenance)' },
  ],
  check(artifacts) {
    const out: Violation[] = [];
    for (const template of podTemplates(artifacts.objects)) {
      for (const container of containers(template)) {
        if (container.image.includes('@sha256:')) continue;
        const tag = imageTag(container.image);
        const problem = tag === undefined ? 'has no tag (means latest)' : FLOATING.has(tag.toLowerCase()) ? `uses the floating tag "${tag}"` : undefined;
        if (problem) out.push({ resource: template.owner.address, message: `container ${container.name} image ${container.image} ${problem}`, evidence: { file: template.owner.file, pointer: manifestPointer(template.owner, ...container.path, 'image'), value: container.image } });
      }
    }
    return out;
  },
};
