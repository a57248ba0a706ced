/**
 * The kubelet configuration of every RKE2 node socle synthesizes, as the kubelet's own code makes
 * it: kubelet-config/main.go runs k8s.io/kubernetes v1.36.3's packages (the kubelet's flag set and
 * defaults, its drop-in loader and v1beta1 scheme, decoded strictly, `ValidateKubeletConfiguration`)
 * and repeats, call for call, the unexported steps of cmd/kubelet/app/server.go that merge the
 * drop-in directory and re-apply the command line. Its input is the node's kubelet command line as
 * RKE2 builds it and a --config-dir holding RKE2's own defaults (rke2-kubelet-defaults.conf) beside
 * the drop-ins of the node's synthesized cloud-init.
 *
 * What it proves: the reservation and hard eviction thresholds the kubelet subtracts from capacity
 * are those sizing/node-allocatable.ts packs against, and RKE2's disk thresholds survive socle's
 * drop-in (the merge adds map keys, it does not replace the map); without the drop-in, RKE2's
 * kubelet reserves nothing and has no memory threshold. Not run: a kubelet itself (it needs a node), so what the kubelet then does with the
 * figures (Node Allocatable, test/stacks/kubelet-reservation.test.ts) is the documented formula.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { kubernetesRelease } from '../../../environments/catalogue/kubernetes-releases.js';
import { NODE_DAEMONS } from '../../../sizing/node-allocatable.js';
import { size } from '../../../sizing/size.js';
import { KUBELET_DROP_IN } from '../../../stacks/compute/kubelet-drop-in.js';
import { cloudConfig } from '../../stacks/cloud-init-shell.js';
import { EXAMPLES, example, resources, stack } from '../../stacks/synthesized.js';
import { describeProgram } from '../harness/program-suite.js';
import { buildTestProgram } from '../harness/test-programs.js';

/**
 * The k8s.io/kubernetes release kubelet-config/go.mod requires, the newest of 1.36 the Go module
 * proxy serves (scripts/tools/recipes/kubernetes.ts); the nodes' RKE2 release carries the
 * kubelet its row names as pinned.
 */
const KUBELET_VERSION = 'v1.36.3';
const NODE_KUBELET = kubernetesRelease('1.36').rke2.replace(/\+rke2r\d+$/, '');
const KUBELET_CONFIG_DIR = dirname(KUBELET_DROP_IN);
const RKE2_DEFAULTS = join(import.meta.dirname, 'rke2-kubelet-defaults.conf');
const MIB = 1024 * 1024;

const program = await buildTestProgram('kubernetes/kubelet-config', 'kubelet-config');
const binary = 'missing' in program ? '' : program.binary;

/**
 * The kubelet's command line on an RKE2 node: RKE2's own flags (rancher/rke2
 * pkg/executor/staticpod/staticpod.go `Kubelet` @v1.36.4-rc1+rke2r1, the same in v1.36.3+rke2r1;
 * `--cloud-provider` from `cloud-provider-name`, pkg/rke2/rke2_linux.go), k3s's
 * (pkg/daemons/agent/agent_linux.go `kubeletArgsAndConfig`: the drop-in directory, the
 * kubeconfig, the read-only port, the node labels of `node-label`), then
 * each `kubelet-arg` of the node's config.yaml (k3s `extractConfigArgs`). RKE2's default
 * `kubelet-arg`s are logging flags it takes off before the kubelet runs (rancher/rke2
 * pkg/cli/defaults/defaults.go, staticpod.go `logging.ExtractFromArgs`); the node's name and
 * addresses are left out: they do not touch the reservation.
 */
function kubeletArgs(configDir: string, rke2Config: Record<string, unknown>): string[] {
  const labels = (rke2Config['node-label'] as string[] | undefined) ?? [];
  const extra = (rke2Config['kubelet-arg'] as string[] | undefined) ?? [];
  return [
    '--volume-plugin-dir=/var/lib/kubelet/volumeplugins',
    '--file-check-frequency=5s',
    '--sync-frequency=30s',
    `--cloud-provider=${rke2Config['cloud-provider-name'] as string}`,
    `--config-dir=${configDir}`,
    '--kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig',
    '--read-only-port=0',
    `--node-labels=${labels.join(',')}`,
    ...extra.map((arg) => `--${arg}`),
  ];
}

interface Effective {
  dropIns: string[];
  kubeReserved: Record<string, string> | null;
  systemReserved: Record<string, string> | null;
  evictionHard: Record<string, string> | null;
  reservedCpuMillicores: number;
  reservedMemoryBytes: number;
  hardEvictionMemoryBytes: number;
}

const work = mkdtempSync(join(tmpdir(), 'socle-kubelet-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Lays out a drop-in directory (RKE2's file, then the given ones) and runs the kubelet's code on it with RKE2's command line. */
async function runKubeletConfig(node: string, dropIns: { name: string; content: string }[], rke2Config: Record<string, unknown>) {
  const dir = join(work, node, 'kubelet.conf.d');
  mkdirSync(dir, { recursive: true });
  copyFileSync(RKE2_DEFAULTS, join(dir, '00-rke2-defaults.conf'));
  for (const f of dropIns) writeFileSync(join(dir, f.name), f.content);
  return execa(binary, kubeletArgs(dir, rke2Config), { reject: false, all: true });
}

/** The kubelet's configuration on a synthesized node: the drop-ins and config.yaml of its user data. */
async function effectiveConfig(node: string, userData: string): Promise<Effective> {
  const files = cloudConfig(userData).write_files;
  const dropIns = files.filter((f) => dirname(f.path) === KUBELET_CONFIG_DIR).map((f) => ({ name: basename(f.path), content: f.content }));
  const run = await runKubeletConfig(node, dropIns, rke2ConfigOf(userData));
  if (run.exitCode !== 0) throw new Error(`kubelet-config ${node}: ${run.all}`);
  return JSON.parse(run.stdout) as Effective;
}

const rke2ConfigOf = (userData: string) => JSON.parse(cloudConfig(userData).write_files.find((f) => f.path === '/etc/rancher/rke2/config.yaml')!.content) as Record<string, unknown>;

const instanceExamples = EXAMPLES.filter((name) => example(name).cluster.mode === 'instances');

describeProgram('kubelet-config-reproduction', 'missing' in program ? program : { version: KUBELET_VERSION, pinned: NODE_KUBELET }, () => {
  it.each(instanceExamples)("gives every RKE2 node of %s the reservation and hard eviction thresholds the plan packs against, RKE2's disk thresholds kept", async (name) => {
    const env = example(name);
    const plan = size(env);
    const instances = resources(stack(env, 'cluster'), 'openstack_compute_instance_v2');
    let checked = 0;
    for (const pool of plan.nodePools) {
      const nodes = Object.entries(instances).filter(([, i]) => i['metadata']['socle-pool'] === pool.role);
      expect(nodes).toHaveLength(pool.count);
      for (const [node, instance] of nodes) {
        const kubelet = await effectiveConfig(`${name}-${node}`, instance['user_data'] as string);
        expect(kubelet.dropIns).toEqual(['00-rke2-defaults.conf', basename(KUBELET_DROP_IN)]);
        expect(kubelet.systemReserved ?? {}).toEqual({});
        expect(kubelet.evictionHard).toEqual({ 'imagefs.available': '5%', 'memory.available': '100Mi', 'nodefs.available': '5%' });
        // Capacity as the plan counts it (the flavor) less what the kubelet subtracts, less the per-node pods.
        expect({
          cpuMillicores: pool.flavor.vcpus * 1000 - kubelet.reservedCpuMillicores - NODE_DAEMONS.cpuMillicores,
          memoryMiB: (Math.floor(pool.flavor.ramGb * 1024) * MIB - kubelet.reservedMemoryBytes - kubelet.hardEvictionMemoryBytes) / MIB - NODE_DAEMONS.memoryMiB,
        }).toEqual(pool.allocatablePerNode);
        checked++;
      }
    }
    expect(checked).toBe(Object.keys(instances).length);
  });

  const pilotNode = resources(stack(example('pilot'), 'cluster'), 'openstack_compute_instance_v2')['general_0']!['user_data'] as string;

  it('leaves an RKE2 node without a reservation or a memory threshold when socle writes no drop-in', async () => {
    const run = await runKubeletConfig('rke2-only', [], rke2ConfigOf(pilotNode));
    expect(run.exitCode, run.all).toBe(0);
    const kubelet = JSON.parse(run.stdout) as Effective;
    expect([kubelet.kubeReserved ?? {}, kubelet.systemReserved ?? {}]).toEqual([{}, {}]);
    expect(kubelet.evictionHard).toEqual({ 'imagefs.available': '5%', 'nodefs.available': '5%' });
  });

  it('rejects a drop-in with a misspelt field, which the kubelet itself would drop without a word', async () => {
    const content = JSON.stringify({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', kubeReserve: { cpu: '80m' } });
    const run = await runKubeletConfig('misspelt', [{ name: '50-misspelt.conf', content }], rke2ConfigOf(pilotNode));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/50-misspelt\.conf: not a strict v1beta1 KubeletConfiguration: .*unknown field "kubeReserve"/);
  });
});
