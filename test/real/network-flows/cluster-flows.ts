/**
 * The NetworkPolicy check on a live test cluster: the Pods, Services, Ingresses and NetworkPolicies
 * as the API server holds them (defaults filled in), plus the Pods that cannot exist there — no
 * kubelet runs, and the operators' charts are not installed — modelled with the labels their
 * upstream gives them. Every needed flow (needed-flows.ts) must go through, and no Pod may reach a
 * public address on a port it does not need.
 */
import type { KubeObject } from '../../../charts/kube-object.js';
import type { Environment } from '../../../environments/environment.js';
import { NODE_SUBNET_CIDR } from '../../../stacks/networking/address-plan.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';
import { allows, type Cluster, type Connection, type Endpoint } from '../../charts/network-policy-evaluator.js';
import type { KubeClient } from '../kubernetes/kube-client.js';
import { labelsMatch, NODE_SOURCED_FLOWS, neededFlows, type Destination } from './needed-flows.js';

type Json = Record<string, any>;
interface PodModel { namespace: string; name: string; labels: Record<string, string>; namedPorts: Record<string, number>; hostNetwork: boolean; modelled?: string }

export interface ClusterState {
  pods: PodModel[];
  services: Json[];
  ingresses: Json[];
  ingressRoutesTcp: Json[];
  clusters: Json[];
  cluster: Cluster;
}

/** The `kubernetes` Service's endpoint: a control-plane node of the node subnet on 6443 (RKE2 and Magnum both serve the API there). */
const API_SERVER: Endpoint = { ip: NODE_SUBNET_CIDR.replace(/0\/\d+$/, '10') };
const API_SERVER_PORT = 6443;
const A_NODE: Endpoint = { ip: NODE_SUBNET_CIDR.replace(/0\/\d+$/, '21') };
/** Any public address: NetworkPolicy cannot tell S3 from the rest of the internet. */
const INTERNET: Endpoint = { ip: '198.51.100.20' };
/** Ports probed for "nothing else to the internet", besides every port some Pod needs. */
const PROBE_PORTS = [22, 25, 53, 80, 443, 465, 587, 993, 3478, 5432, 6379, 6443, 8080, 8443, 9000, 27017];

function podModel(item: Json, modelled?: string): PodModel {
  const containers: Json[] = [...(item.spec?.initContainers ?? []), ...(item.spec?.containers ?? [])];
  const namedPorts = Object.fromEntries(containers.flatMap((c) => (c.ports ?? []).filter((p: Json) => p.name).map((p: Json) => [p.name, p.containerPort])));
  return { namespace: item.metadata.namespace, name: item.metadata.name, labels: item.metadata.labels ?? {}, namedPorts, hostNetwork: item.spec?.hostNetwork === true, ...(modelled ? { modelled } : {}) };
}

/** A Cluster whose WAL archiver is the Barman Cloud plugin. */
const namesBarmanCloud = (c: Json) => (c.spec?.plugins ?? []).some((p: Json) => p.name === 'barman-cloud.cloudnative-pg.io' && p.enabled !== false);

/**
 * Pods the test cluster cannot have: CoreDNS (RKE2's rke2-coredns chart: `k8s-app: kube-dns` in
 * kube-system), Traefik (traefik-helm-chart v37.1.1 _helpers.tpl: `app.kubernetes.io/name: traefik`,
 * `app.kubernetes.io/instance: <release>-<namespace>`), the CloudNativePG operator (its chart:
 * `app.kubernetes.io/name: cloudnative-pg`) and its Barman Cloud plugin, the initdb Job's Pod when the operator did not run,
 * and each Cluster's instances, which the operator makes
 * only once the initdb Job has run (cloudnative-pg v1.27.0 pkg/specs/pods.go: `cnpg.io/cluster`,
 * `cnpg.io/instanceName`, `cnpg.io/podRole: instance`, role labels; ports postgresql 5432, status 8000).
 */
function modelledPods(clusters: Json[], pods: PodModel[]): PodModel[] {
  const model = (namespace: string, name: string, labels: Record<string, string>, namedPorts: Record<string, number>, why: string): PodModel => ({ namespace, name, labels, namedPorts, hostNetwork: false, modelled: why });
  return [
    model('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, { dns: 53, 'dns-tcp': 53 }, 'CoreDNS of the distribution'),
    model('traefik', 'traefik', { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' }, { web: 8000, websecure: 8443 }, 'Helm release, not installed here'),
    model('cnpg-system', 'cloudnative-pg', { 'app.kubernetes.io/name': 'cloudnative-pg', 'app.kubernetes.io/instance': 'cloudnative-pg' }, {}, 'Helm release, not installed here'),
    // The Barman Cloud plugin (chart plugin-barman-cloud-v0.7.0 templates/_helpers.tpl selector labels, release plugin-barman-cloud).
    ...(clusters.some(namesBarmanCloud) ? [model('cnpg-system', 'plugin-barman-cloud', { 'app.kubernetes.io/name': 'plugin-barman-cloud', 'app.kubernetes.io/instance': 'plugin-barman-cloud' }, {}, 'Helm release, not installed here')] : []),
    // The initdb Job's Pod, when the operator did not run to make it (pkg/specs/jobs.go CreatePrimaryJob).
    ...clusters
      .filter((c) => !pods.some((p) => p.namespace === c.metadata.namespace && p.labels['cnpg.io/cluster'] === c.metadata.name && p.labels['cnpg.io/jobRole']))
      .map((c) => model(c.metadata.namespace, `${c.metadata.name}-1-initdb`, { ...(c.spec?.inheritedMetadata?.labels ?? {}), 'cnpg.io/cluster': c.metadata.name, 'cnpg.io/instanceName': `${c.metadata.name}-1`, 'cnpg.io/jobRole': 'initdb' }, {}, 'the operator did not run to make it')),
    ...clusters.flatMap((c) =>
      (['primary', 'replica'] as const).map((role, i) =>
        model(c.metadata.namespace, `${c.metadata.name}-${i + 1}`, { ...(c.spec?.inheritedMetadata?.labels ?? {}), 'cnpg.io/cluster': c.metadata.name, 'cnpg.io/instanceName': `${c.metadata.name}-${i + 1}`, 'cnpg.io/podRole': 'instance', role, 'cnpg.io/instanceRole': role }, { postgresql: 5432, metrics: 9187, status: 8000 }, 'made by the operator after initdb, which needs a kubelet'),
      ),
    ),
  ];
}

/**
 * The read-write Service of each Cluster, when the operator did not run to make it
 * (cloudnative-pg v1.27.0 pkg/specs/services.go CreateClusterReadWriteService: `<cluster>-rw`,
 * selecting `cnpg.io/cluster` and `cnpg.io/instanceRole: primary`, port 5432 → postgresql).
 */
function modelledServices(clusters: Json[], services: Json[]): Json[] {
  return clusters
    .filter((c) => !services.some((s) => s.metadata.namespace === c.metadata.namespace && s.metadata.name === `${c.metadata.name}-rw`))
    .map((c) => ({ metadata: { namespace: c.metadata.namespace, name: `${c.metadata.name}-rw` }, spec: { selector: { 'cnpg.io/cluster': c.metadata.name, 'cnpg.io/instanceRole': 'primary' }, ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] } }));
}

export async function readClusterState(client: KubeClient, namespaces: string[]): Promise<ClusterState> {
  // A kind whose CRD is missing has no objects (the CRD check reports the missing CRD itself).
  const perNamespace = async (apiVersion: string, kind: string) => (await Promise.all(namespaces.map((ns) => client.list<Json>(apiVersion, kind, ns).catch(() => [] as Json[])))).flat();
  const [pods, services, ingresses, ingressRoutesTcp, clusters, policies, namespaceItems] = await Promise.all([
    perNamespace('v1', 'Pod'),
    perNamespace('v1', 'Service'),
    perNamespace('networking.k8s.io/v1', 'Ingress'),
    perNamespace('traefik.io/v1alpha1', 'IngressRouteTCP'),
    perNamespace('postgresql.cnpg.io/v1', 'Cluster'),
    perNamespace('networking.k8s.io/v1', 'NetworkPolicy'),
    client.list<Json>('v1', 'Namespace'),
  ]);
  const live = pods.map((p) => podModel(p));
  return {
    pods: [...live, ...modelledPods(clusters, live)],
    services: [...services, ...modelledServices(clusters, services)],
    ingresses,
    ingressRoutesTcp,
    clusters,
    cluster: { policies: policies.map((p) => ({ ...p, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }) as KubeObject), namespaces: Object.fromEntries(namespaceItems.map((n) => [n.metadata.name, n.metadata.labels ?? {}])) },
  };
}

/** A host-network Pod is its node's address. */
const asEndpoint = (p: PodModel): Endpoint => (p.hostNetwork ? A_NODE : { pod: { namespace: p.namespace, labels: p.labels, namedPorts: p.namedPorts } });
const podName = (p: PodModel) => `${p.namespace}/${p.name}${p.modelled ? ` (modelled: ${p.modelled})` : ''}`;

/** A Service port's destinations: the Pods its selector picks, each on its resolved target port. */
function serviceTargets(state: ClusterState, namespace: string, name: string, port: number | string): { pod: PodModel; port: number }[] | string {
  const service = state.services.find((s) => s.metadata.namespace === namespace && s.metadata.name === name);
  if (!service) return `no Service ${namespace}/${name}`;
  const entry = (service.spec.ports ?? []).find((p: Json) => p.port === port || p.name === port);
  if (!entry) return `Service ${namespace}/${name} has no port ${port}`;
  const selector = service.spec.selector as Record<string, string> | undefined;
  if (!selector) return `Service ${namespace}/${name} has no selector`;
  const pods = state.pods.filter((p) => p.namespace === namespace && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
  if (pods.length === 0) return `Service ${namespace}/${name} selects no Pod`;
  const target = entry.targetPort ?? entry.port;
  return pods.flatMap((pod) => {
    const resolved = typeof target === 'number' ? target : pod.namedPorts[target];
    return resolved === undefined ? [] : [{ pod, port: resolved }];
  });
}

function connectionsTo(state: ClusterState, from: Endpoint, to: Destination, protocol: 'TCP' | 'UDP' | undefined): Connection[] | string {
  if ('dns' in to) {
    const dns = state.pods.filter((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns').map(asEndpoint);
    return dns.flatMap((d) => [{ from, to: d, port: 53, protocol: 'UDP' as const }, { from, to: d, port: 53 }]);
  }
  if ('api' in to) return [{ from, to: API_SERVER, port: API_SERVER_PORT }];
  if ('node' in to) return [{ from, to: A_NODE, port: to.node }];
  if ('internet' in to) return [{ from, to: INTERNET, port: to.internet, ...(protocol ? { protocol } : {}) }];
  const targets = serviceTargets(state, to.namespace, to.service, to.port);
  if (typeof targets === 'string') return targets;
  return targets.map((t) => ({ from, to: asEndpoint(t.pod), port: t.port, ...(protocol ? { protocol } : {}) }));
}

export interface FlowReport {
  /** Needed connections the policies refuse (or whose destination does not exist). */
  blocked: string[];
  /** Pods that reach a public address on a port they don't need. */
  openToInternet: string[];
  /** Pods no row of the table describes. */
  undeclared: string[];
  /** How many connections were evaluated. */
  evaluated: number;
}

export function evaluateFlows(state: ClusterState, env: Environment, plan: SizingPlan): FlowReport {
  const table = neededFlows(env, plan);
  const report: FlowReport = { blocked: [], openToInternet: [], undeclared: [], evaluated: 0 };
  const declaredInternetPorts = new Set(table.flatMap((r) => r.flows.flatMap((f) => ('internet' in f.to ? [f.to.internet] : []))));
  const probePorts = [...new Set([...PROBE_PORTS, ...declaredInternetPorts])].sort((a, b) => a - b);
  const check = (what: string, connections: Connection[] | string) => {
    if (typeof connections === 'string') return report.blocked.push(`${what}: ${connections}`);
    if (connections.length === 0) return report.blocked.push(`${what}: no destination`);
    for (const c of connections) {
      report.evaluated += 1;
      if (!allows(state.cluster, c)) report.blocked.push(`${what} (port ${c.port}/${c.protocol ?? 'TCP'}${'pod' in c.to ? ` to ${c.to.pod.namespace} ${JSON.stringify(c.to.pod.labels['app.kubernetes.io/component'] ?? c.to.pod.labels['cnpg.io/instanceName'] ?? '')}` : ''})`);
    }
  };
  const socleNamespaces = new Set(Object.keys(state.cluster.namespaces).filter((n) => !['default', 'kube-system', 'kube-public', 'kube-node-lease', 'cnpg-system', 'cert-manager', 'traefik'].includes(n)));
  for (const pod of state.pods.filter((p) => socleNamespaces.has(p.namespace) && !p.hostNetwork)) {
    const rows = table.filter((r) => r.namespace === pod.namespace && labelsMatch(r.labels, pod.labels));
    if (rows.length === 0) {
      report.undeclared.push(`${podName(pod)} ${JSON.stringify(pod.labels)}`);
      continue;
    }
    const from = asEndpoint(pod);
    check(`${podName(pod)} → DNS`, connectionsTo(state, from, { dns: true }, undefined));
    for (const f of rows.flatMap((r) => r.flows)) check(`${podName(pod)} → ${f.what}`, connectionsTo(state, from, f.to, f.protocol));
    const needed = new Set(rows.flatMap((r) => r.flows.flatMap((f) => ('internet' in f.to ? [f.to.internet] : []))));
    const open = probePorts.filter((port) => !needed.has(port) && allows(state.cluster, { from, to: INTERNET, port }));
    if (open.length) report.openToInternet.push(`${podName(pod)}: a public address on ${open.join(', ')} (needs ${[...needed].join(', ') || 'none'})`);
  }
  // Traefik reaches every backend of socle's Ingresses and IngressRouteTCPs.
  const traefik = state.pods.find((p) => p.namespace === 'traefik' && p.labels['app.kubernetes.io/name'] === 'traefik');
  if (traefik) {
    for (const ing of state.ingresses) {
      for (const path of (ing.spec.rules ?? []).flatMap((r: Json) => r.http?.paths ?? [])) {
        const backend = path.backend.service;
        const port = backend.port.number ?? backend.port.name;
        check(`traefik → Ingress ${ing.metadata.namespace}/${ing.metadata.name} backend ${backend.name}:${port}`, serviceConnections(state, asEndpoint(traefik), ing.metadata.namespace, backend.name, port));
      }
    }
    for (const route of state.ingressRoutesTcp) {
      for (const s of (route.spec.routes ?? []).flatMap((r: Json) => r.services ?? [])) {
        const ns = s.namespace ?? route.metadata.namespace;
        check(`traefik → IngressRouteTCP ${route.metadata.namespace}/${route.metadata.name} service ${s.name}:${s.port}`, serviceConnections(state, asEndpoint(traefik), ns, s.name, s.port));
      }
    }
  }
  // The CloudNativePG operator polls each instance's status port (pkg/management/url: 8000) and
  // calls the Barman Cloud plugin on its gRPC port (internal/controller/plugin_controller.go L183;
  // chart plugin-barman-cloud-v0.7.0 values.yaml service.port 9090).
  const operator = state.pods.find((p) => p.namespace === 'cnpg-system' && p.labels['app.kubernetes.io/name'] === 'cloudnative-pg');
  for (const instance of state.pods.filter((p) => p.labels['cnpg.io/podRole'] === 'instance')) {
    if (operator) check(`cnpg operator → ${podName(instance)} status`, [{ from: asEndpoint(operator), to: asEndpoint(instance), port: 8000 }]);
  }
  const plugin = state.pods.find((p) => p.namespace === 'cnpg-system' && p.labels['app.kubernetes.io/name'] === 'plugin-barman-cloud');
  if (state.clusters.some(namesBarmanCloud)) {
    if (!operator || !plugin) report.blocked.push('cnpg operator → Barman Cloud plugin: no operator or plugin Pod');
    else check(`cnpg operator → ${podName(plugin)} gRPC`, [{ from: asEndpoint(operator), to: asEndpoint(plugin), port: 9090 }]);
  }
  // Host-network bridges connect from their node's address.
  for (const f of NODE_SOURCED_FLOWS) {
    for (const target of state.pods.filter((p) => p.namespace === f.toNamespace && f.toComponent.test(p.labels['app.kubernetes.io/component'] ?? ''))) check(`${f.what} ${podName(target)}`, [{ from: A_NODE, to: asEndpoint(target), port: f.port }]);
  }
  return report;
}

function serviceConnections(state: ClusterState, from: Endpoint, namespace: string, name: string, port: number | string): Connection[] | string {
  const targets = serviceTargets(state, namespace, name, port);
  return typeof targets === 'string' ? targets : targets.map((t) => ({ from, to: asEndpoint(t.pod), port: t.port }));
}
