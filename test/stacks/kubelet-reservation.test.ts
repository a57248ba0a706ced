/**
 * The kubelet of every RKE2 node reserves what the sizing plan left out of the node's allocatable:
 * read back from the kubelet drop-in in each instance's user data and turned into Node Allocatable
 * the way the kubelet computes it — capacity − kube-reserved − system-reserved − hard eviction
 * thresholds (kubernetes pkg/kubelet/cm/node_container_manager_linux.go `GetNodeAllocatableAbsolute`;
 * kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources). No kubelet runs here: a
 * reproduction of that documented formula; test/real/kubernetes/kubelet-config.real.test.ts merges
 * the same file with RKE2's own in the kubelet's code.
 */
import { describe, expect, it } from 'vitest';
import { NODE_DAEMONS } from '../../sizing/node-allocatable.js';
import { size } from '../../sizing/size.js';
import { KUBELET_DROP_IN } from '../../stacks/compute/kubelet-drop-in.js';
import { cloudConfig } from './cloud-init-shell.js';
import { example, resources, stack, type TfDoc } from './synthesized.js';

/** A CPU or memory quantity in millicores or MiB (the suffixes socle writes: m, Mi, Gi). */
function quantity(q: string, unit: 'cpu' | 'memory'): number {
  const m = /^(\d+)(m|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  const n = Number(m[1]);
  if (unit === 'cpu') return m[2] === 'm' ? n : n * 1000;
  return m[2] === 'Gi' ? n * 1024 : m[2] === 'Mi' ? n : n / 1048576;
}

interface KubeletConfiguration {
  apiVersion: string;
  kind: string;
  kubeReserved?: Record<string, string>;
  systemReserved?: Record<string, string>;
  evictionHard?: Record<string, string>;
}

function nodeAllocatable(flavor: { vcpus: number; ramGb: number }, config: KubeletConfiguration) {
  const reserved = (unit: 'cpu' | 'memory') => [config.kubeReserved, config.systemReserved].reduce((sum, r) => sum + quantity(r?.[unit] ?? '0', unit), 0);
  const memoryEviction = config.evictionHard?.['memory.available'];
  return {
    cpuMillicores: flavor.vcpus * 1000 - reserved('cpu'),
    memoryMiB: flavor.ramGb * 1024 - reserved('memory') - (memoryEviction ? quantity(memoryEviction, 'memory') : 0),
  };
}

const files = (node: TfDoc) => cloudConfig(node['user_data'] as string).write_files;
const dropIn = (node: TfDoc) => files(node).find((f) => f.path === KUBELET_DROP_IN)!;
const rke2Config = (node: TfDoc) => JSON.parse(files(node)[0]!.content) as Record<string, unknown>;

describe.each(['pilot', 'metropole-9000'] as const)('kubelet reservation on the RKE2 nodes of %s', (name) => {
  const env = example(name);
  const plan = size(env);
  const instances = Object.values(resources(stack(env, 'cluster'), 'openstack_compute_instance_v2'));

  it('gives every node an allocatable that holds exactly what the plan packs on it, plus the per-node pods', () => {
    for (const pool of plan.nodePools) {
      const nodes = instances.filter((i) => i['metadata']['socle-pool'] === pool.role);
      expect(nodes).toHaveLength(pool.count);
      for (const node of nodes) {
        const allocatable = nodeAllocatable(pool.flavor, JSON.parse(dropIn(node).content) as KubeletConfiguration);
        expect(allocatable).toEqual({
          cpuMillicores: pool.allocatablePerNode.cpuMillicores + NODE_DAEMONS.cpuMillicores,
          memoryMiB: pool.allocatablePerNode.memoryMiB + NODE_DAEMONS.memoryMiB,
        });
      }
    }
  });

  it('writes the reservation as a KubeletConfiguration drop-in, root-only, and no deprecated kubelet flag', () => {
    for (const node of instances) {
      const file = dropIn(node);
      expect(file.permissions).toBe('0600');
      const config = JSON.parse(file.content) as KubeletConfiguration;
      expect(Object.keys(config)).toEqual(['apiVersion', 'kind', 'kubeReserved', 'evictionHard']);
      expect([config.apiVersion, config.kind]).toEqual(['kubelet.config.k8s.io/v1beta1', 'KubeletConfiguration']);
      // Only the memory threshold: the kubelet merges the map into RKE2's own disk thresholds.
      expect(config.evictionHard).toEqual({ 'memory.available': '100Mi' });
      expect(rke2Config(node)['kubelet-arg']).toBeUndefined();
    }
  });

  it('reserves more on a larger node, never more than a tenth of a small one', () => {
    const byRam = [...plan.nodePools].sort((a, b) => a.flavor.ramGb - b.flavor.ramGb);
    const reservedMiB = (p: (typeof byRam)[number]) => p.flavor.ramGb * 1024 - p.allocatablePerNode.memoryMiB - NODE_DAEMONS.memoryMiB;
    for (let i = 1; i < byRam.length; i++) expect(reservedMiB(byRam[i]!)).toBeGreaterThanOrEqual(reservedMiB(byRam[i - 1]!));
    for (const p of plan.nodePools) expect(p.flavor.vcpus * 1000 - p.allocatablePerNode.cpuMillicores - NODE_DAEMONS.cpuMillicores).toBeLessThanOrEqual(p.flavor.vcpus * 100);
  });
});
