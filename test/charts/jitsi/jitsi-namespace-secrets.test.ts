/**
 * Each Jitsi namespace holds only the secret values its own pods read: the host-network namespace
 * (jitsi-media: videobridges, coturn) is the one whose pods share the node's network, so it gets
 * the bridges' XMPP password and the TURN secret, never jicofo's password.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../charts/kube-object.js';
import { NAMESPACES } from '../../../charts/platform/namespaces.js';
import { secretCatalogue } from '../../../charts/secrets.js';
import { EXAMPLE_NAMES, loadExample, podSpec, render, WORKLOAD_KINDS } from '../examples.js';

/** `secret/key` pairs a pod template reads: env secretKeyRef, envFrom secretRef (every key), secret volumes (every key). */
function secretKeysRead(o: KubeObject): string[] {
  const spec = podSpec(o);
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  return [
    ...all.flatMap((c: any) => (c.env ?? []).flatMap((e: any) => (e.valueFrom?.secretKeyRef ? [`${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`] : []))),
    ...all.flatMap((c: any) => (c.envFrom ?? []).flatMap((e: any) => (e.secretRef ? [`${e.secretRef.name}/*`] : []))),
    ...(spec.volumes ?? []).flatMap((v: any) => (v.secret ? [`${v.secret.secretName}/*`] : [])),
  ];
}

describe.each(EXAMPLE_NAMES)('Jitsi namespaces’ secrets, example %s', (name) => {
  const r = render(loadExample(name));
  const catalogue = secretCatalogue(r.env, r.plan);

  it.each([NAMESPACES.jitsi, NAMESPACES.jitsiMedia])('%s holds no secret value its pods do not read', (ns) => {
    const read = new Set(r.objects.filter((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.namespace === ns).flatMap(secretKeysRead));
    const held = catalogue.filter((s) => s.namespaces.includes(ns)).flatMap((s) => Object.keys(s.values).map((key) => `${s.name}/${key}`));
    expect(held.length).toBeGreaterThan(0);
    expect(held.filter((k) => !read.has(k) && !read.has(`${k.split('/')[0]}/*`))).toEqual([]);
  });
});
