/**
 * Pod Security Admission (the port in pod-security.ts) on every pod socle's output makes: each Pod
 * template socle renders, at its namespace's `enforce` level, and each pod the operator charts and
 * the operators create from socle's values (operator-pods.ts). A rejected pod means a release that
 * rolls back or a controller that never gets its pods. Not here: the OpenStack cloud controller
 * and Cinder CSI in kube-system, which socle does not label: RKE2 without its CIS profile admits
 * every pod there (`privileged`), as the CSI node plugin needs (privileged, hostPath).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../charts/kube-object.js';
import { operatorReleases, type OperatorRelease } from '../../charts/platform/operators.js';
import { size } from '../../sizing/size.js';
import { EXAMPLE_NAMES, loadExample, render } from './examples.js';
import { acmeSolverPod, barmanCloudPluginPod, BARMAN_CLOUD_SIDECAR, certManagerPods, cnpgClusterPods, cnpgOperatorPod, traefikPod, type OperatorPod } from './platform/operator-pods.js';
import { PORTED_CHECK_FILES, podSecurityViolations, type PodSecurityLevel } from './pod-security.js';

type Json = Record<string, any>;

/** The pod template of every kind that has one (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job: `spec.template`; CronJob: `spec.jobTemplate.spec.template`). */
function podTemplate(o: KubeObject): { metadata: Json; spec: Json } | undefined {
  const spec = o.spec as Json | undefined;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  if (o.kind === 'Pod') return { metadata: o.metadata, spec: spec! };
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind) ? spec?.template : undefined;
}

function enforceLevels(objects: KubeObject[]): Map<string, PodSecurityLevel> {
  return new Map(
    objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, (o.metadata.labels?.['pod-security.kubernetes.io/enforce'] ?? 'privileged') as PodSecurityLevel]),
  );
}

function rejected(pods: OperatorPod[], levels: Map<string, PodSecurityLevel>): Json[] {
  return pods
    .map((p) => ({ origin: p.origin, namespace: p.namespace, level: levels.get(p.namespace), violations: podSecurityViolations(levels.get(p.namespace) ?? 'restricted', p.metadata, p.spec) }))
    .filter((r) => r.level === undefined || r.violations.length > 0);
}

const release = (releases: OperatorRelease[], name: string) => releases.find((r) => r.name === name)!;

describe('the Pod Security port', () => {
  const ok = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  };
  const withContainer = (sc: Json) => ({ ...ok, containers: [{ name: 'app', securityContext: { ...ok.containers[0]!.securityContext, ...sc } }] });

  it('ports every check file of pod-security-admission v0.36.0 policy/', () => {
    expect([...new Set(PORTED_CHECK_FILES)].sort()).toEqual(
      [
        'check_allowPrivilegeEscalation.go', 'check_appArmorProfile.go', 'check_capabilities_baseline.go', 'check_capabilities_restricted.go',
        'check_hostNamespaces.go', 'check_hostPathVolumes.go', 'check_hostPorts.go', 'check_hostProbesAndhostLifecycle.go', 'check_privileged.go',
        'check_procMount_baseline.go', 'check_procMount_restricted.go', 'check_restrictedVolumes.go', 'check_runAsNonRoot.go', 'check_runAsUser.go',
        'check_seLinuxOptions.go', 'check_seccompProfile_baseline.go', 'check_seccompProfile_restricted.go', 'check_sysctls.go', 'check_windowsHostProcess.go',
      ].sort(),
    );
  });

  it('admits a restricted pod, and rejects each thing the upstream checks reject', () => {
    expect(podSecurityViolations('restricted', {}, ok)).toEqual([]);
    const cases: [PodSecurityLevel, Json, string][] = [
      ['baseline', { ...ok, hostNetwork: true }, 'host namespaces'],
      ['baseline', withContainer({ privileged: true }), 'privileged (app)'],
      ['baseline', withContainer({ capabilities: { add: ['NET_ADMIN'] } }), 'non-default capabilities (app)'],
      ['baseline', { ...ok, volumes: [{ name: 'h', hostPath: { path: '/' } }] }, 'hostPath volumes'],
      ['baseline', { ...ok, containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 80 }] }] }, 'hostPort (app)'],
      ['baseline', { ...ok, containers: [{ name: 'app', readinessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } }] }, 'probe or lifecycle host (app)'],
      ['baseline', { ...ok, securityContext: { appArmorProfile: { type: 'Unconfined' } } }, 'forbidden AppArmor profile'],
      ['baseline', { ...ok, securityContext: { seLinuxOptions: { type: 'spc_t' } } }, 'seLinuxOptions'],
      ['baseline', withContainer({ procMount: 'Unmasked' }), 'procMount (app)'],
      ['baseline', { ...ok, securityContext: { seccompProfile: { type: 'Unconfined' } } }, 'seccompProfile'],
      ['baseline', { ...ok, securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }, 'forbidden sysctls'],
      ['restricted', { ...ok, volumes: [{ name: 'n', nfs: { server: 'x', path: '/' } }] }, 'restricted volume types (n)'],
      ['restricted', withContainer({ allowPrivilegeEscalation: true }), 'allowPrivilegeEscalation != false (app)'],
      ['restricted', withContainer({ capabilities: { drop: ['NET_RAW'] } }), 'unrestricted capabilities (app)'],
      ['restricted', withContainer({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } }), 'unrestricted capabilities (app)'],
      ['restricted', { ...ok, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, 'runAsNonRoot != true (app)'],
      ['restricted', withContainer({ runAsUser: 0 }), 'runAsUser=0 (app)'],
      ['restricted', { ...ok, securityContext: { runAsNonRoot: true } }, 'seccompProfile (app)'],
    ];
    for (const [level, spec, reason] of cases) expect({ level, reason, got: podSecurityViolations(level, {}, spec) }).toEqual({ level, reason, got: [reason] });
    // Baseline does not run the restricted checks; NET_BIND_SERVICE is the one capability restricted allows.
    expect(podSecurityViolations('baseline', {}, { containers: [{ name: 'app' }] })).toEqual([]);
    expect(podSecurityViolations('restricted', {}, withContainer({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }))).toEqual([]);
    // A container's own seccomp profile satisfies the check without a pod-level one (1.19+).
    expect(podSecurityViolations('restricted', {}, { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', securityContext: { ...ok.containers[0]!.securityContext, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } }] })).toEqual([]);
    // 1.35+: a pod in a user namespace may run as root.
    expect(podSecurityViolations('restricted', {}, { ...withContainer({ runAsUser: 0, runAsNonRoot: false }), hostUsers: false })).toEqual([]);
    expect(podSecurityViolations('privileged', {}, { hostNetwork: true, containers: [{ name: 'x', securityContext: { privileged: true } }] })).toEqual([]);
  });
});

describe.each(EXAMPLE_NAMES)('Pod Security on %s', (name) => {
  const env = loadExample(name);
  const { objects } = render(env);
  const levels = enforceLevels(objects);
  const releases = operatorReleases(env, size(env));

  it('admits every Pod template socle renders, at its namespace’s enforce level', () => {
    const templates = objects.flatMap((o) => {
      const t = podTemplate(o);
      return t ? [{ origin: `${o.kind} ${o.metadata.name}`, namespace: o.metadata.namespace!, metadata: t.metadata ?? {}, spec: t.spec }] : [];
    });
    expect(templates.length).toBeGreaterThan(10);
    expect(rejected(templates, levels)).toEqual([]);
  });

  it('admits the pods the operator charts make from socle’s values (Traefik, cert-manager, CloudNativePG, its Barman Cloud plugin)', () => {
    const pods = [traefikPod(release(releases, 'traefik')), ...certManagerPods(release(releases, 'cert-manager')), cnpgOperatorPod(release(releases, 'cloudnative-pg')), barmanCloudPluginPod(release(releases, 'plugin-barman-cloud'))];
    expect(pods.map((p) => levels.get(p.namespace))).toEqual(pods.map(() => 'restricted'));
    expect(rejected(pods, levels)).toEqual([]);
  });

  it('admits the pods the operators create in the apps’ namespaces (CloudNativePG instances and Jobs, HTTP-01 solvers)', () => {
    const clusters = objects.filter((o) => o.kind === 'Cluster');
    expect(clusters.length).toBeGreaterThan(0);
    const solverNamespaces = [...new Set(objects.filter((o) => o.kind === 'Ingress').map((o) => o.metadata.namespace!))];
    const pods = [...clusters.flatMap(cnpgClusterPods), ...solverNamespaces.map((ns) => acmeSolverPod(ns))];
    // Every Cluster backs up through the plugin: its sidecar is in the instance pods checked here.
    expect(pods.filter((p) => p.spec.initContainers?.some((c: Json) => c.name === 'plugin-barman-cloud')).length).toBe(clusters.length * 2);
    expect(rejected(pods, levels)).toEqual([]);
  });
});

describe('Traefik’s pods under the values socle passed before K1', () => {
  it('are rejected by restricted: no seccomp profile on the pod or its container', () => {
    const env = loadExample('pilot');
    const traefik = release(operatorReleases(env, size(env)), 'traefik');
    const { seccompProfile: _pod, ...podSecurityContext } = (traefik.values.podSecurityContext ?? {}) as Json;
    const { seccompProfile: _container, ...securityContext } = (traefik.values.securityContext ?? {}) as Json;
    const before = { ...traefik, values: { ...traefik.values, podSecurityContext, securityContext } };
    const pod = traefikPod(before);
    expect(podSecurityViolations('restricted', pod.metadata, pod.spec)).toEqual(['seccompProfile (traefik)']);
  });
});

describe('the Barman Cloud sidecar the plugin puts into the instance pods', () => {
  it('would be refused by restricted without the security context the plugin gives it (the check sees it)', () => {
    const env = loadExample('pilot');
    const cluster = render(env).objects.find((o) => o.kind === 'Cluster')!;
    const instance = cnpgClusterPods(cluster)[0]!;
    const { securityContext: _dropped, ...bare } = BARMAN_CLOUD_SIDECAR;
    const spec = { ...instance.spec, initContainers: instance.spec.initContainers.map((c: Json) => (c.name === BARMAN_CLOUD_SIDECAR.name ? bare : c)) };
    expect(podSecurityViolations('restricted', instance.metadata, spec)).toEqual(['allowPrivilegeEscalation != false (plugin-barman-cloud)', 'unrestricted capabilities (plugin-barman-cloud)']);
  });
});
