/**
 * The private address plan. The node subnet stays clear of RKE2's pod (10.42.0.0/16) and service
 * (10.43.0.0/16) ranges, and of the 10.0.0.0/16 and 192.168.0.0/16 ranges that office VPNs
 * often use; a /20 holds 4,000 nodes, far above the 500 the largest plan needs.
 */
export const NODE_SUBNET_CIDR = '10.20.0.0/20';

/**
 * The pod network of Magnum clusters, pinned in the template (`calico_ipv4pool`,
 * `flannel_network_cidr`) rather than left to the driver's default (the same 10.100.0.0/16): with
 * Calico, Magnum routes pod addresses unencapsulated between nodes, so security groups on node
 * ports must admit them (`security-rules.ts`, group `cluster-internal`).
 */
export const MAGNUM_POD_CIDR = '10.100.0.0/16';
