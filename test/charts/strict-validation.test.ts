/** The strict validator: schema errors and unknown fields are both rejected, maps stay open. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../charts/kube-object.js';
import { validateObject, validateObjects } from '../../charts/strict-validation.js';

function deployment(container: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'demo', labels: { 'example.org/any-key': 'any-value' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1.0', ...container }] } },
      ...extra,
    },
  };
}

describe('strict validation', () => {
  it('accepts a valid Deployment with arbitrary label keys and resource maps', () => {
    const { problems } = validateObject(deployment({ resources: { limits: { cpu: '1', memory: '1Gi' } } }));
    expect(problems).toEqual([]);
  });

  it('rejects a misspelt container field that the vendor validator lets pass', () => {
    const { problems } = validateObject(deployment({ imagePullPolicyy: 'Always' }));
    expect(problems.map((p) => p.path)).toEqual(['/spec/template/spec/containers/0/imagePullPolicyy']);
  });

  it('rejects a field placed at the wrong level', () => {
    const { problems } = validateObject(deployment({}, { hostNetwork: true }));
    expect(problems.map((p) => p.path)).toEqual(['/spec/hostNetwork']);
  });

  it('rejects a wrong type', () => {
    const { problems } = validateObject(deployment({}, { replicas: 'three' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('/spec/replicas');
  });

  it('rejects a missing required field', () => {
    const o = deployment({});
    delete (o.spec as Record<string, unknown>).selector;
    expect(validateObject(o).problems.map((p) => p.message).join()).toMatch(/selector/);
  });

  it('rejects an invalid object name', () => {
    const o = deployment({});
    o.metadata.name = 'Web_Server';
    expect(validateObject(o).problems.map((p) => p.path)).toEqual(['/metadata']);
  });

  it('rejects unknown fields in custom resources with a published schema (cert-manager)', () => {
    const issuer: KubeObject = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'acme' },
      spec: { acme: { server: 'https://acme.example/directory', privateKeySecretRef: { name: 'k' }, solvers: [{ http01: { ingress: { clas: 'traefik' } } }] } },
    };
    expect(validateObject(issuer).problems.map((p) => p.path)).toEqual(['/spec/acme/solvers/0/http01/ingress/clas']);
  });

  it('refuses kinds it has no schema for', () => {
    const unknownKind: KubeObject = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } };
    const result = validateObjects([unknownKind]);
    expect(result.problems.map((p) => p.message)).toEqual(['no schema known for example.org/v1/Widget: add its model to strict-validation.ts']);
  });

  it('validates CloudNativePG clusters against the CRD schema: a misspelt field, a wrong type, a bad enum', () => {
    const cluster: KubeObject = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'db', namespace: 'demo' },
      spec: { instances: 'three', storage: { size: '10Gi', storageClas: 'ssd' }, primaryUpdateStrategy: 'whenever' },
    };
    expect(validateObject(cluster).problems.map((p) => p.path).sort()).toEqual(['/spec/instances', '/spec/primaryUpdateStrategy', '/spec/storage/storageClas']);
  });
});

describe('strict validation of the Barman Cloud plugin’s objects', () => {
  const store = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name: 'db-backup-store', namespace: 'demo', labels: { 'example.org/any-key': 'any-value' } },
    spec: { configuration: { destinationPath: 's3://bucket/db', s3Credentials: { accessKeyId: { name: 's', key: 'a' }, secretAccessKey: { name: 's', key: 'b' } } }, ...spec },
  });
  const cluster = (plugin: Record<string, unknown>): KubeObject => ({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'db', namespace: 'demo' },
    spec: { instances: 1, storage: { size: '1Gi' }, plugins: [{ name: 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: 'db-backup-store' }, ...plugin }] },
  });

  it('accepts an ObjectStore of the fields socle sets', () => {
    expect(validateObject(store({ retentionPolicy: '30d', instanceSidecarConfiguration: { env: [{ name: 'AWS_DEFAULT_REGION', value: 'sbg' }] } })).problems).toEqual([]);
  });

  it('rejects the ObjectStore’s misspelt, forbidden or malformed fields', () => {
    const paths = (spec: Record<string, unknown>) => validateObject(store(spec)).problems.map((p) => p.path);
    expect(paths({ retentionPolicy: '30 days' })).toEqual(['/spec/retentionPolicy']);
    expect(paths({ retentionPolicys: '30d' })).toEqual(['/spec']);
    // serverName belongs to the Cluster's plugin parameters (objectstore_types.go L62).
    expect(paths({ configuration: { destinationPath: 's3://b/db', serverName: 'db' } })).toEqual(['/spec/configuration']);
    expect(paths({ configuration: { destinationPath: 's3://b/db', wal: { compression: 'brotli' } } })).toEqual(['/spec/configuration/wal/compression']);
  });

  it('knows isWALArchiver, which the 1.25 Cluster model lacks, and holds it to a boolean', () => {
    expect(validateObject(cluster({ isWALArchiver: true })).problems).toEqual([]);
    expect(validateObject(cluster({ isWALArchiver: 'yes' })).problems.map((p) => p.path)).toEqual(['/spec/plugins/0/isWALArchiver']);
    expect(validateObject(cluster({ isWalArchiver: true })).problems.map((p) => p.message)).toEqual(['unknown field (not in the postgresql.cnpg.io/v1/Cluster schema)']);
  });
});
