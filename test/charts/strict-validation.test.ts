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
