/**
 * The Pod Security level of each Jitsi namespace against what its pods need, by the port of Pod
 * Security Admission (pod-security.ts, pod-security-admission v0.36.0): a namespace enforces the
 * strictest level that admits all its pods, and `privileged`, which admits anything (host
 * networking, host paths, privileged containers), holds only the pods that need it. Review KS8:
 * one `privileged` namespace for all of Jitsi, though only the videobridges and TURN use the host
 * network. The real API server admits the same pods in test/real/kubernetes.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../charts/kube-object.js';
import { EXAMPLE_NAMES, loadExample, podSpec, render, WORKLOAD_KINDS } from '../examples.js';
import { podSecurityViolations, type PodSecurityLevel } from '../pod-security.js';

const LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The strictest level Pod Security Admission admits a pod template at. */
const strictestAdmitting = (o: KubeObject): PodSecurityLevel =>
  LEVELS.find((level) => podSecurityViolations(level, (o.spec as any).template.metadata, podSpec(o)).length === 0)!;

describe.each(EXAMPLE_NAMES)('Jitsi namespaces, example %s', (name) => {
  const objects = render(loadExample(name)).objects;
  const jitsiWorkloads = objects.filter((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.labels?.['app.kubernetes.io/name'] === 'jitsi');
  const enforced = (ns: string) => objects.find((o) => o.kind === 'Namespace' && o.metadata.name === ns)?.metadata.labels?.['pod-security.kubernetes.io/enforce'] as PodSecurityLevel | undefined;
  const namespaces = [...new Set(jitsiWorkloads.map((o) => o.metadata.namespace!))].sort();

  it('admits every Jitsi pod at its namespace’s level', () => {
    const refused = jitsiWorkloads.map((o) => ({ pod: `${o.metadata.namespace}/${o.metadata.name}`, refused: podSecurityViolations(enforced(o.metadata.namespace!) ?? 'restricted', (o.spec as any).template.metadata, podSpec(o)) }));
    expect(refused.filter((r) => r.refused.length > 0)).toEqual([]);
  });

  it('enforces in each namespace the strictest level that admits its pods', () => {
    const needed = (ns: string) => LEVELS[Math.max(...jitsiWorkloads.filter((o) => o.metadata.namespace === ns).map((o) => LEVELS.indexOf(strictestAdmitting(o))))];
    expect(namespaces.map((ns) => ({ ns, enforced: enforced(ns) }))).toEqual(namespaces.map((ns) => ({ ns, enforced: needed(ns) })));
  });

  it('keeps in a privileged namespace only the pods that need it: the host-networked videobridges and TURN', () => {
    const inPrivileged = jitsiWorkloads.filter((o) => enforced(o.metadata.namespace!) === 'privileged');
    const found = inPrivileged.map((o) => ({ pod: o.metadata.name, needs: strictestAdmitting(o), hostNetwork: podSpec(o).hostNetwork === true }));
    expect(found.sort((x, y) => x.pod.localeCompare(y.pod))).toEqual(['coturn', 'jitsi-videobridge'].map((pod) => ({ pod, needs: 'privileged', hostNetwork: true })));
  });

  it('runs web, prosody and jicofo at baseline: their images’ root s6 init is what keeps them from restricted', () => {
    const shardPods = jitsiWorkloads.filter((o) => /^jitsi-(web|prosody|jicofo)-\d+$/.test(o.metadata.name));
    expect(shardPods.length).toBeGreaterThanOrEqual(3);
    for (const o of shardPods) {
      expect({ pod: o.metadata.name, namespace: enforced(o.metadata.namespace!), needs: strictestAdmitting(o) }).toEqual({ pod: o.metadata.name, namespace: 'baseline', needs: 'baseline' });
      expect(podSecurityViolations('restricted', (o.spec as any).template.metadata, podSpec(o)).map((v) => v.replace(/ \(.*\)$/, ''))).toEqual(expect.arrayContaining(['runAsNonRoot != true', 'unrestricted capabilities']));
    }
  });
});
