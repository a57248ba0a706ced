/**
 * NetworkPolicies: each namespace denies all traffic, then allows what its apps need, named for it.
 * NetworkPolicy matches addresses, not host names: egress to object storage, the OIDC issuer or SMTP
 * is allowed on its port to public addresses (private ranges stay closed).
 */
import type { ClusterMode } from '../../environments/environment.js';
import type { KubeObject } from '../kube-object.js';
import { MANAGED_BY } from '../labels.js';
import { NAMESPACES, OPERATOR_NAMESPACES } from './namespaces.js';

type Peer = Record<string, unknown>;
interface Port { port: number; protocol?: 'TCP' | 'UDP' }

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];

function policy(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
    spec,
  };
}

const ports = (list: Port[]) => list.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' }));
export const fromNamespace = (ns: string): Peer => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });
export const publicInternet: Peer = { ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } };

/** The TCP port an egress rule opens for a URL (`https://s3.example.org:8080` → 8080, `https://…` → 443). */
export function urlPort(url: string): number {
  const parsed = new URL(url);
  return parsed.port ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443;
}

/** Default deny, DNS, traffic inside the namespace (apps ↔ their own databases), operators and ACME solvers. */
export function baselinePolicies(namespace: string): KubeObject[] {
  return [
    policy(namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy(namespace, 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ...fromNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: ports([{ port: 53, protocol: 'UDP' }, { port: 53 }]) }],
    }),
    policy(namespace, 'allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    // cert-manager's HTTP-01 solver pods run in the namespace of the certificate's Ingress.
    policy(namespace, 'allow-acme-http01-solver', {
      podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [fromNamespace(OPERATOR_NAMESPACES.traefik)], ports: ports([{ port: 8089 }]) }],
    }),
  ];
}

export function allowIngressFrom(namespace: string, name: string, podLabels: Record<string, string>, from: Peer[], allowed: Port[]): KubeObject {
  return policy(namespace, name, {
    podSelector: { matchLabels: podLabels },
    policyTypes: ['Ingress'],
    ingress: [{ from, ports: ports(allowed) }],
  });
}

/** A label selector requirement, for the pods a policy selects beyond their labels. */
export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export function allowEgressTo(namespace: string, name: string, podLabels: Record<string, string>, to: Peer[], allowed: Port[], requirements: LabelRequirement[] = []): KubeObject {
  return policy(namespace, name, {
    podSelector: { matchLabels: podLabels, ...(requirements.length > 0 ? { matchExpressions: requirements } : {}) },
    policyTypes: ['Egress'],
    egress: [{ to, ports: ports(allowed) }],
  });
}

/** The edge controller reaches a component's pods on its ports. */
export function allowFromEdge(namespace: string, podLabels: Record<string, string>, allowed: Port[], name = 'allow-from-edge'): KubeObject {
  return allowIngressFrom(namespace, name, podLabels, [fromNamespace(OPERATOR_NAMESPACES.traefik)], allowed);
}

/** The CloudNativePG operator reaches instance managers (status on 8000, PostgreSQL on 5432). */
export function allowFromCnpgOperator(namespace: string): KubeObject {
  return allowIngressFrom(namespace, 'allow-from-cnpg-operator', { 'cnpg.io/podRole': 'instance' }, [fromNamespace(OPERATOR_NAMESPACES.cnpg)], [{ port: 8000 }, { port: 5432 }]);
}

/**
 * Where a pod reaches the Kubernetes API: the `kubernetes` Service (443 on its ClusterIP) and, after
 * the CNI's DNAT, the API servers' own addresses (6443). On clusters socle builds those are private
 * (the node subnet, the service range); an `existing` cluster may advertise a public API address,
 * which socle can't know, so there public addresses stay allowed on those two ports.
 */
export function kubernetesApiPeers(mode: ClusterMode): Peer[] {
  const privateRanges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((cidr) => ({ ipBlock: { cidr } }));
  return mode === 'existing' ? [publicInternet, ...privateRanges] : privateRanges;
}

/** Egress to the Kubernetes API (CloudNativePG instance managers talk to it). */
export function allowToKubernetesApi(namespace: string, podLabels: Record<string, string>, mode: ClusterMode): KubeObject {
  return allowEgressTo(namespace, 'allow-to-kubernetes-api', podLabels, kubernetesApiPeers(mode), [{ port: 443 }, { port: 6443 }]);
}

/**
 * The CloudNativePG operator's pods: its chart's selector labels (cloudnative-pg/charts
 * cloudnative-pg-v0.26.0 templates/_helpers.tpl `cloudnative-pg.selectorLabels`, release
 * `cloudnative-pg` in operators.ts). The Barman Cloud plugin shares the namespace.
 */
export const CNPG_OPERATOR_POD_LABELS = { 'app.kubernetes.io/name': 'cloudnative-pg', 'app.kubernetes.io/instance': 'cloudnative-pg' } as const;

/** Any address: for listeners the API server or the ingress load balancer reach from outside the pod network. */
const anyAddress: Peer = { ipBlock: { cidr: '0.0.0.0/0' } };
const appNamespaces: Peer = { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: Object.values(NAMESPACES) }] } };

/** Default deny, DNS and the API server for every pod of an operator's namespace (they all watch the API). */
function operatorBaseline(namespace: string, mode: ClusterMode): KubeObject[] {
  const [deny, dns] = baselinePolicies(namespace);
  return [deny!, dns!, allowToKubernetesApi(namespace, {}, mode)];
}

/**
 * The operators' namespaces (operators.ts) deny everything but what their pods need:
 * - traefik: the entry points (8000, 8443: chart 37.1.1 values.yaml L676, L717) from the load
 *   balancer or the NodePorts, from any address; out to the apps' pods (their own policies choose
 *   the ports) and to TURN on the TURN nodes (coturn runs on the host network: a node address,
 *   port 3478, behind the TURN over TLS route).
 * - cert-manager: the controller out to the ACME server and, for its HTTP-01 self-check, to the
 *   public address of every challenged domain on port 80; the webhook in from the API server on
 *   its secure port (10250: cert-manager 1.18.2 values.yaml L926), from any address as the chart's
 *   own webhook policy does (values.yaml L954-965: the API server's source address is the node's
 *   or the tunnel's, which differs by CNI).
 * - cnpg-system: the operator out to the instance managers' status port (8000: CloudNativePG
 *   1.27.0 pkg/management/url/url.go L77); its webhook in on 9443 (chart 0.26.0 values.yaml L51);
 *   the Barman Cloud plugin beside it, reached by the operator only (barman-cloud-plugin.ts).
 * kube-system stays as the distribution sets it up: RKE2, Magnum or the operator's cluster own it.
 */
export function platformPolicies(acmeServer: string, mode: ClusterMode): KubeObject[] {
  const { traefik, certManager, cnpg } = OPERATOR_NAMESPACES;
  const certManagerComponent = (component: string) => ({ 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': component });
  return [
    ...operatorBaseline(traefik, mode),
    allowIngressFrom(traefik, 'allow-entry-points', {}, [anyAddress], [{ port: 8000 }, { port: 8443 }]),
    policy(traefik, 'allow-to-app-backends', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [appNamespaces] }] }),
    allowEgressTo(traefik, 'allow-to-turn-nodes', {}, PRIVATE_RANGES.map((cidr) => ({ ipBlock: { cidr } })), [{ port: 3478 }]),
    ...operatorBaseline(certManager, mode),
    allowEgressTo(certManager, 'allow-to-acme-server', certManagerComponent('controller'), [publicInternet], [{ port: urlPort(acmeServer) }, { port: 80 }]),
    allowIngressFrom(certManager, 'allow-webhook-from-api-server', certManagerComponent('webhook'), [anyAddress], [{ port: 10250 }]),
    ...operatorBaseline(cnpg, mode),
    allowEgressTo(cnpg, 'allow-to-instance-managers', CNPG_OPERATOR_POD_LABELS, [{ ...appNamespaces, podSelector: { matchLabels: { 'cnpg.io/podRole': 'instance' } } }], [{ port: 8000 }]),
    // The operator serves the webhook: the other pods of the namespace (the Barman Cloud plugin) stay shut on 9443.
    allowIngressFrom(cnpg, 'allow-webhook-from-api-server', CNPG_OPERATOR_POD_LABELS, [anyAddress], [{ port: 9443 }]),
  ];
}
