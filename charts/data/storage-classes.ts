/**
 * Storage classes for the sizing plan's volume classes, on the OpenStack Cinder CSI driver.
 * Volumes are zonal on OVHcloud MKS and most OpenStack clouds, hence `WaitForFirstConsumer`: the
 * volume is created in the zone where the scheduler placed the pod.
 */
import type { Environment } from '../../environments/environment.js';
import type { VolumePlan } from '../../sizing/sizing-plan.js';
import type { KubeObject } from '../kube-object.js';
import { MANAGED_BY } from '../labels.js';

export function storageClassName(volumeClass: VolumePlan['class']): string {
  return `socle-${volumeClass}`;
}

// OVHcloud Cinder volume types: `high-speed` and `classic` (ovh/docs block storage guides).
// Other OpenStack clouds: their default type, named by the environment's cloud operator.
const OVH_VOLUME_TYPES: Record<VolumePlan['class'], string> = { fast: 'high-speed', standard: 'classic' };

export function storageClasses(env: Environment): KubeObject[] {
  return (['fast', 'standard'] as const).map((volumeClass) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: storageClassName(volumeClass), labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
    provisioner: 'cinder.csi.openstack.org',
    ...(env.cloud.provider === 'ovhcloud' ? { parameters: { type: OVH_VOLUME_TYPES[volumeClass] } } : {}),
    reclaimPolicy: 'Retain',
    allowVolumeExpansion: true,
    volumeBindingMode: 'WaitForFirstConsumer',
  }));
}
