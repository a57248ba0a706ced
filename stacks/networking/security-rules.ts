/**
 * The security groups and their rules, as data: least exposure, written down once, tested as a
 * table and turned into resources by `security-groups.ts`.
 *
 * - `nodes` (every cluster node): all traffic from other cluster nodes, SSH from the admin CIDRs.
 * - `control-plane`: the Kubernetes API (6443) and the RKE2 supervisor (9345) from the node subnet,
 *   where the API load balancer's amphorae are; outside callers go through that load balancer,
 *   which only lets the admin CIDRs in (see `cluster-stack.ts`).
 * - `ingress-backend` (general nodes): the ingress NodePorts from the node subnet, i.e. from the
 *   ingress load balancer; 80/443 are open to the world on that load balancer only.
 * - `media` (videobridges, TURN): JVB media and TURN from anywhere, on those nodes only.
 * - `cluster-internal` (`magnum` mode, media nodes only): everything from the node subnet (Magnum's
 *   control plane and nodes, the load balancers) and from the pod network, in place of Magnum's
 *   worker group, which also opens SSH and the NodePorts to any source: with `media`, a media
 *   node's public address answers on the media ports only (`containerinfra/magnum-media-addresses.ts`).
 *
 * Egress keeps Neutron's default (all), which nodes need to pull images and reach object storage.
 */
import type { Environment } from '../../environments/environment.js';
import { INGRESS_NODE_PORTS } from '../lb/ingress-ports.js';
import { MAGNUM_POD_CIDR, NODE_SUBNET_CIDR } from './address-plan.js';

export type SecurityGroupName = 'nodes' | 'control-plane' | 'ingress-backend' | 'media' | 'cluster-internal';

export interface SecurityRule {
  description: string;
  protocol: 'tcp' | 'udp' | 'any';
  /** Single port or inclusive range; `undefined` with protocol `any`. */
  ports?: [number, number];
  /** A CIDR, or another group by name. */
  from: { cidr: string } | { group: SecurityGroupName };
}

export interface SecurityGroupSpec {
  name: SecurityGroupName;
  description: string;
  rules: SecurityRule[];
}

/** Kubernetes API and RKE2 supervisor (agents and servers join through it). */
export const KUBERNETES_API_PORT = 6443;
export const RKE2_SUPERVISOR_PORT = 9345;
/** Jitsi Videobridge media (jitsi-meet docker/handbook: UDP 10000). */
export const JVB_MEDIA_PORT = 10000;
/**
 * TURN (RFC 8656): 3478 UDP/TCP on the media nodes. TURN over TLS is not here: it arrives on 443
 * at the ingress (`turns.<domain>`), whose edge forwards it to 3478/TCP over the node network.
 */
export const TURN_PORT = 3478;
/** Ports coturn relays media on (its `min-port`/`max-port`, coturn's defaults): open on media nodes. */
export const TURN_RELAY_PORTS = { min: 49152, max: 65535 };
export const SSH_PORT = 22;

const ANYWHERE = '0.0.0.0/0';

/** The groups socle makes per cluster mode; Magnum makes its nodes' other groups itself. */
export const SECURITY_GROUPS_BY_MODE: Readonly<Record<'instances' | 'magnum', readonly SecurityGroupName[]>> = {
  instances: ['nodes', 'control-plane', 'ingress-backend', 'media'],
  magnum: ['cluster-internal', 'media'],
};
const port = (p: number): [number, number] => [p, p];

export function securityGroupSpecs(env: Environment): SecurityGroupSpec[] {
  const admin = env.cluster.adminCidrs.map((cidr): SecurityRule => ({ description: `SSH from admin network ${cidr}`, protocol: 'tcp', ports: port(SSH_PORT), from: { cidr } }));
  return [
    {
      name: 'nodes',
      description: 'every cluster node: node-to-node traffic, SSH from the admin networks',
      rules: [{ description: 'all traffic between cluster nodes', protocol: 'any', from: { group: 'nodes' } }, ...admin],
    },
    {
      name: 'control-plane',
      description: 'control-plane nodes: Kubernetes API and RKE2 supervisor behind the API load balancer',
      rules: [
        { description: 'Kubernetes API from the node subnet (API load balancer)', protocol: 'tcp', ports: port(KUBERNETES_API_PORT), from: { cidr: NODE_SUBNET_CIDR } },
        { description: 'RKE2 supervisor from the node subnet (API load balancer)', protocol: 'tcp', ports: port(RKE2_SUPERVISOR_PORT), from: { cidr: NODE_SUBNET_CIDR } },
      ],
    },
    {
      name: 'ingress-backend',
      description: 'general nodes: ingress NodePorts behind the ingress load balancer',
      rules: [
        { description: 'ingress HTTP NodePort from the node subnet (ingress load balancer)', protocol: 'tcp', ports: port(INGRESS_NODE_PORTS.http), from: { cidr: NODE_SUBNET_CIDR } },
        { description: 'ingress HTTPS NodePort from the node subnet (ingress load balancer)', protocol: 'tcp', ports: port(INGRESS_NODE_PORTS.https), from: { cidr: NODE_SUBNET_CIDR } },
      ],
    },
    {
      name: 'media',
      description: 'media nodes: Jitsi Videobridge media and TURN, reached directly on their floating IPs',
      rules: [
        { description: 'Jitsi Videobridge media', protocol: 'udp', ports: port(JVB_MEDIA_PORT), from: { cidr: ANYWHERE } },
        { description: 'TURN over UDP', protocol: 'udp', ports: port(TURN_PORT), from: { cidr: ANYWHERE } },
        { description: 'TURN over TCP', protocol: 'tcp', ports: port(TURN_PORT), from: { cidr: ANYWHERE } },
        { description: 'TURN relayed media', protocol: 'udp', ports: [TURN_RELAY_PORTS.min, TURN_RELAY_PORTS.max], from: { cidr: ANYWHERE } },
      ],
    },
    {
      name: 'cluster-internal',
      description: 'media nodes of a Magnum cluster: all traffic from the node subnet and the pod network, in place of the Magnum worker group',
      rules: [
        { description: 'all traffic from the node subnet (Magnum control plane and nodes, load balancers)', protocol: 'any', from: { cidr: NODE_SUBNET_CIDR } },
        { description: 'all traffic from the pod network (Calico routes pod addresses unencapsulated)', protocol: 'any', from: { cidr: MAGNUM_POD_CIDR } },
      ],
    },
  ];
}
