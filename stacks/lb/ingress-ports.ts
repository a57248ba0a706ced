/**
 * The contract between the ingress load balancer (here) and the ingress controller (charts/):
 * the controller's Service exposes these NodePorts on the general nodes and accepts the PROXY
 * protocol (v1) from the node subnet, so the apps see the real client address.
 */
export const INGRESS_NODE_PORTS = { http: 30080, https: 30443 } as const;

/** Public ports of the ingress load balancer: listener port → NodePort behind it. */
export const INGRESS_LISTENERS: readonly { name: 'http' | 'https'; port: number; nodePort: number }[] = [
  { name: 'http', port: 80, nodePort: INGRESS_NODE_PORTS.http },
  { name: 'https', port: 443, nodePort: INGRESS_NODE_PORTS.https },
];
