/** One namespace per application, labelled for Pod Security Admission. */
import type { KubeObject } from '../kube-object.js';
import { MANAGED_BY } from '../labels.js';

export const NAMESPACES = {
  edge: 'socle-edge',
  nextcloud: 'nextcloud',
  onlyoffice: 'onlyoffice',
  rocketchat: 'rocketchat',
  wekan: 'wekan',
  jitsi: 'jitsi',
} as const;

/** Namespaces where the operators socle installs run (see operators.ts). */
export const OPERATOR_NAMESPACES = {
  traefik: 'traefik',
  certManager: 'cert-manager',
  cnpg: 'cnpg-system',
} as const;

/**
 * `restricted` everywhere except Jitsi, whose videobridges need host networking (`privileged`
 * is the only level that admits it; design-exceptions.ts lists it).
 */
export function namespace(name: string, level: 'restricted' | 'privileged'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/managed-by': MANAGED_BY,
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}
