/**
 * The kubelet configuration drop-in that gives an RKE2 node the reservation the sizing plan packs
 * against (sizing/node-allocatable.ts), written by cloud-init before RKE2 starts.
 *
 * RKE2 runs its kubelet with `--config-dir=/var/lib/rancher/rke2/agent/etc/kubelet.conf.d` (k3s
 * pkg/agent/config/config.go `get` makes the directory, mode 0700, pkg/daemons/agent/agent_linux.go
 * `kubeletArgsAndConfig` passes it; RKE2 v1.36.4-rc1+rke2r1 builds on k3s a2fc9574e060 and
 * v1.36.3+rke2r1 on 4ca29faac89e, neither in the index nor on the Go module proxy: read at other
 * commits of the same code, in k3s since v1.32) and writes its own defaults there as
 * `00-rke2-defaults.conf`, mode 0600, at every start, leaving other files alone (pkg/daemons/agent/agent.go
 * `writeKubeletConfig`). RKE2's documentation names a file in that directory the recommended way
 * to change the kubelet's configuration (rancher/rke2-docs docs/install/configuration.md,
 * "Kubelet configuration"). The kubelet reads the directory's `*.conf` files in lexical order,
 * each a JSON merge patch over the configuration so far, then the command line over all of them
 * (kubernetes cmd/kubelet/app/server.go `mergeKubeletConfigurations`, `kubeletConfigFlagPrecedence`
 * @v1.36.3): `50-` comes after RKE2's `00-`, and no `kubelet-arg` of socle's overrides it. The
 * flags `--kube-reserved` and `--eviction-hard` are deprecated for the configuration file
 * (cmd/kubelet/app/options/options.go `AddKubeletConfigFlags` @v1.36.3).
 *
 * The file is JSON, which the kubelet's YAML decoder reads as it is, and owner-only like RKE2's
 * own (the kubelet runs as root). cloud-init makes the directory before RKE2 does, with its own
 * default mode: k3s's `os.MkdirAll(…, 0700)` leaves an existing directory as it is. It holds no
 * secret, and each file in it keeps its own mode.
 */
import { kubeletReservation } from '../../sizing/node-allocatable.js';
import type { NodePoolPlan } from '../../sizing/sizing-plan.js';

export const KUBELET_DROP_IN = '/var/lib/rancher/rke2/agent/etc/kubelet.conf.d/50-socle-reservation.conf';

export function kubeletDropIn(flavor: Pick<NodePoolPlan['flavor'], 'vcpus' | 'ramGb'>): { path: string; permissions: string; content: string } {
  const config = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', ...kubeletReservation(flavor) };
  return { path: KUBELET_DROP_IN, permissions: '0600', content: `${JSON.stringify(config, null, 2)}\n` };
}
