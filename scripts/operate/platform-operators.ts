/**
 * The operators and CRDs the workloads need before Pulumi creates their custom resources
 * (Pulumi's preview of a Certificate or a CNPG Cluster fails while the CRD is unknown):
 * installed from each project's pinned release manifest with server-side apply, then waited for.
 */
import { OPERATOR_NAMESPACES } from '../../charts/namespaces.js';
import { kubectl } from './kubectl-commands.js';
import type { OperateContext } from './operate-context.js';

export interface PlatformOperator {
  name: string;
  version: string;
  manifests: string[];
  /** Deployments that must roll out before the workloads go in. */
  deployments: { namespace: string; name: string }[];
  /** CRDs that must be Established (CRD-only installs). */
  crds: string[];
}

export const PLATFORM_OPERATORS: readonly PlatformOperator[] = [
  {
    // cert-manager 1.19 (Oct 2025), supports Kubernetes 1.31–1.34: cert-manager.io/docs/releases.
    name: 'cert-manager',
    version: 'v1.19.1',
    manifests: ['https://github.com/cert-manager/cert-manager/releases/download/v1.19.1/cert-manager.yaml'],
    deployments: ['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook'].map((name) => ({ namespace: OPERATOR_NAMESPACES.certManager, name })),
    crds: [],
  },
  {
    // CloudNativePG 1.27 (Oct 2025), supports Kubernetes 1.31–1.34: cloudnative-pg.io/documentation/current/supported_releases.
    name: 'CloudNativePG',
    version: '1.27.1',
    manifests: ['https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-1.27/releases/cnpg-1.27.1.yaml'],
    deployments: [{ namespace: OPERATOR_NAMESPACES.cnpg, name: 'cnpg-controller-manager' }],
    crds: [],
  },
  {
    // Gateway API standard channel v1.4.0 (Oct 2025): gateway-api.sigs.k8s.io/guides/#installing-gateway-api.
    name: 'Gateway API CRDs',
    version: 'v1.4.0',
    manifests: ['https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml'],
    deployments: [],
    crds: ['gateways.gateway.networking.k8s.io', 'httproutes.gateway.networking.k8s.io'],
  },
  {
    // Traefik v3.5 CRDs (Middleware…); the Traefik controller itself is part of the workloads (charts/).
    name: 'Traefik CRDs',
    version: 'v3.5',
    manifests: ['https://raw.githubusercontent.com/traefik/traefik/v3.5/docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml'],
    deployments: [],
    crds: ['middlewares.traefik.io'],
  },
];

/** Server-side apply: idempotent, and it takes over fields a previous install set. */
export async function installOperator(ctx: OperateContext, step: string, kubeconfig: string, operator: PlatformOperator): Promise<void> {
  for (const manifest of operator.manifests) await kubectl(ctx, step, kubeconfig, ['apply', '--server-side', '--force-conflicts', '--filename', manifest]);
  for (const crd of operator.crds) await kubectl(ctx, step, kubeconfig, ['wait', '--for=condition=Established', `crd/${crd}`, '--timeout=2m']);
  for (const d of operator.deployments) await kubectl(ctx, step, kubeconfig, ['rollout', 'status', `deployment/${d.name}`, '--namespace', d.namespace, '--timeout=5m']);
}
