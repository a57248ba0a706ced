/**
 * The `kubectl` step of `socle deploy` on a Magnum cluster (scripts/operate/cloud/magnum-node-labels.ts),
 * run with a real kubectl against Node objects shaped as Magnum registers them: its Heat driver's
 * `magnum.openstack.org/nodegroup` label (stacks/containerinfra/magnum-node-groups.ts
 * MAGNUM_NODE_GROUP_LABELS), an InternalIP in the node subnet, the control plane's own group.
 * Only the `tofu output` read of labelMagnumNodes is replaced (by the media addresses given here);
 * the commands are socle's own, through socle's own kubectl runner.
 */
import type { MediaNodeAddress } from '../../../stacks/compute/media-nodes.js';
import { MAGNUM_DEFAULT_WORKER_GROUP, magnumNodeGroups } from '../../../stacks/containerinfra/magnum-node-groups.js';
import { NODE_SUBNET_CIDR } from '../../../stacks/networking/address-plan.js';
import { EventBus } from '../../../scripts/operate/progress/event-bus.js';
import { StepDeadline } from '../../../scripts/operate/flows/step-deadline.js';
import { kubectl } from '../../../scripts/operate/tools/kubectl-commands.js';
import { magnumNodeLabelCommands, type NodeList } from '../../../scripts/operate/cloud/magnum-node-labels.js';
import type { OperateContext } from '../../../scripts/operate/flows/operate-context.js';
import type { ResolvedTool } from '../../../scripts/operate/tools/resolve-tools.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';
import type { KubeClient } from './kube-client.js';

export interface MagnumNode { name: string; group: string; address: string }

const subnetAddress = (host: number) => NODE_SUBNET_CIDR.replace(/0\/\d+$/, String(host));

/** Two nodes per socle node group (the default worker group first), plus one master. */
export function magnumNodes(plan: SizingPlan): MagnumNode[] {
  const groups = magnumNodeGroups(plan);
  const named = [MAGNUM_DEFAULT_WORKER_GROUP, ...groups.named.map((p) => p.role)];
  let host = 20;
  return [{ name: 'k8s-master-0', group: 'default-master', address: subnetAddress(5) }, ...named.flatMap((group) => [0, 1].map((i) => ({ name: `k8s-${group}-${i}`, group, address: subnetAddress(host++) })))];
}

export async function createNodes(client: KubeClient, nodes: MagnumNode[]): Promise<void> {
  for (const n of nodes) {
    const res = await client.request('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { 'magnum.openstack.org/nodegroup': n.group, 'magnum.openstack.org/role': n.group === MAGNUM_DEFAULT_WORKER_GROUP ? 'worker' : n.group, 'kubernetes.io/hostname': n.name } },
      status: { addresses: [{ type: 'InternalIP', address: n.address }, { type: 'Hostname', address: n.name }] },
    });
    if (res.status !== 201) throw new Error(`creating Node ${n.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
}

/** labelMagnumNodes with the cluster stack's media addresses given: list the nodes, then label and taint each. */
export async function runNodeLabelStep(kubectlTool: ResolvedTool, kubeconfig: string, plan: SizingPlan, media: MediaNodeAddress[], cwd: string): Promise<string[][]> {
  const ctx = { tools: { kubectl: kubectlTool }, bus: new EventBus([], []), deadline: new StepDeadline(), cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME } } as unknown as OperateContext;
  const listed = await kubectl(ctx, 'node-labels', kubeconfig, ['get', 'nodes', '-o', 'json'], true);
  const commands = magnumNodeLabelCommands(plan, JSON.parse(listed.stdout || '{}') as NodeList, media);
  for (const args of commands) await kubectl(ctx, 'node-labels', kubeconfig, args);
  return commands;
}
