/**
 * The lifecycle order of the stacks `stacks/` synthesizes: what lives longest comes first (the
 * network outlives the cluster; data and backups outlive both). Dependencies read from the
 * synthesized JSON come before this order; it only settles stacks free to go in any order.
 */
import type { StackName } from '../../stacks/socle-stack.js';

export const STACK_LIFECYCLE: readonly StackName[] = ['network', 'cluster', 'data', 'backups'];
