/**
 * What a node of a flavor leaves to socle's pods: its capacity less what the kubelet reserves
 * (`kubeReserved`, set on every RKE2 node by stacks/compute/kubelet-drop-in.ts from this file),
 * its hard eviction threshold, and the requests of the pods every node runs (CNI and kube-proxy).
 * The kubelet reports allocatable = capacity − kube-reserved − system-reserved − hard eviction
 * (kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources, "Node Allocatable"), and
 * the scheduler places a pod only where its requests fit what allocatable has left
 * (kube-scheduler NodeResourcesFit).
 */
import type { Flavor } from '../environments/environment.js';
import type { Resources } from './sizing-plan.js';

/**
 * The kubelet's reservation, by tiers of the node's size: CPU 6 % of the first core, 1 % of the second,
 * 0.5 % of the next two, 0.25 % above four; memory 25 % of the first 4 GiB, 20 % of the next 4,
 * 10 % of the next 8, 6 % of the next 112, 2 % above 128 GiB (GKE's documented reservation,
 * cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes, "Memory and CPU reservations").
 * RKE2 reserves nothing by default: its kubelet defaults (k3s pkg/daemons/agent/agent.go
 * `defaultKubeletConfig`, which RKE2 runs) set no kubeReserved or systemReserved, so without this
 * the scheduler would fill a node to its capacity and leave the kubelet, containerd and the RKE2
 * supervisor nothing. socle sets it all as `kubeReserved` and no `systemReserved`: GKE's figure
 * covers the node's own daemons too and no source splits it; the kubelet subtracts both alike, and
 * with `enforce-node-allocatable=pods` (the default) neither is enforced as a cgroup.
 */
export function kubeReserved(flavor: Pick<Flavor, 'vcpus' | 'ramGb'>): Resources {
  const tiers = (amount: number, steps: readonly (readonly [number, number])[]) => {
    let left = amount;
    let reserved = 0;
    for (const [size, share] of steps) {
      const part = Math.min(left, size);
      reserved += part * share;
      left -= part;
    }
    return reserved;
  };
  const cores = tiers(flavor.vcpus, [[1, 0.06], [1, 0.01], [2, 0.005], [Infinity, 0.0025]]);
  const gib = tiers(flavor.ramGb, [[4, 0.25], [4, 0.2], [8, 0.1], [112, 0.06], [Infinity, 0.02]]);
  return { cpuMillicores: Math.ceil(cores * 1000), memoryMiB: Math.ceil(gib * 1024) };
}

/**
 * The kubelet's default hard memory eviction threshold, `memory.available<100Mi`
 * (kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction, "Hard eviction
 * thresholds"). An RKE2 node has none unless socle sets it: RKE2 runs the kubelet with
 * `--config-dir` and no `--config`, and the kubelet applies its own default thresholds only to a
 * `--config` file (kubernetes cmd/kubelet/app/server.go `loadConfigFile` @v1.36.3), so its
 * thresholds are those of RKE2's defaults drop-in, `imagefs.available<5%`, `nodefs.available<5%`
 * (k3s pkg/daemons/agent `defaultKubeletConfig`). socle's drop-in adds the memory one; the kubelet
 * merges a drop-in's maps key by key (RFC 7386 merge patch, server.go `mergeKubeletConfigurations`),
 * so RKE2's two stay (test/real/kubernetes/kubelet-config.real.test.ts).
 */
export const EVICTION_HARD_MIB = 100;

/**
 * Pods on every node: canal's calico-node asks 250m (rancher/rke2-charts
 * charts/rke2-canal/rke2-canal/v3.25.0-build2023020901/templates/daemonset.yaml; RKE2 v1.36.3 ships
 * canal v3.32.1-build2026072200, whose daemonset the index does not hold [older chart read]), its
 * flannel container asks nothing; kube-proxy asks 250m and 128Mi (RKE2's default,
 * rancher/rke2 pkg/podtemplate/config.go @v1.36.3+rke2r1). The Cinder CSI node plugin asks none.
 */
export const NODE_DAEMONS: Resources = { cpuMillicores: 250 + 250, memoryMiB: 128 };

/** Requests a node of this flavor can take. */
export function allocatable(flavor: Pick<Flavor, 'vcpus' | 'ramGb'>): Resources {
  const reserve = kubeReserved(flavor);
  return {
    cpuMillicores: flavor.vcpus * 1000 - reserve.cpuMillicores - NODE_DAEMONS.cpuMillicores,
    memoryMiB: Math.floor(flavor.ramGb * 1024) - reserve.memoryMiB - EVICTION_HARD_MIB - NODE_DAEMONS.memoryMiB,
  };
}

/** The KubeletConfiguration fields that make a node's allocatable what the plan packs against. */
export interface KubeletReservation {
  kubeReserved: { cpu: string; memory: string };
  evictionHard: { 'memory.available': string };
}

export function kubeletReservation(flavor: Pick<Flavor, 'vcpus' | 'ramGb'>): KubeletReservation {
  const reserve = kubeReserved(flavor);
  return {
    kubeReserved: { cpu: `${reserve.cpuMillicores}m`, memory: `${reserve.memoryMiB}Mi` },
    evictionHard: { 'memory.available': `${EVICTION_HARD_MIB}Mi` },
  };
}
