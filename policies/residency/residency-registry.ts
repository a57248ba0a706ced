/** Container images come from a registry inside the jurisdiction: the environment's mirror clears it. */
import { containers, imageRegistry, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { classifyHost } from '../hosts/classify-host.js';
import { hostScope, outsideHostViolations } from '../hosts/endpoint-violations.js';
import { jurisdictionName } from '../jurisdiction.js';
import type { Policy, Violation } from '../policy.js';

export const residencyRegistry: Policy = {
  id: 'residency-registry',
  title: 'Images are pulled from a registry inside the jurisdiction',
  category: 'residency',
  severity: 'low',
  rationale:
    'Every node pull tells the registry operator what runs where, and a registry outside the jurisdiction is a supply-chain dependency on foreign law (docker-jitsi-meet pulls from ghcr.io; unqualified images resolve to docker.io). No user data goes there, hence the low severity.',
  remediation: 'Mirror the images into a registry in the jurisdiction (e.g. an OVHcloud Managed Private Registry) and set `images.mirror`.',
  references: [
    { title: 'ANSSI SecNumCloud 3.2 (protection against non-EU law, third-party services)' },
    { title: 'Kyverno restrict-image-registries (allow-list by prefix)', url: 'https://kyverno.io/policies/best-practices/restrict-image-registries/restrict-image-registries/' },
  ],
  check(artifacts) {
    const scope = hostScope(artifacts);
    const mirror = artifacts.environment.images.mirror;
    const where = jurisdictionName(artifacts.environment.residency.jurisdiction);
    const out: Violation[] = outsideHostViolations(artifacts, ['registry']);
    for (const template of podTemplates(artifacts.objects)) {
      for (const container of containers(template)) {
        if (mirror && container.image.startsWith(`${mirror}/`)) continue;
        const registry = imageRegistry(container.image);
        const cls = classifyHost(registry, scope);
        const evidence = { file: template.owner.file, pointer: manifestPointer(template.owner, ...container.path, 'image'), value: container.image };
        const unmirrored = mirror ? ` (not from the mirror ${mirror})` : '';
        if (cls.kind === 'known' && !cls.inside) out.push({ resource: template.owner.address, message: `container ${container.name} pulls ${container.image} from ${registry} (${cls.endpoint.operator}, ${cls.endpoint.operatorCountry}), outside ${where}${unmirrored}`, evidence });
        else if (cls.kind === 'region' && !cls.inside) out.push({ resource: template.owner.address, message: `container ${container.name} pulls ${container.image} from region ${cls.region.name} (${cls.region.country}), outside ${where}${unmirrored}`, evidence });
        else if (cls.kind === 'unknown') out.push({ resource: template.owner.address, message: `container ${container.name} pulls ${container.image} from ${registry}, a registry not in the endpoint catalogue${unmirrored}`, evidence });
      }
    }
    return out;
  },
};
