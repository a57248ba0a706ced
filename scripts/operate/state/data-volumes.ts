/**
 * The persistent volumes of the workloads (databases, queues, caches) on socle's storage classes,
 * whose reclaim policy is Retain: `pulumi destroy` deletes the claims, the Cinder volumes and
 * their data stay. A destroy lists them; with `--delete-data` it switches them to Delete first, so
 * that the CSI driver deletes the volumes while the cluster still exists.
 */
import { storageClassName } from '../../../charts/data/storage-classes.js';
import { kubectl } from '../tools/kubectl-commands.js';
import type { OperateContext } from '../flows/operate-context.js';

export interface DataVolume {
  /** PersistentVolume name. */
  pv: string;
  /** `namespace/claim`. */
  claim: string;
  /** The Cinder volume id (CSI volume handle). */
  volume: string;
}

interface PvList {
  items?: { metadata?: { name?: string }; spec?: { storageClassName?: string; claimRef?: { namespace?: string; name?: string }; csi?: { volumeHandle?: string } } }[];
}

const SOCLE_CLASSES = new Set([storageClassName('fast'), storageClassName('standard')]);

export function dataVolumes(pvJson: string): DataVolume[] {
  return ((JSON.parse(pvJson) as PvList).items ?? [])
    .filter((pv) => SOCLE_CLASSES.has(pv.spec?.storageClassName ?? ''))
    .map((pv) => ({ pv: pv.metadata?.name ?? '?', claim: `${pv.spec?.claimRef?.namespace ?? '?'}/${pv.spec?.claimRef?.name ?? '?'}`, volume: pv.spec?.csi?.volumeHandle ?? '?' }))
    .sort((a, b) => a.claim.localeCompare(b.claim));
}

export async function listDataVolumes(ctx: OperateContext, step: string, kubeconfig: string): Promise<DataVolume[]> {
  return dataVolumes((await kubectl(ctx, step, kubeconfig, ['get', 'persistentvolumes', '--output', 'json'], true)).stdout);
}

/** Only after the operator typed the environment name back. */
export async function deleteWithClaims(ctx: OperateContext, step: string, kubeconfig: string, volumes: readonly DataVolume[]): Promise<void> {
  for (const v of volumes) {
    await kubectl(ctx, step, kubeconfig, ['patch', 'persistentvolume', v.pv, '--type', 'merge', '--patch', '{"spec":{"persistentVolumeReclaimPolicy":"Delete"}}']);
  }
}
