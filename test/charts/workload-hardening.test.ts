/** Rules every workload follows, and the design exceptions where one can't. */
import { describe, expect, it } from 'vitest';
import { DESIGN_EXCEPTIONS, exceptionCovers, resourceAddress } from '../../charts/design-exceptions.js';
import type { KubeObject } from '../../charts/kube-object.js';
import { NAMESPACES } from '../../charts/platform/namespaces.js';
import { POOL_LABEL } from '../../charts/platform/node-pools.js';
import { POOL_LABEL as STACKS_POOL_LABEL } from '../../stacks/compute/rke2-cloud-init.js';
import { containers, EXAMPLE_NAMES, loadExample, podSpec, render, withJitsiApp, WORKLOAD_KINDS } from './examples.js';

const covered = (policy: string, o: KubeObject) => DESIGN_EXCEPTIONS.some((e) => e.policy === policy && exceptionCovers(e, o));
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(EXAMPLE_NAMES)('example %s', (name) => {
  const { objects } = render(loadExample(name));
  const workloads = objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
  const pods = objects.filter((o) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind));

  it('gives every Deployment and StatefulSet a PodDisruptionBudget that selects its pods', () => {
    for (const w of workloads) {
      const labels = (w.spec as any).template.metadata.labels;
      const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && o.metadata.namespace === w.metadata.namespace && matches((o.spec as any).selector.matchLabels, labels));
      expect({ workload: resourceAddress(w), pdbs: pdbs.length }).toEqual({ workload: resourceAddress(w), pdbs: 1 });
    }
  });

  it('spreads every Deployment and StatefulSet over zones and hosts', () => {
    for (const w of workloads) {
      const spread = podSpec(w).topologySpreadConstraints ?? [];
      expect({ workload: resourceAddress(w), keys: spread.map((t: any) => t.topologyKey) }).toEqual({ workload: resourceAddress(w), keys: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'] });
      for (const t of spread) expect(matches(t.labelSelector.matchLabels, (w.spec as any).template.metadata.labels)).toBe(true);
    }
  });

  it('runs every container without privilege escalation, capabilities dropped, under RuntimeDefault seccomp', () => {
    for (const o of pods) {
      expect(podSpec(o).securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(podSpec(o).automountServiceAccountToken).toBe(false);
      for (const c of containers(o)) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it('runs as non-root, with a read-only root filesystem and no host network, except where a design exception says why', () => {
    for (const o of pods) {
      for (const c of containers(o)) {
        if (!c.securityContext.runAsNonRoot) expect({ object: resourceAddress(o), covered: covered('k8s-run-as-non-root', o) }).toEqual({ object: resourceAddress(o), covered: true });
        if (!c.securityContext.readOnlyRootFilesystem) expect({ object: resourceAddress(o), covered: covered('k8s-read-only-root-filesystem', o) }).toEqual({ object: resourceAddress(o), covered: true });
      }
      if (podSpec(o).hostNetwork) expect({ object: resourceAddress(o), covered: covered('k8s-host-network', o) }).toEqual({ object: resourceAddress(o), covered: true });
    }
  });

  it('gives every long-running container liveness and readiness probes and planned resources', () => {
    for (const w of workloads) {
      for (const c of podSpec(w).containers) {
        expect({ container: `${resourceAddress(w)}/${c.name}`, probes: Boolean(c.livenessProbe && c.readinessProbe) }).toEqual({ container: `${resourceAddress(w)}/${c.name}`, probes: true });
        expect(c.resources.requests.cpu).toMatch(/^\d+m$/);
        expect(c.resources.limits.memory).toMatch(/^\d+Mi$/);
      }
    }
  });

  it('labels every object it owns with the recommended labels', () => {
    for (const w of workloads) {
      expect(Object.keys(w.metadata.labels ?? {}).sort()).toEqual(
        ['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app.kubernetes.io/version'],
      );
    }
  });

  it('denies all traffic by default in every application namespace, then allows DNS', () => {
    for (const ns of Object.values(NAMESPACES).filter((n) => n !== NAMESPACES.edge)) {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns);
      expect(policies.find((p) => p.metadata.name === 'default-deny')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(policies.map((p) => p.metadata.name)).toContain('allow-dns');
    }
  });

  it('enforces the restricted Pod Security level everywhere but the Jitsi namespaces (baseline; privileged for host networking)', () => {
    const levels = Object.fromEntries(objects.filter((o) => o.kind === 'Namespace').map((n) => [n.metadata.name, n.metadata.labels?.['pod-security.kubernetes.io/enforce']]));
    const expected: Record<string, string> = { [NAMESPACES.jitsi]: 'baseline', [NAMESPACES.jitsiMedia]: 'privileged' };
    for (const [ns, level] of Object.entries(levels)) {
      expect({ ns, level }).toEqual({ ns, level: expected[ns] ?? 'restricted' });
    }
    for (const ns of Object.keys(expected)) expect(covered('k8s-pod-security-restricted', objects.find((o) => o.kind === 'Namespace' && o.metadata.name === ns) as KubeObject), ns).toBe(true);
  });
});

describe('design exceptions', () => {
  // With the optional objects too (the Jitsi app Job).
  const objects = render(withJitsiApp(loadExample('metropole-9000'))).objects;

  it('each names a policy, a justification and a remedy, and matches rendered objects', () => {
    for (const e of DESIGN_EXCEPTIONS) {
      expect(e.justification.length).toBeGreaterThan(40);
      expect(e.remedy.length).toBeGreaterThan(5);
      const edition = e.resource.startsWith('onlyoffice/') || e.resource === 'rocketchat/Deployment/rocketchat';
      // Edition-only exceptions match objects too; they only matter when the count is 1.
      expect({ resource: e.resource, matches: objects.some((o) => exceptionCovers(e, o)) || edition }).toEqual({ resource: e.resource, matches: true });
    }
  });
});

describe('node pools', () => {
  it('select nodes by the label the infrastructure stack puts on them', () => {
    expect(POOL_LABEL).toBe(STACKS_POOL_LABEL);
  });
});
