/**
 * The operators' namespaces deny by default and let through exactly what their pods need
 * (network-policies.ts platformPolicies), evaluated with network-policy-evaluator.ts together with
 * the apps' own policies: Traefik must reach every backend the rendered Ingresses and TCP routes
 * name, cert-manager its ACME server, CloudNativePG its instances and its Barman Cloud plugin, the
 * API server the webhooks.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../charts/kube-object.js';
import { OPERATOR_NAMESPACES } from '../../../charts/platform/namespaces.js';
import { urlPort } from '../../../charts/platform/network-policies.js';
import { EXAMPLE_NAMES, loadExample, podSpec, render } from '../examples.js';
import { API_SERVER, API_SERVER_PORT, KUBE_DNS } from '../cluster-endpoints.js';
import { allows, namespacesOf, selectorMatches, type Cluster, type Connection, type Endpoint } from '../network-policy-evaluator.js';

type Json = Record<string, any>;

const TRAEFIK: Endpoint = { pod: { namespace: OPERATOR_NAMESPACES.traefik, labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' } } };
const certManager = (component: string): Endpoint => ({
  pod: { namespace: OPERATOR_NAMESPACES.certManager, labels: { 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': component, 'app.kubernetes.io/name': component === 'controller' ? 'cert-manager' : component } },
});
const CNPG_OPERATOR: Endpoint = { pod: { namespace: OPERATOR_NAMESPACES.cnpg, labels: { 'app.kubernetes.io/name': 'cloudnative-pg', 'app.kubernetes.io/instance': 'cloudnative-pg' } } };
/** The Barman Cloud plugin's pods (chart 0.7.0 selector labels, release plugin-barman-cloud). */
const BARMAN_CLOUD_PLUGIN_POD: Endpoint = { pod: { namespace: OPERATOR_NAMESPACES.cnpg, labels: { 'app.kubernetes.io/name': 'plugin-barman-cloud', 'app.kubernetes.io/instance': 'plugin-barman-cloud' } } };
/** An Octavia amphora in the node subnet (PROXY protocol, NodePorts with externalTrafficPolicy Local) and a client on the internet. */
const LOAD_BALANCER: Endpoint = { ip: '10.20.0.200' };
const CLIENT: Endpoint = { ip: '203.0.113.7' };
const ACME_SERVER: Endpoint = { ip: '23.178.112.10' };
const PUBLIC_INGRESS_ADDRESS: Endpoint = { ip: '51.68.10.20' };
const TURN_NODE: Endpoint = { ip: '10.20.0.31' };

interface Backend { what: string; to: Endpoint; port: number }

/** The pods behind a Service: the workload whose pod template carries its selector (node address when on the host network). */
function serviceBackend(objects: KubeObject[], namespace: string, name: string, port: number | string): Backend {
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata.namespace === namespace && o.metadata.name === name);
  if (!svc) throw new Error(`no Service ${namespace}/${name}`);
  const spec = svc.spec as Json;
  const servicePort = spec.ports.find((p: Json) => p.port === port || p.name === port);
  const workload = objects.find(
    (o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) && o.metadata.namespace === namespace && selectorMatches({ matchLabels: spec.selector }, (o.spec as Json).template.metadata.labels),
  );
  if (!workload) throw new Error(`no pods behind Service ${namespace}/${name}`);
  const pod = podSpec(workload);
  const namedPorts = Object.fromEntries(pod.containers.flatMap((c: Json) => (c.ports ?? []).filter((p: Json) => p.name).map((p: Json) => [p.name, p.containerPort])));
  const target = servicePort.targetPort ?? servicePort.port;
  const targetPort = typeof target === 'string' ? namedPorts[target] : target;
  const to: Endpoint = pod.hostNetwork ? TURN_NODE : { pod: { namespace, labels: (workload.spec as Json).template.metadata.labels, namedPorts } };
  return { what: `${namespace}/${name}:${targetPort}`, to, port: targetPort };
}

/** Every backend Traefik routes to: Ingress paths and IngressRouteTCP services. */
function edgeBackends(objects: KubeObject[]): Backend[] {
  return objects.flatMap((o) => {
    const spec = o.spec as Json;
    if (o.kind === 'Ingress') {
      return spec.rules.flatMap((r: Json) => r.http.paths.map((p: Json) => serviceBackend(objects, o.metadata.namespace!, p.backend.service.name, p.backend.service.port.number ?? p.backend.service.port.name)));
    }
    if (o.kind === 'IngressRouteTCP') return spec.routes.flatMap((r: Json) => r.services.map((s: Json) => serviceBackend(objects, o.metadata.namespace!, s.name, s.port)));
    return [];
  });
}

function needed(objects: KubeObject[], acmeServer: string): { what: string; c: Connection }[] {
  const api = (from: Endpoint, what: string) => ({ what: `${what} → API server`, c: { from, to: API_SERVER, port: API_SERVER_PORT } });
  const dns = (from: Endpoint, what: string) => [{ what: `${what} → DNS/UDP`, c: { from, to: KUBE_DNS, port: 53, protocol: 'UDP' as const } }, { what: `${what} → DNS/TCP`, c: { from, to: KUBE_DNS, port: 53 } }];
  const solverNamespaces = [...new Set(objects.filter((o) => o.kind === 'Ingress' || o.kind === 'Certificate').map((o) => o.metadata.namespace!))];
  const instances = objects.filter((o) => o.kind === 'Cluster').map((c) => ({ pod: { namespace: c.metadata.namespace!, labels: { 'cnpg.io/cluster': c.metadata.name, 'cnpg.io/podRole': 'instance' } } }));
  return [
    ...[8000, 8443].flatMap((port) => [LOAD_BALANCER, CLIENT].map((from) => ({ what: `load balancer ${'ip' in from ? from.ip : ''} → traefik:${port}`, c: { from, to: TRAEFIK, port } }))),
    api(TRAEFIK, 'traefik'),
    ...dns(TRAEFIK, 'traefik'),
    ...edgeBackends(objects).map((b) => ({ what: `traefik → ${b.what}`, c: { from: TRAEFIK, to: b.to, port: b.port } })),
    ...solverNamespaces.map((ns) => ({ what: `traefik → HTTP-01 solver in ${ns}`, c: { from: TRAEFIK, to: { pod: { namespace: ns, labels: { 'acme.cert-manager.io/http01-solver': 'true' } } }, port: 8089 } })),
    ...['controller', 'webhook', 'cainjector', 'startupapicheck'].flatMap((c) => [api(certManager(c), `cert-manager ${c}`), ...dns(certManager(c), `cert-manager ${c}`)]),
    { what: 'cert-manager controller → ACME server', c: { from: certManager('controller'), to: ACME_SERVER, port: urlPort(acmeServer) } },
    { what: 'cert-manager controller → HTTP-01 self-check on the public ingress', c: { from: certManager('controller'), to: PUBLIC_INGRESS_ADDRESS, port: 80 } },
    { what: 'API server → cert-manager webhook', c: { from: API_SERVER, to: certManager('webhook'), port: 10250 } },
    api(CNPG_OPERATOR, 'cnpg operator'),
    ...dns(CNPG_OPERATOR, 'cnpg operator'),
    ...instances.map((to) => ({ what: `cnpg operator → ${to.pod.namespace} instance status`, c: { from: CNPG_OPERATOR, to, port: 8000 } })),
    { what: 'API server → cnpg webhook', c: { from: API_SERVER, to: CNPG_OPERATOR, port: 9443 } },
    // The operator calls the plugin at `<service>:<cnpg.io/pluginPort>` (cloudnative-pg v1.27.0
    // internal/controller/plugin_controller.go L183); the plugin watches ObjectStores, Backups and
    // Clusters and writes Roles through the API (its chart's ClusterRole).
    { what: 'cnpg operator → Barman Cloud plugin gRPC', c: { from: CNPG_OPERATOR, to: BARMAN_CLOUD_PLUGIN_POD, port: 9090 } },
    api(BARMAN_CLOUD_PLUGIN_POD, 'Barman Cloud plugin'),
    ...dns(BARMAN_CLOUD_PLUGIN_POD, 'Barman Cloud plugin'),
  ];
}

/** What stays closed: default deny holds in each operator namespace. */
function refused(): { what: string; c: Connection }[] {
  const app: Endpoint = { pod: { namespace: 'nextcloud', labels: { 'app.kubernetes.io/name': 'nextcloud', 'app.kubernetes.io/component': 'nextcloud-app' } } };
  return [
    // 443 and 6443 stay open to any address for the API server (allowToKubernetesApi: an existing
    // cluster's API may have a public address), so the checks below use other ports.
    { what: 'traefik → internet', c: { from: TRAEFIK, to: CLIENT, port: 80 } },
    { what: 'traefik → cnpg webhook', c: { from: TRAEFIK, to: CNPG_OPERATOR, port: 9443 } },
    { what: 'cert-manager cainjector → internet', c: { from: certManager('cainjector'), to: PUBLIC_INGRESS_ADDRESS, port: 80 } },
    { what: 'cert-manager webhook → internet', c: { from: certManager('webhook'), to: PUBLIC_INGRESS_ADDRESS, port: 80 } },
    { what: 'cert-manager controller → an app pod', c: { from: certManager('controller'), to: app, port: 8080 } },
    { what: 'an app pod → cert-manager webhook metrics', c: { from: app, to: certManager('webhook'), port: 9402 } },
    { what: 'cnpg operator → internet', c: { from: CNPG_OPERATOR, to: CLIENT, port: 80 } },
    { what: 'cnpg operator → an instance’s PostgreSQL', c: { from: CNPG_OPERATOR, to: { pod: { namespace: 'nextcloud', labels: { 'cnpg.io/podRole': 'instance' } } }, port: 5432 } },
    { what: 'client → traefik dashboard port', c: { from: CLIENT, to: TRAEFIK, port: 8080 } },
    // Only the operator calls the plugin: not the API server, not an app pod, not the PostgreSQL
    // instances (their sidecar talks to the instance manager over a socket in the pod).
    { what: 'API server → Barman Cloud plugin gRPC', c: { from: API_SERVER, to: BARMAN_CLOUD_PLUGIN_POD, port: 9090 } },
    // The webhook port is the operator's alone, not every pod's of cnpg-system.
    { what: 'API server → Barman Cloud plugin on the webhook port', c: { from: API_SERVER, to: BARMAN_CLOUD_PLUGIN_POD, port: 9443 } },
    { what: 'an app pod → Barman Cloud plugin gRPC', c: { from: app, to: BARMAN_CLOUD_PLUGIN_POD, port: 9090 } },
    { what: 'a PostgreSQL instance → Barman Cloud plugin gRPC', c: { from: { pod: { namespace: 'nextcloud', labels: { 'cnpg.io/cluster': 'nextcloud-postgresql', 'cnpg.io/podRole': 'instance' } } }, to: BARMAN_CLOUD_PLUGIN_POD, port: 9090 } },
    { what: 'Barman Cloud plugin → internet', c: { from: BARMAN_CLOUD_PLUGIN_POD, to: CLIENT, port: 80 } },
    { what: 'Barman Cloud plugin → object storage', c: { from: BARMAN_CLOUD_PLUGIN_POD, to: PUBLIC_INGRESS_ADDRESS, port: 8080 } },
    { what: 'Barman Cloud plugin → an instance’s status port', c: { from: BARMAN_CLOUD_PLUGIN_POD, to: { pod: { namespace: 'nextcloud', labels: { 'cnpg.io/podRole': 'instance' } } }, port: 8000 } },
  ];
}

describe.each(EXAMPLE_NAMES)('the operators’ namespaces on %s', (name) => {
  const env = loadExample(name);
  const { objects } = render(env);
  const cluster: Cluster = { policies: objects.filter((o) => o.kind === 'NetworkPolicy'), namespaces: namespacesOf(objects) };

  it('each have a default-deny policy', () => {
    for (const ns of Object.values(OPERATOR_NAMESPACES)) {
      expect(cluster.policies.some((p) => p.metadata.namespace === ns && JSON.stringify((p.spec as Json).podSelector) === '{}' && !(p.spec as Json).ingress && !(p.spec as Json).egress)).toBe(true);
    }
  });

  it('let through every connection their pods need', () => {
    const list = needed(objects, env.tls.acmeServer);
    expect(list.filter((n) => n.what.startsWith('traefik → ') && n.what.includes('/')).length).toBeGreaterThan(3);
    expect(list.filter((n) => !allows(cluster, n.c)).map((n) => n.what)).toEqual([]);
  });

  it('and nothing else', () => {
    expect(refused().filter((n) => allows(cluster, n.c)).map((n) => n.what)).toEqual([]);
  });
});
