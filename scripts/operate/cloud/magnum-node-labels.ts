/**
 * Magnum nodes carry Magnum's labels, not socle's: its drivers name a node's node group
 * (`MAGNUM_NODE_GROUP_LABELS`), and no driver turns a node group's labels into node labels or
 * taints that socle could rely on. So `socle deploy` gives them what the RKE2 nodes get at boot
 * (`stacks/compute/rke2-cloud-init.ts`): `socle/pool=<role>` and the pool's taint, by node group,
 * and `socle/turn=true` on the media nodes whose private address the cluster stack marks for TURN
 * (`media_node_addresses`), so that TURN runs where `turn.<domain>` points. Nodes of groups socle
 * did not make (the control plane, a group added by hand) are left alone. Idempotent: a re-run
 * after Magnum replaced a node labels the new one.
 */
import { MEDIA_NODES_OUTPUT, type MediaNodeAddress } from '../../../stacks/compute/media-nodes.js';
import { POOL_LABEL, POOL_TAINTS, TURN_NODE_LABEL } from '../../../stacks/compute/rke2-cloud-init.js';
import { MAGNUM_NODE_GROUP_LABELS, poolOfMagnumGroup } from '../../../stacks/containerinfra/magnum-node-groups.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';
import { kubectl } from '../tools/kubectl-commands.js';
import type { OperateContext } from '../flows/operate-context.js';
import { tofuOutputs } from '../tools/terraform-commands.js';

export interface NodeList {
  items?: { metadata?: { name?: string; labels?: Record<string, string> }; status?: { addresses?: { type?: string; address?: string }[] } }[];
}

/** The kubectl arguments that give each socle node of a Magnum cluster its labels and taint. */
export function magnumNodeLabelCommands(plan: SizingPlan, nodes: NodeList, media: MediaNodeAddress[]): string[][] {
  const turnAddresses = new Set(media.filter((m) => m.turn).map((m) => m.private_address));
  const commands: string[][] = [];
  for (const node of nodes.items ?? []) {
    const name = node.metadata?.name;
    const labels = node.metadata?.labels ?? {};
    const group = MAGNUM_NODE_GROUP_LABELS.map((key) => labels[key]).find((g) => g !== undefined);
    const pool = group === undefined ? undefined : poolOfMagnumGroup(plan, group);
    if (!name || !pool) continue;
    const internal = (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address);
    // `socle/turn-` takes the label off a media node that no longer runs TURN.
    const turn = pool === 'media' ? [internal.some((a) => a !== undefined && turnAddresses.has(a)) ? `${TURN_NODE_LABEL}=true` : `${TURN_NODE_LABEL}-`] : [];
    commands.push(['label', 'node', name, `${POOL_LABEL}=${pool}`, ...turn, '--overwrite']);
    for (const taint of POOL_TAINTS[pool]) commands.push(['taint', 'node', name, taint, '--overwrite']);
  }
  return commands;
}

export async function labelMagnumNodes(ctx: OperateContext, step: string, kubeconfig: string, plan: SizingPlan): Promise<number> {
  const outputs = await tofuOutputs(ctx, step, 'cluster');
  const media = (outputs[MEDIA_NODES_OUTPUT]?.value as MediaNodeAddress[] | undefined) ?? [];
  const listed = await kubectl(ctx, step, kubeconfig, ['get', 'nodes', '-o', 'json'], true);
  const commands = magnumNodeLabelCommands(plan, JSON.parse(listed.stdout || '{}') as NodeList, media);
  for (const args of commands) await kubectl(ctx, step, kubeconfig, args);
  return commands.filter((c) => c[0] === 'label').length;
}
