/** The NetworkPolicy evaluator against the documented semantics, case by case. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../charts/kube-object.js';
import { allows, selectorMatches, type Cluster, type Endpoint } from './network-policy-evaluator.js';

const np = (namespace: string, name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const pod = (namespace: string, labels: Record<string, string> = {}, extra: { ip?: string; namedPorts?: Record<string, number> } = {}): Endpoint => ({ pod: { namespace, labels, ...extra } });
const cluster = (...policies: KubeObject[]): Cluster => ({ policies, namespaces: { a: { team: 'x' }, b: { team: 'y' }, c: {} } });
const denyAll = (ns: string) => np(ns, 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('the NetworkPolicy evaluator', () => {
  const web = pod('a', { app: 'web' });
  const db = pod('a', { app: 'db' });

  it('allows everything to and from pods no policy selects', () => {
    expect(allows(cluster(), { from: web, to: db, port: 5432 })).toBe(true);
    expect(allows(cluster(np('a', 'other', { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'] })), { from: web, to: db, port: 5432 })).toBe(true);
  });

  it('isolates a selected pod only in the directions its policies list', () => {
    const ingressOnly = np('a', 'i', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(allows(cluster(ingressOnly), { from: web, to: db, port: 5432 })).toBe(false);
    expect(allows(cluster(ingressOnly), { from: web, to: { ip: '8.8.8.8' }, port: 443 })).toBe(true);
    // Without policyTypes: Ingress, plus Egress only when egress rules are given.
    expect(allows(cluster(np('a', 'n', { podSelector: {} })), { from: web, to: { ip: '8.8.8.8' }, port: 443 })).toBe(true);
    expect(allows(cluster(np('a', 'n', { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] })), { from: web, to: { ip: '8.8.8.8' }, port: 443 })).toBe(false);
  });

  it('adds policies up: one matching rule of any selecting policy is enough, on both sides', () => {
    const allowDb = np('a', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] });
    expect(allows(cluster(denyAll('a'), allowDb), { from: web, to: db, port: 5432 })).toBe(false); // web's egress is still denied
    const webOut = np('a', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] });
    expect(allows(cluster(denyAll('a'), allowDb, webOut), { from: web, to: db, port: 5432 })).toBe(true);
    expect(allows(cluster(denyAll('a'), allowDb, webOut), { from: web, to: db, port: 5433 })).toBe(false);
  });

  it('reads podSelector, namespaceSelector and both together as the API reference says', () => {
    const ingressFrom = (peer: Record<string, unknown>) => cluster(np('a', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [peer] }] }));
    const target = pod('a');
    // podSelector alone: the policy's own namespace only.
    expect(allows(ingressFrom({ podSelector: { matchLabels: { app: 'web' } } }), { from: pod('b', { app: 'web' }), to: target, port: 80 })).toBe(false);
    expect(allows(ingressFrom({ podSelector: { matchLabels: { app: 'web' } } }), { from: pod('a', { app: 'web' }), to: target, port: 80 })).toBe(true);
    // namespaceSelector alone: every pod there.
    expect(allows(ingressFrom({ namespaceSelector: { matchLabels: { team: 'y' } } }), { from: pod('b', { app: 'any' }), to: target, port: 80 })).toBe(true);
    expect(allows(ingressFrom({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'c' } } }), { from: pod('c'), to: target, port: 80 })).toBe(true);
    // Both in one peer: the matching pods of the matching namespaces.
    const both = { namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'web' } } };
    expect(allows(ingressFrom(both), { from: pod('b', { app: 'web' }), to: target, port: 80 })).toBe(true);
    expect(allows(ingressFrom(both), { from: pod('b', { app: 'db' }), to: target, port: 80 })).toBe(false);
    expect(allows(ingressFrom(both), { from: pod('c', { app: 'web' }), to: target, port: 80 })).toBe(false);
    // An empty podSelector in the policy's namespace: every pod of it.
    expect(allows(ingressFrom({ podSelector: {} }), { from: pod('a', { app: 'x' }), to: target, port: 80 })).toBe(true);
  });

  it('matches ipBlock with except, and addresses outside the cluster only through ipBlock', () => {
    const out = (to: Record<string, unknown>[]) => cluster(np('a', 'e', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to, ports: [{ port: 443 }] }] }));
    const internet = { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] } };
    expect(allows(out([internet]), { from: web, to: { ip: '51.68.1.2' }, port: 443 })).toBe(true);
    expect(allows(out([internet]), { from: web, to: { ip: '10.20.0.5' }, port: 443 })).toBe(false);
    expect(allows(out([internet, { ipBlock: { cidr: '10.20.0.0/20' } }]), { from: web, to: { ip: '10.20.0.5' }, port: 443 })).toBe(true);
    expect(allows(out([{ podSelector: {} }]), { from: web, to: { ip: '51.68.1.2' }, port: 443 })).toBe(false);
  });

  it('matches ports by number, range (endPort), protocol and name', () => {
    const withPorts = (ports: Record<string, unknown>[]) => cluster(np('a', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports }] }));
    expect(allows(withPorts([{ port: 53, protocol: 'UDP' }]), { from: web, to: db, port: 53, protocol: 'UDP' })).toBe(true);
    expect(allows(withPorts([{ port: 53, protocol: 'UDP' }]), { from: web, to: db, port: 53 })).toBe(false);
    expect(allows(withPorts([{ port: 32000, endPort: 32767 }]), { from: web, to: db, port: 32443 })).toBe(true);
    expect(allows(withPorts([{ port: 32000, endPort: 32767 }]), { from: web, to: db, port: 32768 })).toBe(false);
    expect(allows(withPorts([{ port: 'postgresql' }]), { from: web, to: pod('a', {}, { namedPorts: { postgresql: 5432 } }), port: 5432 })).toBe(true);
    expect(allows(withPorts([{ port: 'postgresql' }]), { from: web, to: pod('a'), port: 5432 })).toBe(false);
    expect(allows(withPorts([{ protocol: 'UDP' }]), { from: web, to: db, port: 10000, protocol: 'UDP' })).toBe(true);
  });

  it('evaluates matchExpressions', () => {
    const labels = { app: 'db', tier: 'data' };
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'x'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'gone', operator: 'DoesNotExist' }, { key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, labels)).toBe(false);
  });
});
