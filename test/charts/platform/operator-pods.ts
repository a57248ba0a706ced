/**
 * The Pod specs that the operators' charts, and the operators themselves, create from what socle
 * gives them — reduced to the fields Pod Security Admission reads (security contexts, host
 * namespaces, ports, volumes). No API server here sees them: Helm renders the charts at deploy time
 * and the operators create their pods later. Each builder reproduces its upstream template or code,
 * cited next to it, at the version socle pins; chart defaults are the chart's values.yaml at that tag.
 */
import type { KubeObject } from '../../../charts/kube-object.js';
import type { OperatorRelease } from '../../../charts/platform/operators.js';

type Json = Record<string, any>;

export interface OperatorPod {
  /** What creates it, e.g. `traefik chart: Deployment traefik`. */
  origin: string;
  namespace: string;
  metadata: Json;
  spec: Json;
}

const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Helm's coalescing of user values over chart defaults (helm/helm v3 pkg/chartutil/coalesce.go,
 * coalesceTablesFullKey): maps merge key by key, any other user value replaces the default, and a
 * user `null` deletes the default key.
 */
export function coalesceValues(defaults: Json, user: Json): Json {
  const out: Json = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) out[key] = coalesceValues(out[key], value);
    else out[key] = value;
  }
  return out;
}

/** traefik/traefik-helm-chart v37.1.1 `traefik/values.yaml`: the defaults of the fields the pod template reads below. */
export const TRAEFIK_37_1_1_DEFAULTS: Json = {
  hostNetwork: false, // L887
  deployment: { initContainers: [], additionalContainers: [], additionalVolumes: [] }, // L58, L67, L72
  persistence: { enabled: false, name: 'data' }, // L862-867
  experimental: { localPlugins: {}, plugins: {} }, // L127-141
  ports: {
    traefik: { port: 8080 }, // L651-652
    web: { port: 8000 }, // L673-676
    websecure: { port: 8443, http3: { enabled: false } }, // L714-717, L740
    metrics: { port: 9100 }, // L775-778
  },
  // L954-958
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
  // L962-965
  podSecurityContext: { runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532 },
};

/** traefik/templates/_podtemplate.tpl at v37.1.1 (the Deployment's pod template). */
export function traefikPod(release: OperatorRelease, defaults: Json = TRAEFIK_37_1_1_DEFAULTS): OperatorPod {
  const v = coalesceValues(defaults, release.values);
  // L111 `range $name, $config := .Values.ports`: Go templates range over a map in key order.
  const ports = Object.entries(v.ports as Json)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, config]) => config) // L112 `if $config`
    .flatMap(([, config]: [string, Json]) => [
      { containerPort: config.containerPort ?? config.port, ...(config.hostPort ? { hostPort: config.hostPort } : {}) }, // L118-123
      ...(config.http3?.enabled ? [{ containerPort: config.port, protocol: 'UDP', ...(config.hostPort ? { hostPort: config.http3.advertisedPort ?? config.hostPort } : {}) }] : []), // L127-133
    ]);
  const localPlugins = Object.keys(v.experimental?.localPlugins ?? {}).map((name) => ({ name, hostPath: { path: v.experimental.localPlugins[name].hostPath } })); // L958-962
  return {
    origin: 'traefik chart: Deployment traefik',
    namespace: release.namespace,
    metadata: { annotations: v.deployment?.podAnnotations ?? {} },
    spec: {
      hostNetwork: v.hostNetwork, // L35
      ...(v.deployment.initContainers?.length ? { initContainers: v.deployment.initContainers } : {}), // L57-60
      containers: [
        // L67-153: `securityContext` is `toYaml .Values.securityContext`, as coalesced.
        { name: 'traefik', ports, ...(isMap(v.securityContext) && Object.keys(v.securityContext).length ? { securityContext: v.securityContext } : {}) },
        ...(v.deployment.additionalContainers ?? []), // L932-934
      ],
      volumes: [
        { name: v.persistence.name, ...(v.persistence.enabled ? { persistentVolumeClaim: {} } : { emptyDir: {} }) }, // L936-942
        { name: 'tmp', emptyDir: {} }, // L943-944
        ...(v.deployment.additionalVolumes ?? []), // L955-957
        ...localPlugins,
      ],
      // L987-990: the pod's `securityContext` is `toYaml .Values.podSecurityContext`.
      ...(isMap(v.podSecurityContext) && Object.keys(v.podSecurityContext).length ? { securityContext: v.podSecurityContext } : {}),
    },
  };
}

/** cert-manager v1.18.2 `deploy/charts/cert-manager/values.yaml`: each component's security contexts (L320-333, L687-700, L1054-1067, L1281-1294). */
const CERT_MANAGER_POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const CERT_MANAGER_CONTAINER_SECURITY = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };
export const CERT_MANAGER_1_18_2_DEFAULTS: Json = {
  securityContext: CERT_MANAGER_POD_SECURITY,
  containerSecurityContext: CERT_MANAGER_CONTAINER_SECURITY,
  volumes: [],
  webhook: { securityContext: CERT_MANAGER_POD_SECURITY, containerSecurityContext: CERT_MANAGER_CONTAINER_SECURITY, hostNetwork: false, volumes: [] },
  cainjector: { securityContext: CERT_MANAGER_POD_SECURITY, containerSecurityContext: CERT_MANAGER_CONTAINER_SECURITY, volumes: [] },
  startupapicheck: { enabled: true, securityContext: CERT_MANAGER_POD_SECURITY, containerSecurityContext: CERT_MANAGER_CONTAINER_SECURITY, volumes: [] },
};

/**
 * templates/deployment.yaml L69-72/L156-159, webhook-deployment.yaml L69-78/L157-160,
 * cainjector-deployment.yaml L70-73/L121-124, startupapicheck-job.yaml L44-47/L59-62 (v1.18.2).
 */
export function certManagerPods(release: OperatorRelease, defaults: Json = CERT_MANAGER_1_18_2_DEFAULTS): OperatorPod[] {
  const v = coalesceValues(defaults, release.values);
  const pod = (origin: string, container: string, c: Json): OperatorPod => ({
    origin: `cert-manager chart: ${origin}`,
    namespace: release.namespace,
    metadata: {},
    spec: {
      ...(c.securityContext ? { securityContext: c.securityContext } : {}),
      ...(c.hostNetwork ? { hostNetwork: true } : {}),
      containers: [{ name: container, ...(c.containerSecurityContext ? { securityContext: c.containerSecurityContext } : {}) }],
      volumes: c.volumes ?? [],
    },
  });
  return [
    pod('Deployment cert-manager', 'cert-manager-controller', v),
    pod('Deployment cert-manager-webhook', 'cert-manager-webhook', v.webhook),
    pod('Deployment cert-manager-cainjector', 'cert-manager-cainjector', v.cainjector),
    ...(v.startupapicheck.enabled ? [pod('Job cert-manager-startupapicheck', 'cert-manager-startupapicheck', v.startupapicheck)] : []),
  ];
}

/**
 * The HTTP-01 solver pod cert-manager's controller creates in the namespace of the challenged
 * Ingress: cert-manager v1.18.2 `pkg/issuer/acme/http/pod.go` L196-239 (RunAsNonRoot from the
 * controller flag `--acme-http01-solver-run-as-non-root`, default true), merged with the issuer's
 * `podTemplate` (L299-310) when it has one.
 */
export function acmeSolverPod(namespace: string, podTemplate?: Json): OperatorPod {
  const spec: Json = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'acmesolver', securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  };
  if (podTemplate?.spec?.securityContext) spec.securityContext = { ...podTemplate.spec.securityContext };
  return { origin: 'cert-manager controller: HTTP-01 solver pod', namespace, metadata: {}, spec };
}

/** cloudnative-pg/charts cloudnative-pg-v0.26.0 `charts/cloudnative-pg/values.yaml` L121-136. */
export const CNPG_CHART_0_26_0_DEFAULTS: Json = {
  hostNetwork: false,
  containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } },
  podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
};

/** templates/deployment.yaml at cloudnative-pg-v0.26.0: L56-58 (hostNetwork), L124-125, L145-146, L165-170 (volumes). */
export function cnpgOperatorPod(release: OperatorRelease, defaults: Json = CNPG_CHART_0_26_0_DEFAULTS): OperatorPod {
  const v = coalesceValues(defaults, release.values);
  return {
    origin: 'cloudnative-pg chart: Deployment cloudnative-pg',
    namespace: release.namespace,
    metadata: {},
    spec: {
      ...(v.hostNetwork ? { hostNetwork: true } : {}),
      containers: [{ name: 'manager', securityContext: v.containerSecurityContext }],
      securityContext: v.podSecurityContext,
      volumes: [{ name: 'scratch-data', emptyDir: {} }, { name: 'webhook-certificates', secret: {} }],
    },
  };
}

/** cloudnative-pg/charts plugin-barman-cloud-v0.7.0 `charts/plugin-barman-cloud/values.yaml`: `hostNetwork`, `containerSecurityContext`, `podSecurityContext`. */
export const BARMAN_CLOUD_CHART_0_7_0_DEFAULTS: Json = {
  hostNetwork: false,
  additionalArgs: [],
  containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } },
  podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
};

/**
 * templates/deployment.yaml at plugin-barman-cloud-v0.7.0: one container `barman-cloud` (port 9090,
 * its fixed args then `range .Values.additionalArgs`, `securityContext` is `toYaml
 * .Values.containerSecurityContext`), the pod's `toYaml
 * .Values.podSecurityContext`, the server and client certificate Secrets as volumes. The template
 * never reads `hostNetwork`.
 */
export function barmanCloudPluginPod(release: OperatorRelease, defaults: Json = BARMAN_CLOUD_CHART_0_7_0_DEFAULTS): OperatorPod {
  const v = coalesceValues(defaults, release.values);
  return {
    origin: 'plugin-barman-cloud chart: Deployment plugin-barman-cloud',
    namespace: release.namespace,
    metadata: {},
    spec: {
      containers: [
        {
          name: 'barman-cloud',
          args: ['operator', '--server-cert=/server/tls.crt', '--server-key=/server/tls.key', '--client-cert=/client/tls.crt', '--server-address=:9090', '--leader-elect', '--log-level=debug', ...v.additionalArgs],
          ports: [{ containerPort: 9090, protocol: 'TCP' }],
          securityContext: v.containerSecurityContext,
        },
      ],
      securityContext: v.podSecurityContext,
      volumes: [{ name: 'server', secret: { secretName: 'barman-cloud-server-tls' } }, { name: 'client', secret: { secretName: 'barman-cloud-client-tls' } }],
    },
  };
}

/**
 * The sidecar the Barman Cloud plugin (v0.15.0) adds to an instance pod and to a recovery Job's pod
 * of a Cluster that names it: `internal/cnpgi/operator/lifecycle.go` reconcilePodSpec L452-470 (a
 * restartable init container `plugin-barman-cloud`, its own security context) and
 * InjectPluginVolumePodSpec L536-571 (the `plugins` emptyDir).
 */
export const BARMAN_CLOUD_SIDECAR = {
  name: 'plugin-barman-cloud',
  restartPolicy: 'Always',
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, privileged: false, readOnlyRootFilesystem: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } },
} as const;
const usesBarmanCloud = (spec: Json) => (spec.plugins ?? []).some((p: Json) => p.name === 'barman-cloud.cloudnative-pg.io' && p.enabled !== false && p.parameters?.barmanObjectName);

/**
 * The pods CloudNativePG 1.27.0 creates for a `Cluster`: instances (`pkg/specs/pods.go`
 * buildInstance L497-520, createClusterPodSpec L180-200) and the initdb/join Jobs
 * (`pkg/specs/jobs.go` CreatePrimaryJob L318-370). Both use CreatePodSecurityContext (pods.go
 * L437-451: runAsNonRoot, the postgres UID/GID 26, the cluster's seccomp profile or RuntimeDefault,
 * api/v1/cluster_funcs.go GetSeccompProfile L1286-1294) and CreateContainerSecurityContext
 * (containers.go L64-80) for every container, the bootstrap init container included (L34-52);
 * volumes from volumes.go createPostgresVolumes (PVCs, emptyDirs, projected).
 */
export function cnpgClusterPods(cluster: KubeObject): OperatorPod[] {
  const spec = cluster.spec as Json;
  const seccompProfile = spec.seccompProfile ?? { type: 'RuntimeDefault' };
  const uid = spec.postgresUID ?? 26;
  const gid = spec.postgresGID ?? 26;
  const containerSecurity = { capabilities: { drop: ['ALL'] }, privileged: false, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, seccompProfile };
  const podSecurity = { runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, fsGroup: gid, seccompProfile };
  const volumes = [
    { name: 'pgdata', persistentVolumeClaim: {} },
    { name: 'scratch-data', emptyDir: {} },
    { name: 'shm', emptyDir: {} },
    ...(spec.projectedVolumeTemplate ? [{ name: 'projected', projected: spec.projectedVolumeTemplate }] : []),
  ];
  const pod = (origin: string, container: string, ports: Json[], sidecar = false): OperatorPod => ({
    origin: `CloudNativePG: ${origin} of Cluster ${cluster.metadata.name}`,
    namespace: cluster.metadata.namespace!,
    metadata: {},
    spec: {
      initContainers: [{ name: 'bootstrap-controller', securityContext: containerSecurity }, ...(sidecar ? [BARMAN_CLOUD_SIDECAR] : [])],
      containers: [{ name: container, ports, securityContext: containerSecurity }],
      securityContext: podSecurity,
      volumes: [...volumes, ...(sidecar ? [{ name: 'plugins', emptyDir: {} }] : [])],
    },
  });
  // The plugin's sidecar joins the instances and a recovery Job (lifecycle.go L193-198), never initdb or join.
  const plugin = usesBarmanCloud(spec);
  return [
    pod('instance pod', 'postgres', [{ containerPort: 5432 }, { containerPort: 9187 }, { containerPort: 8000 }], plugin),
    pod('initdb Job pod', 'initdb', []),
    pod('join Job pod', 'join', []),
    ...(plugin ? [pod('full-recovery Job pod', 'full-recovery', [], true)] : []),
  ];
}
