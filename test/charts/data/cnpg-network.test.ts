/**
 * K2: the connections CloudNativePG's pods make while a Cluster bootstraps and runs, through the
 * NetworkPolicies socle renders (network-policy-evaluator.ts). The pods carry the labels
 * CloudNativePG 1.27.0 gives them, not the ones socle would like them to have.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../charts/kube-object.js';
import { urlPort } from '../../../charts/platform/network-policies.js';
import { API_SERVER, API_SERVER_PORT, KUBE_DNS } from '../cluster-endpoints.js';
import { EXAMPLE_NAMES, loadExample, render } from '../examples.js';
import { allows, namespacesOf, type Cluster, type Connection, type Endpoint } from '../network-policy-evaluator.js';

type Json = Record<string, any>;

/** A public address of the S3 endpoint (NetworkPolicy sees the resolved address, never the name). */
const S3_ADDRESS = '51.68.0.20';

/** The labels Cluster `spec.inheritedMetadata` gives every pod and Job pod (internal/controller/cluster_create.go L1186-1187, L1282-1283). */
const inherited = (cluster: KubeObject) => ((cluster.spec as Json).inheritedMetadata?.labels ?? {}) as Record<string, string>;

/** pkg/specs/jobs.go L326-341 (CreatePrimaryJob): a Job pod's own labels; jobRole is `initdb`, `join`, `full-recovery`… (L301-308). */
function jobPod(cluster: KubeObject, serial: number, role: string): Endpoint {
  const name = cluster.metadata.name;
  return { pod: { namespace: cluster.metadata.namespace!, labels: { ...inherited(cluster), 'cnpg.io/instanceName': `${name}-${serial}`, 'cnpg.io/cluster': name, 'cnpg.io/jobRole': role } } };
}

/** pkg/specs/pods.go L512-517 (buildInstance), plus the role labels the instance manager sets (pkg/utils/labels_annotations.go L68-73). */
function instancePod(cluster: KubeObject, serial: number, role: 'primary' | 'replica'): Endpoint {
  const name = cluster.metadata.name;
  return {
    pod: {
      namespace: cluster.metadata.namespace!,
      labels: { ...inherited(cluster), 'cnpg.io/cluster': name, 'cnpg.io/instanceName': `${name}-${serial}`, 'cnpg.io/podRole': 'instance', role, 'cnpg.io/instanceRole': role },
    },
  };
}

/** The operator's pod (cloudnative-pg chart: `app.kubernetes.io/name: cloudnative-pg`). */
const OPERATOR: Endpoint = { pod: { namespace: 'cnpg-system', labels: { 'app.kubernetes.io/name': 'cloudnative-pg', 'app.kubernetes.io/instance': 'cloudnative-pg' } } };

const dns = (from: Endpoint): Connection[] => [{ from, to: KUBE_DNS, port: 53, protocol: 'UDP' }, { from, to: KUBE_DNS, port: 53 }];
const api = (from: Endpoint): Connection => ({ from, to: API_SERVER, port: API_SERVER_PORT });

/**
 * What each pod reaches: the initdb Job reads its Cluster and Secrets from the API server
 * (pkg/management/postgres/initdb.go L451-457, Bootstrap → loadCluster); the join Job gets the
 * Cluster, refreshes its certificates (internal/cmd/manager/instance/join/cmd.go L104-115) and runs
 * pg_basebackup against `<cluster>-rw` (jobs.go L261-271: `--parent-node`), i.e. the primary on
 * 5432; a full-recovery Job reads the base backup and WALs from the object store; instances watch
 * their Cluster, stream from the primary and archive WALs; the operator polls each instance's
 * status port (8000).
 */
function neededConnections(cluster: KubeObject, s3Port: number | undefined): { what: string; c: Connection }[] {
  const primary = instancePod(cluster, 1, 'primary');
  const replica = instancePod(cluster, 2, 'replica');
  const initdb = jobPod(cluster, 1, 'initdb');
  const join = jobPod(cluster, 2, 'join');
  const recovery = jobPod(cluster, 1, 'full-recovery');
  const list: { what: string; c: Connection }[] = [
    ...[initdb, join, primary, replica].flatMap((p) => [
      { what: `${(p as any).pod.labels['cnpg.io/jobRole'] ?? 'instance'} → API server`, c: api(p) },
      ...dns(p).map((c) => ({ what: `${(p as any).pod.labels['cnpg.io/jobRole'] ?? 'instance'} → DNS/${c.protocol ?? 'TCP'}`, c })),
    ]),
    { what: 'join → primary (pg_basebackup)', c: { from: join, to: primary, port: 5432 } },
    { what: 'replica → primary (streaming)', c: { from: replica, to: primary, port: 5432 } },
    { what: 'operator → instance status', c: { from: OPERATOR, to: primary, port: 8000 } },
  ];
  if (s3Port !== undefined) {
    list.push(
      { what: 'primary → object storage (WAL archive)', c: { from: primary, to: { ip: S3_ADDRESS }, port: s3Port } },
      { what: 'full-recovery → object storage', c: { from: recovery, to: { ip: S3_ADDRESS }, port: s3Port } },
      { what: 'full-recovery → API server', c: api(recovery) },
    );
  }
  return list;
}

/** The S3 endpoint of the ObjectStore the Cluster's Barman Cloud plugin entry names (in its namespace). */
function backupEndpoint(objects: KubeObject[], cluster: KubeObject): string | undefined {
  const name = ((cluster.spec as Json).plugins ?? []).find((p: Json) => p.name === 'barman-cloud.cloudnative-pg.io')?.parameters?.barmanObjectName;
  const store = objects.find((o) => o.kind === 'ObjectStore' && o.metadata.namespace === cluster.metadata.namespace && o.metadata.name === name);
  return (store?.spec as Json | undefined)?.configuration.endpointURL;
}

function blocked(objects: KubeObject[]): string[] {
  const cluster: Cluster = { policies: objects.filter((o) => o.kind === 'NetworkPolicy'), namespaces: namespacesOf(objects) };
  return objects
    .filter((o) => o.kind === 'Cluster')
    .flatMap((c) => {
      const endpoint = backupEndpoint(objects, c);
      return neededConnections(c, endpoint ? urlPort(endpoint) : undefined)
        .filter((n) => !allows(cluster, n.c))
        .map((n) => `${c.metadata.namespace}/${c.metadata.name}: ${n.what}`);
    });
}

describe.each(EXAMPLE_NAMES)('CloudNativePG connections on %s', (name) => {
  const { objects } = render(loadExample(name));

  it('are all let through: Job pods bootstrap and join, instances run and archive (through the Barman Cloud sidecar, which shares their network)', () => {
    expect(objects.some((o) => o.kind === 'Cluster')).toBe(true);
    expect(objects.filter((o) => o.kind === 'Cluster').every((c) => backupEndpoint(objects, c) !== undefined)).toBe(true);
    expect(blocked(objects)).toEqual([]);
  });

  it('keep the object storage closed to the initdb and join Jobs, which the plugin leaves without its sidecar', () => {
    const cluster: Cluster = { policies: objects.filter((o) => o.kind === 'NetworkPolicy'), namespaces: namespacesOf(objects) };
    const open = objects.filter((o) => o.kind === 'Cluster').flatMap((c) =>
      [jobPod(c, 1, 'initdb'), jobPod(c, 2, 'join')].filter((from) => allows(cluster, { from, to: { ip: S3_ADDRESS }, port: urlPort(backupEndpoint(objects, c)!) })).map((p) => `${c.metadata.name} ${(p as any).pod.labels['cnpg.io/jobRole']}`),
    );
    expect(open).toEqual([]);
  });
});

describe('the API egress policy socle rendered before K2', () => {
  it('blocked the initdb and join Jobs, whose pods have no cnpg.io/podRole label', () => {
    const { objects } = render(loadExample('pilot'));
    const before = objects.map((o) =>
      o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-to-kubernetes-api'
        ? { ...o, spec: { ...(o.spec as Json), podSelector: { matchLabels: { 'cnpg.io/podRole': 'instance' } } } }
        : o,
    );
    const failures = blocked(before);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => /(initdb|join|full-recovery) → API server$/.test(f))).toBe(true);
  });
});
