/**
 * NetworkPolicy semantics (networking.k8s.io/v1, as documented in the API reference and
 * kubernetes.io/docs/concepts/services-networking/network-policies, and implemented by the
 * conformance suite test/e2e/network/netpol): a pod is isolated for a direction when any policy of
 * its namespace selects it and lists that policy type; an isolated pod accepts a connection only
 * when some rule of some such policy matches it (policies add up, order never matters). A
 * connection between two pods needs the sender's egress and the receiver's ingress. Peers:
 * `podSelector` alone means pods of the policy's namespace; `namespaceSelector` alone, every pod of
 * the matching namespaces; both, the matching pods of the matching namespaces; `ipBlock`, addresses
 * in `cidr` but not in `except`. An empty `from`/`to` or `ports` list (or none) matches everything;
 * a port is a number or a named container port of the receiving pod, `endPort` makes it a range,
 * protocol TCP unless given. `policyTypes` left out means Ingress, plus Egress when the policy has
 * egress rules. Traffic is matched after Service DNAT: the receiver is the endpoint pod or address.
 */
import { BlockList, isIPv4 } from 'node:net';
import type { KubeObject } from '../../charts/kube-object.js';

type Json = Record<string, any>;

/** A pod, or an address outside the cluster's pods (a node, the API server, the internet). */
export type Endpoint =
  | { pod: { namespace: string; labels: Record<string, string>; ip?: string; namedPorts?: Record<string, number> } }
  | { ip: string };

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface Cluster {
  policies: KubeObject[];
  /** Namespace labels; `kubernetes.io/metadata.name` is added, as the API server does. */
  namespaces: Record<string, Record<string, string>>;
}

export function selectorMatches(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e: Json) => {
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In': return has && e.values.includes(labels[e.key]);
      case 'NotIn': return !has || !e.values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabel && byExpression;
}

function inBlock(ip: string, block: Json): boolean {
  const family = isIPv4(ip) ? 'ipv4' : 'ipv6';
  const subnet = (cidr: string) => {
    const [address, prefix] = cidr.split('/');
    const list = new BlockList();
    list.addSubnet(address!, Number(prefix), isIPv4(address!) ? 'ipv4' : 'ipv6');
    return list;
  };
  return subnet(block.cidr).check(ip, family) && !(block.except ?? []).some((c: string) => subnet(c).check(ip, family));
}

function namespaceLabels(cluster: Cluster, name: string): Record<string, string> {
  return { ...(cluster.namespaces[name] ?? {}), 'kubernetes.io/metadata.name': name };
}

function peerMatches(peer: Json, policyNamespace: string, other: Endpoint, cluster: Cluster): boolean {
  if (peer.ipBlock) {
    const ip = 'ip' in other ? other.ip : other.pod.ip;
    return ip !== undefined && inBlock(ip, peer.ipBlock);
  }
  if (!('pod' in other)) return false;
  const inNamespace = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, other.pod.namespace))
    : other.pod.namespace === policyNamespace;
  return inNamespace && selectorMatches(peer.podSelector, other.pod.labels);
}

function portMatches(rulePort: Json, c: Connection): boolean {
  if ((rulePort.protocol ?? 'TCP') !== (c.protocol ?? 'TCP')) return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port === 'string') {
    const named = 'pod' in c.to ? c.to.pod.namedPorts?.[rulePort.port] : undefined;
    return named === c.port;
  }
  return rulePort.endPort === undefined ? rulePort.port === c.port : c.port >= rulePort.port && c.port <= rulePort.endPort;
}

function policyTypes(spec: Json): string[] {
  return spec.policyTypes ?? ['Ingress', ...(spec.egress ? ['Egress'] : [])];
}

/** Whether one side (the sender's egress or the receiver's ingress) lets the connection through. */
function sideAllows(direction: 'Ingress' | 'Egress', self: Endpoint, other: Endpoint, c: Connection, cluster: Cluster): boolean {
  if (!('pod' in self)) return true;
  const selecting = cluster.policies.filter(
    (p) => p.kind === 'NetworkPolicy' && p.metadata.namespace === self.pod.namespace && selectorMatches((p.spec as Json).podSelector, self.pod.labels) && policyTypes(p.spec as Json).includes(direction),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) => {
    const rules: Json[] = (p.spec as Json)[direction === 'Ingress' ? 'ingress' : 'egress'] ?? [];
    return rules.some((rule) => {
      const peers: Json[] | undefined = rule[direction === 'Ingress' ? 'from' : 'to'];
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, p.metadata.namespace!, other, cluster));
      const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((rp: Json) => portMatches(rp, c));
      return peerOk && portOk;
    });
  });
}

/** Whether the policies let the connection through: the sender's egress and the receiver's ingress. */
export function allows(cluster: Cluster, c: Connection): boolean {
  return sideAllows('Egress', c.from, c.to, c, cluster) && sideAllows('Ingress', c.to, c.from, c, cluster);
}

/** The namespaces of a rendering with their labels, for `Cluster.namespaces`. */
export function namespacesOf(objects: KubeObject[]): Record<string, Record<string, string>> {
  return Object.fromEntries(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels ?? {}]));
}
