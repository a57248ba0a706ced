/**
 * The media nodes as the cluster stack reports them, whatever built them (RKE2 instances or a
 * Magnum node group): the `media_node_addresses` output that `turn.<domain>` DNS, the Magnum node
 * labelling and the operators read. `turnNodes` of them run TURN, spread over the zones.
 */
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { TerraformOutput, type TerraformStack } from '../cdktf.js';

export const MEDIA_NODES_OUTPUT = 'media_node_addresses';

export interface MediaNode {
  name: string;
  zone: string | null;
  /** Private address (Terraform reference). */
  address: string;
  /** Public address (Terraform reference). */
  publicAddress: string;
}

/** One entry of the output, as `tofu output -json` gives it back. */
export interface MediaNodeAddress {
  name: string;
  zone: string;
  public_address: string;
  private_address: string;
  turn: boolean;
}

/** How many media nodes run TURN: the plan's coturn replicas (none when Jitsi is off). */
export function turnReplicas(plan: SizingPlan): number {
  return plan.components.find((c) => c.name === 'coturn')?.replicas ?? 0;
}

/**
 * Which media nodes run TURN: the first node of each zone in turn, then the second of each, so
 * that losing a zone never takes every TURN server (the pool lists its nodes zone by zone:
 * node-pool-instances.ts `nodeZones`). In a one-zone region, simply the first ones.
 */
export function turnNodeIndexes(zones: readonly (string | null)[], turnNodes: number): Set<number> {
  const byZone = new Map<string | null, number[]>();
  zones.forEach((zone, index) => byZone.set(zone, [...(byZone.get(zone) ?? []), index]));
  const rounds = Math.max(0, ...[...byZone.values()].map((l) => l.length));
  const order = Array.from({ length: rounds }, (_, round) => [...byZone.values()].flatMap((l) => (round < l.length ? [l[round]!] : []))).flat();
  return new Set(order.slice(0, turnNodes));
}

export function addMediaNodesOutput(stack: TerraformStack, nodes: MediaNode[], turnNodes: number): void {
  const turn = turnNodeIndexes(nodes.map((n) => n.zone), turnNodes);
  new TerraformOutput(stack, MEDIA_NODES_OUTPUT, {
    value: nodes.map((n, index) => ({ name: n.name, zone: n.zone ?? '', public_address: n.publicAddress, private_address: n.address, turn: turn.has(index) })),
    description: 'videobridge / TURN nodes, for the Jitsi and TURN configuration',
  });
}
