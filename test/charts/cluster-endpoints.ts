/** Addresses and pods every namespace's policies must account for, as socle's clusters have them. */
import { NODE_SUBNET_CIDR } from '../../stacks/networking/address-plan.js';
import type { Endpoint } from './network-policy-evaluator.js';

/**
 * A control-plane node of the node subnet: NetworkPolicy sees the `kubernetes` Service after DNAT,
 * i.e. the API server's own address and port (RKE2 and Magnum: 6443 on the control-plane nodes).
 */
export const API_SERVER: Endpoint = { ip: NODE_SUBNET_CIDR.replace(/0\/\d+$/, '10') };
export const API_SERVER_PORT = 6443;
/** CoreDNS as RKE2 and Magnum run it: `k8s-app: kube-dns` in kube-system. */
export const KUBE_DNS: Endpoint = { pod: { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } } };
