/**
 * The Kubernetes minors socle deploys, each with the exact companion versions it was written for:
 * the RKE2 release its nodes install, and the OpenStack cloud controller and Cinder CSI charts
 * (whose minor follows Kubernetes': 2.36.x ↔ 1.36). A minor leaves this list when upstream stops
 * patching it (kubernetes.io/releases: about 14 months after its release; 1.33 ended 2026-06-28);
 * an integrator adds the next one here, with its versions.
 */
export interface KubernetesRelease {
  minor: string;
  /** RKE2 release installed on `instances` clusters, exactly (no channel: every node gets the same). */
  rke2: string;
  charts: { cloudControllerManager: string; cinderCsi: string };
  source: string;
}

export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
  {
    minor: '1.36',
    // rancher/rke2#11139 (2026-08-31) made v1.36.4+rke2r1 the stable channel's release.
    rke2: 'v1.36.4+rke2r1',
    // kubernetes/cloud-provider-openstack releases: openstack-cloud-controller-manager-2.36.5
    // (2026-09-08), openstack-cinder-csi-2.36.2 (2026-07-31).
    charts: { cloudControllerManager: '2.36.5', cinderCsi: '2.36.2' },
    source: 'rancher/rke2 PR #11139; kubernetes/cloud-provider-openstack releases page (2026-09)',
  },
];

export function findKubernetesRelease(minor: string): KubernetesRelease | undefined {
  return KUBERNETES_RELEASES.find((r) => r.minor === minor);
}

/** The release of an environment that passed validation (which refuses unknown minors). */
export function kubernetesRelease(minor: string): KubernetesRelease {
  const release = findKubernetesRelease(minor);
  if (!release) throw new Error(`Kubernetes ${minor} is not in the release catalogue (environments/catalogue/kubernetes-releases.ts)`);
  return release;
}
