/**
 * The media nodes as the cluster stack reports them, whatever built them (RKE2 instances or a
 * Magnum node group): the `media_node_addresses` output that `turn.<domain>` DNS, the Magnum node
 * labelling and the operators read. The first `turnNodes` media nodes run TURN.
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

export function addMediaNodesOutput(stack: TerraformStack, nodes: MediaNode[], turnNodes: number): void {
  new TerraformOutput(stack, MEDIA_NODES_OUTPUT, {
    value: nodes.map((n, index) => ({ name: n.name, zone: n.zone ?? '', public_address: n.publicAddress, private_address: n.address, turn: index < turnNodes })),
    description: 'videobridge / TURN nodes, for the Jitsi and TURN configuration',
  });
}
