/**
 * Deployment and StatefulSet builders. Every workload gets, without the caller asking: the
 * recommended labels, its node pool, topology spread over zones and hosts, a PodDisruptionBudget,
 * a RuntimeDefault seccomp profile, non-root pod identity, no service-account token, and the
 * resources of its sizing-plan component.
 */
import type { Environment } from '../environments/environment.js';
import type { ComponentPlan } from '../sizing/sizing-plan.js';
import type { KubeObject } from './kube-object.js';
import { recommendedLabels, selectorLabels, versionOf } from './labels.js';
import { poolPlacement } from './platform/node-pools.js';
import { storageClassName } from './data/storage-classes.js';

export interface Volume {
  name: string;
  emptyDir?: { medium?: 'Memory'; sizeLimit?: string };
  configMap?: { name: string; defaultMode?: number };
  secret?: { secretName: string; defaultMode?: number };
}

export interface WorkloadOptions {
  env: Environment;
  namespace: string;
  app: string;
  /** Unique within the namespace; also the name of the Deployment/StatefulSet. */
  component: string;
  plan: ComponentPlan;
  /** Replicas when they differ from the plan's (e.g. one Deployment per Jitsi shard). */
  replicas?: number;
  containers: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
  volumes?: Volume[];
  /** The image whose tag becomes `app.kubernetes.io/version`. */
  versionImage: string;
  /** Pod identity: UID/GID the image runs as. */
  user: { uid: number; gid: number };
  podAnnotations?: Record<string, string>;
  /** Host networking (Jitsi videobridges only: see design-exceptions.ts). */
  hostNetwork?: boolean;
  /** Members of a replicated data store must never share a node; stateless pods prefer not to. */
  hardHostSpread?: boolean;
  terminationGracePeriodSeconds?: number;
  /**
   * A single server that must never run twice at once (e.g. a Jitsi shard's prosody or jicofo):
   * the old pod stops before the new one starts (`Recreate`), instead of both serving behind one
   * Service during a rolling update.
   */
  neverTwoAtOnce?: boolean;
  /**
   * A label shared by several Deployments that must spread together (e.g. the web pods of every
   * Jitsi shard): added to the pods and used as the topology spread selector.
   */
  spreadGroup?: Record<string, string>;
  /** Node labels required on top of the pool's (e.g. the media nodes that the TURN host name points at). */
  nodeLabels?: Record<string, string>;
  /** Entries added to the pods' /etc/hosts (e.g. a vendor's phone-home hosts sent to a closed local port). */
  hostAliases?: { ip: string; hostnames: string[] }[];
}

export function labelsFor(o: Pick<WorkloadOptions, 'env' | 'app' | 'component' | 'versionImage'>): Record<string, string> {
  return recommendedLabels({ app: o.app, component: o.component, version: versionOf(o.versionImage) }, o.env.name);
}

function topologySpread(o: WorkloadOptions) {
  const selector = { matchLabels: o.spreadGroup ?? selectorLabels(o) };
  return [
    // Zones: soft, so that losing a zone still lets the survivors reschedule.
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: o.hardHostSpread ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector: selector,
    },
  ];
}

function podTemplate(o: WorkloadOptions) {
  return {
    metadata: { labels: { ...labelsFor(o), ...o.spreadGroup }, ...(o.podAnnotations ? { annotations: o.podAnnotations } : {}) },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      ...(o.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
      ...(o.hostAliases ? { hostAliases: o.hostAliases } : {}),
      ...poolPlacement(o.plan.pool),
      ...(o.nodeLabels ? { nodeSelector: { ...poolPlacement(o.plan.pool).nodeSelector, ...o.nodeLabels } } : {}),
      topologySpreadConstraints: topologySpread(o),
      securityContext: {
        // uid 0 only for images listed in design-exceptions.ts; their containers say why.
        runAsNonRoot: o.user.uid !== 0,
        runAsUser: o.user.uid,
        runAsGroup: o.user.gid,
        fsGroup: o.user.gid,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(o.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds } : {}),
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      containers: o.containers,
      ...(o.volumes && o.volumes.length > 0 ? { volumes: o.volumes } : {}),
    },
  };
}

function metadata(o: WorkloadOptions, name = o.component) {
  return { name, namespace: o.namespace, labels: labelsFor(o) };
}

/** One voluntary disruption at a time, whatever the replica count (a single-replica PDB still lets nodes drain). */
export function podDisruptionBudget(o: WorkloadOptions): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(o),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(o) } },
  };
}

export function deployment(o: WorkloadOptions): KubeObject[] {
  const replicas = o.replicas ?? o.plan.replicas;
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(o),
      spec: {
        replicas,
        revisionHistoryLimit: 3,
        selector: { matchLabels: selectorLabels(o) },
        // Host-networked pods hold a host port: the old pod must go before the new one starts.
        strategy: o.neverTwoAtOnce
          ? { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: o.hostNetwork ? { maxUnavailable: 1, maxSurge: 0 } : { maxUnavailable: 0, maxSurge: 1 } },
        template: podTemplate(o),
      },
    },
    podDisruptionBudget(o),
  ];
}

/**
 * A StatefulSet with its headless Service (stable member names) and, when the plan gives the
 * component a volume, one persistent volume per member mounted as `dataMountName`.
 */
export function statefulSet(o: WorkloadOptions & { dataMountName?: string; ports: { name: string; port: number }[] }): KubeObject[] {
  const volume = o.plan.volume;
  if (volume && !o.dataMountName) throw new Error(`component ${o.plan.name} has a volume but no mount name`);
  const headless = `${o.component}-headless`;
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(o, headless),
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: selectorLabels(o),
        ports: o.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: 'TCP' })),
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: metadata(o),
      spec: {
        replicas: o.replicas ?? o.plan.replicas,
        serviceName: headless,
        podManagementPolicy: 'OrderedReady',
        revisionHistoryLimit: 3,
        selector: { matchLabels: selectorLabels(o) },
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: podTemplate(o),
        ...(volume
          ? {
              volumeClaimTemplates: [
                {
                  metadata: { name: o.dataMountName, labels: selectorLabels(o) },
                  spec: {
                    accessModes: ['ReadWriteOnce'],
                    storageClassName: storageClassName(volume.class),
                    resources: { requests: { storage: `${volume.sizeGi}Gi` } },
                  },
                },
              ],
            }
          : {}),
      },
    },
    podDisruptionBudget(o),
  ];
}

/** A ClusterIP Service in front of a component's pods. */
export function service(
  o: Pick<WorkloadOptions, 'env' | 'namespace' | 'app' | 'component' | 'versionImage'>,
  ports: { name: string; port: number; targetPort?: number | string; protocol?: 'TCP' | 'UDP' }[],
  name = o.component,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: o.namespace, labels: labelsFor(o) },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(o),
      ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' })),
    },
  };
}

export function configMap(namespace: string, name: string, labels: Record<string, string>, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}
