/**
 * The stacks socle synthesizes, in lifecycle order: the network outlives the cluster; data and
 * backups outlive both. Kept apart from the stacks' code so that readers (operate) don't load cdktf.
 */
export const STACK_NAMES = ['network', 'cluster', 'data', 'backups'] as const;

export type StackName = (typeof STACK_NAMES)[number];
