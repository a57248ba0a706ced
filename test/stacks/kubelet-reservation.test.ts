/**
 * The kubelet of every RKE2 node reserves what the sizing plan left out of the node's allocatable:
 * read back from each instance's user data and turned into Node Allocatable the way the kubelet
 * computes it — capacity − kube-reserved − system-reserved − hard eviction thresholds
 * (kubernetes pkg/kubelet/cm/node_container_manager_linux.go `GetNodeAllocatableAbsolute`;
 * kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources). No kubelet runs here: a
 * reproduction of that documented formula, on the flags the node would pass.
 */
import { describe, expect, it } from 'vitest';
import { NODE_DAEMONS } from '../../sizing/node-allocatable.js';
import { size } from '../../sizing/size.js';
import { example, resources, stack, type TfDoc } from './synthesized.js';

/** `flag=value` pairs as RKE2 hands them to the kubelet (`--flag=value`); a flag given twice would be ambiguous. */
function kubeletFlags(args: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of args) {
    const at = arg.indexOf('=');
    const name = arg.slice(0, at);
    expect(flags.has(name), `${name} given twice`).toBe(false);
    flags.set(name, arg.slice(at + 1));
  }
  return flags;
}

/** A CPU or memory quantity in millicores or MiB (the suffixes socle writes: m, Mi, Gi). */
function quantity(q: string, unit: 'cpu' | 'memory'): number {
  const m = /^(\d+)(m|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  const n = Number(m[1]);
  if (unit === 'cpu') return m[2] === 'm' ? n : n * 1000;
  return m[2] === 'Gi' ? n * 1024 : m[2] === 'Mi' ? n : n / 1048576;
}

/** `cpu=80m,memory=2663Mi` → resources (the kubelet's mapStringString flags). */
function reserved(value: string | undefined) {
  const pairs = new Map((value ?? '').split(',').filter(Boolean).map((p) => p.split('=') as [string, string]));
  return { cpuMillicores: quantity(pairs.get('cpu') ?? '0', 'cpu'), memoryMiB: quantity(pairs.get('memory') ?? '0', 'memory') };
}

/** `memory.available<100Mi,nodefs.available<5%` → signal → threshold. */
function thresholds(value: string | undefined): Map<string, string> {
  return new Map((value ?? '').split(',').filter(Boolean).map((t) => t.split('<') as [string, string]));
}

function nodeAllocatable(flavor: { vcpus: number; ramGb: number }, flags: Map<string, string>) {
  const kube = reserved(flags.get('kube-reserved'));
  const system = reserved(flags.get('system-reserved'));
  const memoryEviction = thresholds(flags.get('eviction-hard')).get('memory.available');
  return {
    cpuMillicores: flavor.vcpus * 1000 - kube.cpuMillicores - system.cpuMillicores,
    memoryMiB: flavor.ramGb * 1024 - kube.memoryMiB - system.memoryMiB - (memoryEviction ? quantity(memoryEviction, 'memory') : 0),
  };
}

const userConfig = (node: TfDoc) => JSON.parse(JSON.parse((node['user_data'] as string).replace('#cloud-config\n', ''))['write_files'][0]['content']);

describe.each(['pilot', 'metropole-9000'] as const)('kubelet reservation on the RKE2 nodes of %s', (name) => {
  const env = example(name);
  const plan = size(env);
  const instances = Object.values(resources(stack(env, 'cluster'), 'openstack_compute_instance_v2'));

  it('gives every node an allocatable that holds exactly what the plan packs on it, plus the per-node pods', () => {
    for (const pool of plan.nodePools) {
      const nodes = instances.filter((i) => i['metadata']['socle-pool'] === pool.role);
      expect(nodes).toHaveLength(pool.count);
      for (const node of nodes) {
        const allocatable = nodeAllocatable(pool.flavor, kubeletFlags(userConfig(node)['kubelet-arg']));
        expect(allocatable).toEqual({
          cpuMillicores: pool.allocatablePerNode.cpuMillicores + NODE_DAEMONS.cpuMillicores,
          memoryMiB: pool.allocatablePerNode.memoryMiB + NODE_DAEMONS.memoryMiB,
        });
      }
    }
  });

  it("keeps RKE2's disk eviction thresholds beside the memory one (the flag replaces the whole map)", () => {
    for (const node of instances) {
      const signals = thresholds(kubeletFlags(userConfig(node)['kubelet-arg']).get('eviction-hard'));
      expect(Object.fromEntries(signals)).toEqual({ 'memory.available': '100Mi', 'nodefs.available': '5%', 'imagefs.available': '5%' });
    }
  });

  it('reserves more on a larger node, never more than a tenth of a small one', () => {
    const byRam = [...plan.nodePools].sort((a, b) => a.flavor.ramGb - b.flavor.ramGb);
    const reservedMiB = (p: (typeof byRam)[number]) => p.flavor.ramGb * 1024 - p.allocatablePerNode.memoryMiB - NODE_DAEMONS.memoryMiB;
    for (let i = 1; i < byRam.length; i++) expect(reservedMiB(byRam[i]!)).toBeGreaterThanOrEqual(reservedMiB(byRam[i - 1]!));
    for (const p of plan.nodePools) expect(p.flavor.vcpus * 1000 - p.allocatablePerNode.cpuMillicores - NODE_DAEMONS.cpuMillicores).toBeLessThanOrEqual(p.flavor.vcpus * 100);
  });
});
