/** The flow check on a small cluster of its own: Service resolution, named ports, the internet probe, the K2 shape. */
import { describe, expect, it } from 'vitest';
import { barmanCloudPluginPolicies } from '../../../charts/platform/barman-cloud-plugin.js';
import { evaluateFlows, readClusterState } from './cluster-flows.js';
import type { KubeClient } from '../kubernetes/kube-client.js';
import { loadExample } from '../../charts/examples.js';
import { size } from '../../../sizing/size.js';

type Json = Record<string, any>;
const env = loadExample('pilot');
const plan = size(env);
const NS = 'wekan';
const deny = { metadata: { name: 'default-deny', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
const sameNamespace = { metadata: { name: 'allow-same-namespace', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] } };
const dns = { metadata: { name: 'allow-dns', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] } };
const pod = (name: string, component: string, ports: Json[] = []) => ({ metadata: { namespace: NS, name, labels: { 'app.kubernetes.io/name': 'wekan', 'app.kubernetes.io/component': component } }, spec: { containers: [{ name: 'c', ports }] } });
const mongoService = { metadata: { namespace: NS, name: 'wekan-mongodb-headless' }, spec: { selector: { 'app.kubernetes.io/component': 'wekan-mongodb' }, ports: [{ name: 'mongodb', port: 27017, targetPort: 'mongodb' }] } };

function client(objects: Record<string, Json[]>): KubeClient {
  return { list: async (_v: string, kind: string, ns?: string) => (objects[kind] ?? []).filter((o) => ns === undefined || kind === 'Namespace' || o.metadata.namespace === ns) } as unknown as KubeClient;
}

const namespaces = [NS, 'kube-system'].map((n) => ({ metadata: { name: n, labels: { 'kubernetes.io/metadata.name': n } } }));

async function report(policies: Json[], pods = [pod('wekan-0', 'wekan'), pod('wekan-mongodb-0', 'wekan-mongodb', [{ name: 'mongodb', containerPort: 27017 }])]) {
  const state = await readClusterState(client({ Pod: pods, Service: [mongoService], NetworkPolicy: policies, Namespace: namespaces }), [NS]);
  return evaluateFlows(state, env, plan);
}

describe('the NetworkPolicy flow check', () => {
  it('resolves a Service to its Pods on the named target port, and lets the flow through when the policies do', async () => {
    const r = await report([deny, sameNamespace, dns]);
    expect(r.blocked).toEqual([]);
    expect(r.undeclared).toEqual([]);
    expect(r.openToInternet).toEqual([]);
    expect(r.evaluated).toBeGreaterThan(0);
  });

  it('names the blocked flow when only default-deny is left', async () => {
    const r = await report([deny, dns]);
    expect(r.blocked).toContain('wekan/wekan-0 → MongoDB wekan-mongodb-N.wekan-mongodb-headless:27017 (MONGO_URL) (port 27017/TCP to wekan "wekan-mongodb")');
  });

  it('reports a Service that selects no Pod, and a Pod no row describes', async () => {
    const r = await report([deny, sameNamespace, dns], [pod('wekan-0', 'wekan'), pod('stray-0', 'stray')]);
    expect(r.blocked.some((b) => b.endsWith('Service wekan/wekan-mongodb-headless selects no Pod'))).toBe(true);
    expect(r.undeclared.map((u) => u.split(' ')[0])).toEqual(['wekan/stray-0']);
  });

  it('finds the whole internet open on a port no Pod of the row needs', async () => {
    const open = { metadata: { name: 'allow-to-object-storage', namespace: NS }, spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'wekan' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }] } };
    const r = await report([deny, sameNamespace, dns, open]);
    expect(r.openToInternet).toEqual(['wekan/wekan-0: a public address on 443 (needs none)', 'wekan/wekan-mongodb-0: a public address on 443 (needs none)']);
  });

  it('catches K2: a Cluster whose API egress selects only instances blocks its initdb Job (cloudnative-pg v1.27.0 pkg/specs/jobs.go labels)', async () => {
    const ns = 'nextcloud';
    const cluster = { metadata: { namespace: ns, name: 'nextcloud-postgresql' }, spec: {} };
    const policies = [
      { metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
      { metadata: { name: 'allow-to-kubernetes-api', namespace: ns }, spec: { podSelector: { matchLabels: { 'cnpg.io/podRole': 'instance' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 6443 }] }] } },
    ];
    const state = await readClusterState(client({ Cluster: [cluster], NetworkPolicy: policies, Namespace: [...namespaces, { metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } } }] }), [ns]);
    const r = evaluateFlows(state, env, plan);
    expect(r.blocked).toContain('nextcloud/nextcloud-postgresql-1-initdb (modelled: the operator did not run to make it) → instance manager → Kubernetes API (port 6443/TCP)');
    expect(r.blocked.some((b) => b.startsWith('nextcloud/nextcloud-postgresql-1 (modelled') && b.includes('Kubernetes API'))).toBe(false);
  });

  it('asks that the operator reach the Barman Cloud plugin of a Cluster that names it: blocked by default-deny, let through by the plugin’s policies', async () => {
    const ns = 'nextcloud';
    const cluster = { metadata: { namespace: ns, name: 'nextcloud-postgresql' }, spec: { plugins: [{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'nextcloud-postgresql-backup-store' } }] } };
    const cnpgDeny = { metadata: { name: 'default-deny', namespace: 'cnpg-system' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const all = [...namespaces, ...[ns, 'cnpg-system'].map((n) => ({ metadata: { name: n, labels: { 'kubernetes.io/metadata.name': n } } }))];
    const grpc = async (policies: Json[]) => evaluateFlows(await readClusterState(client({ Cluster: [cluster], NetworkPolicy: policies, Namespace: all }), [ns, 'cnpg-system']), env, plan).blocked.filter((b) => b.includes('gRPC'));
    expect(await grpc([cnpgDeny])).toEqual(['cnpg operator → cnpg-system/plugin-barman-cloud (modelled: Helm release, not installed here) gRPC (port 9090/TCP to cnpg-system "")']);
    expect(await grpc([cnpgDeny, ...barmanCloudPluginPolicies()])).toEqual([]);
  });
});
