/**
 * The Pods an example puts on its general and media pools, as their controllers would create them
 * from the synthesized manifests, for kube-scheduler to place: each Deployment's and StatefulSet's
 * replicas and one Pod of each CronJob's jobTemplate (the Pod of `jobFromCronJob`'s Job), with the
 * template's spec untouched (requests, nodeSelector, affinity, tolerations, topology spread,
 * priorityClassName) and its labels, plus the labels the controller adds (k8s.io/kubernetes v1.36
 * pkg/controller/deployment `pod-template-hash`; statefulset/stateful_set_utils.go
 * `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`, the claim volumes
 * `<claim>-<pod>`; job/job_controller.go `batch.kubernetes.io/job-name`).
 *
 * Beside them, the Pods of the cluster that socle sizes but does not render: RKE2's CoreDNS and its
 * autoscaler as sizing/node-pools.ts RKE2_CLUSTER_ADDONS describes them (requests, CoreDNS's
 * required hostname anti-affinity, any untainted node; the control-plane nodes their chart may
 * also use are not modelled here),
 * and Traefik's replicas with the requests and nodeSelector socle hands its chart
 * (deploy/operators.json; the chart's own placement defaults were not read: no Helm repository is
 * reachable here).
 *
 * Left out: one-off Jobs (`nextcloud-install`, the schema and replica-set Jobs: done before the
 * services run, and not in the plan), the database pool's Pods, what the operators create
 * (CloudNativePG instances), and the operators' own Pods (cert-manager, the CloudNativePG
 * operator: their charts set no requests, which the scheduler then counts as none).
 */
import type { PoolRole, Resources } from '../../../sizing/sizing-plan.js';
import { RKE2_CLUSTER_ADDONS } from '../../../sizing/node-pools.js';
import { POOL_LABEL } from '../../../stacks/compute/rke2-cloud-init.js';
import { HOSTNAME_LABEL, PLACED_POOLS } from './planned-nodes.js';
import type { SynthesizedExample } from './synthesized-manifests.js';
import { jobFromCronJob } from './workload-pods.js';

type Json = Record<string, any>;

export interface PodSet {
  /** `Deployment nextcloud/nextcloud-app`: what creates it again when it is lost. */
  readonly set: string;
  readonly namespace: string;
  readonly pool: PoolRole;
  /** Never two of its set on one node (hard hostname spread or anti-affinity): it carries its own spare and is not moved when its node is lost. */
  readonly onePerNode: boolean;
  readonly priorityClassName?: string;
  /** What the scheduler counts for it (sizing/pod-requests.ts, the same formula). */
  readonly requests: Resources;
  /** The Pod its controller creates as its `index`-th (0 first; a replacement takes the next index, a StatefulSet's its ordinal again). */
  pod(index: number): Json;
  /** A StatefulSet's: a replacement takes the lost Pod's name (its ordinal) again. */
  readonly ordinal: boolean;
  /** How many the example runs. */
  readonly replicas: number;
  /** StatefulSet claim volumes: the PersistentVolumeClaims its Pod `name` mounts. */
  claims(podName: string): Json[];
}

/** `500m`, `2`: millicores. */
export function cpuMillicores(q: string | undefined): number {
  if (q === undefined) return 0;
  const m = /^(\d+)m$/.exec(q);
  if (m) return Number(m[1]);
  if (/^\d+(\.\d+)?$/.test(q)) return Math.round(Number(q) * 1000);
  throw new Error(`CPU quantity ${q}: not a form this test bed reads`);
}

/** `512Mi`, `2Gi`: MiB. */
export function memoryMiB(q: string | undefined): number {
  if (q === undefined) return 0;
  const m = /^(\d+)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`memory quantity ${q}: not a form this test bed reads`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

const requestsOf = (c: Json): Resources => ({ cpuMillicores: cpuMillicores(c.resources?.requests?.cpu), memoryMiB: memoryMiB(c.resources?.requests?.memory) });
const add = (a: Resources, b: Resources): Resources => ({ cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryMiB: a.memoryMiB + b.memoryMiB });
const max = (a: Resources, b: Resources): Resources => ({ cpuMillicores: Math.max(a.cpuMillicores, b.cpuMillicores), memoryMiB: Math.max(a.memoryMiB, b.memoryMiB) });
const ZERO: Resources = { cpuMillicores: 0, memoryMiB: 0 };

/**
 * k8s.io/component-helpers v0.36 resource/helpers.go PodRequests: the app containers plus the
 * restartable (sidecar) init containers, or an init container plus the sidecars started before it
 * if that is more.
 */
export function podSpecRequests(spec: Json): Resources {
  let sidecars = ZERO;
  let initPeak = ZERO;
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy === 'Always') sidecars = add(sidecars, requestsOf(c));
    else initPeak = max(initPeak, add(sidecars, requestsOf(c)));
  }
  const running = (spec.containers as Json[]).reduce<Resources>((sum, c) => add(sum, requestsOf(c)), sidecars);
  return max(running, initPeak);
}

/** A hard hostname spread (DoNotSchedule) or a required hostname anti-affinity. */
function isOnePerNode(spec: Json): boolean {
  const spread = (spec.topologySpreadConstraints ?? []).some((c: Json) => c.topologyKey === HOSTNAME_LABEL && c.whenUnsatisfiable === 'DoNotSchedule');
  const anti = (spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some((t: Json) => t.topologyKey === HOSTNAME_LABEL);
  return spread || anti;
}

/** The five characters a ReplicaSet or Job appends to a Pod's name, made from the index (names only need to be unique). */
const suffix = (index: number) => `p${String(index).padStart(4, '0')}`;

function fromTemplate(kind: 'Deployment' | 'StatefulSet' | 'Job', owner: Json, template: Json, replicas: number): PodSet | undefined {
  const { name, namespace } = owner.metadata;
  const pool = template.spec.nodeSelector?.[POOL_LABEL] as PoolRole | undefined;
  if (!pool || !PLACED_POOLS.includes(pool)) return undefined;
  const claimTemplates: Json[] = kind === 'StatefulSet' ? (owner.spec.volumeClaimTemplates ?? []) : [];
  const podName = (index: number) => (kind === 'StatefulSet' ? `${name}-${index}` : kind === 'Deployment' ? `${name}-socle-${suffix(index)}` : `${name}-${suffix(index)}`);
  const controllerLabels = (index: number): Record<string, string> =>
    kind === 'Deployment' ? { 'pod-template-hash': 'socle' } : kind === 'StatefulSet' ? { 'statefulset.kubernetes.io/pod-name': podName(index), 'apps.kubernetes.io/pod-index': String(index) } : { 'batch.kubernetes.io/job-name': name };
  return {
    set: `${kind} ${namespace}/${name}`,
    namespace,
    pool,
    onePerNode: isOnePerNode(template.spec),
    ordinal: kind === 'StatefulSet',
    ...(template.spec.priorityClassName ? { priorityClassName: template.spec.priorityClassName as string } : {}),
    requests: podSpecRequests(template.spec),
    replicas,
    pod: (index) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName(index), namespace, labels: { ...template.metadata?.labels, ...controllerLabels(index) }, ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}) },
      spec: {
        ...template.spec,
        ...(claimTemplates.length > 0 ? { volumes: [...(template.spec.volumes ?? []), ...claimTemplates.map((c) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${podName(index)}` } }))] } : {}),
      },
    }),
    claims: (pod) => claimTemplates.map((c) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${c.metadata.name}-${pod}`, namespace }, spec: c.spec })),
  };
}

/** A container that passes Pod Security `restricted`, for the Pods modelled here (their images and commands do not matter to the scheduler). */
function stubContainer(requests: Resources): Json {
  return {
    name: 'main',
    image: 'registry.k8s.io/pause:3.10',
    resources: { requests: { cpu: `${requests.cpuMillicores}m`, memory: `${requests.memoryMiB}Mi` } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
  };
}

function modelled(set: string, namespace: string, labels: Record<string, string>, requests: Resources, replicas: number, placement: Json): PodSet {
  const name = set.slice(set.lastIndexOf('/') + 1);
  return {
    set,
    namespace,
    pool: 'general',
    onePerNode: isOnePerNode(placement),
    ordinal: false,
    requests,
    replicas,
    pod: (index) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-socle-${suffix(index)}`, namespace, labels }, spec: { ...placement, containers: [stubContainer(requests)] } }),
    claims: () => [],
  };
}

/** RKE2's CoreDNS and its autoscaler (RKE2_CLUSTER_ADDONS), and Traefik from the values socle gives its chart. */
function clusterPods(example: SynthesizedExample): PodSet[] {
  const addon = (set: string) => RKE2_CLUSTER_ADDONS.filter((p) => p.set === set);
  const coreDns = addon('rke2-coredns');
  const autoscaler = addon('rke2-coredns-autoscaler');
  const dnsLabels = { 'k8s-app': 'kube-dns' };
  const pods = [
    modelled('Deployment kube-system/rke2-coredns', 'kube-system', dnsLabels, coreDns[0]!.requests, coreDns.length, {
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: dnsLabels }, topologyKey: HOSTNAME_LABEL }] } },
    }),
    modelled('Deployment kube-system/rke2-coredns-autoscaler', 'kube-system', { 'k8s-app': 'kube-dns-autoscaler' }, autoscaler[0]!.requests, autoscaler.length, {}),
  ];
  const traefik = example.operators.find((o) => o.name === 'traefik') as (SynthesizedExample['operators'][number] & { values?: Json }) | undefined;
  if (traefik?.values) {
    const v = traefik.values;
    const requests = { cpuMillicores: cpuMillicores(v.resources?.requests?.cpu), memoryMiB: memoryMiB(v.resources?.requests?.memory) };
    pods.push(modelled(`Deployment ${traefik.namespace}/traefik`, traefik.namespace, { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': `traefik-${traefik.namespace}` }, requests, v.deployment?.replicas ?? 1, {
      nodeSelector: v.nodeSelector ?? {},
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    }));
  }
  return pods;
}

/** Every Pod the example runs on its general and media pools, in the order its manifests list them, then the cluster's own. */
export function podsToPlace(example: SynthesizedExample): PodSet[] {
  const objects = example.files.flatMap((f) => f.objects) as Json[];
  const fromManifests = objects.flatMap((o) => {
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') return [fromTemplate(o.kind, o, o.spec.template, o.spec.replicas ?? 1)];
    if (o.kind === 'CronJob') {
      const job = jobFromCronJob({ ...o, metadata: { ...o.metadata, uid: 'none' } } as any);
      return [fromTemplate('Job', job, job.spec.template, 1)];
    }
    return [];
  });
  return [...fromManifests.filter((p): p is PodSet => p !== undefined), ...clusterPods(example)];
}
