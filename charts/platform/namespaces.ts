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
  /** Jitsi's host-networked pods (videobridges, TURN): the only ones Pod Security must let through as `privileged`. */
  jitsiMedia: 'jitsi-media',
} as const;

/** Namespaces where the operators socle installs run (see operators.ts). */
export const OPERATOR_NAMESPACES = {
  traefik: 'traefik',
  certManager: 'cert-manager',
  cnpg: 'cnpg-system',
} as const;

/**
 * `restricted` everywhere except Jitsi (design-exceptions.ts lists both): `jitsi` is `baseline`, the
 * strictest level that admits the docker-jitsi-meet images' root s6 init (web, prosody, jicofo);
 * `jitsi-media` is `privileged`, the only level that admits host networking (videobridges, TURN).
 */
export function namespace(name: string, level: 'restricted' | 'baseline' | 'privileged'): KubeObject {
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
