/**
 * What kube-controller-manager made of each workload: the Pods it got admitted, and the
 * `FailedCreate` events the ReplicaSet, StatefulSet and Job controllers record when the API server
 * refuses a Pod (k8s.io/kubernetes v1.36 pkg/controller/controller_utils.go FailedCreatePodReason,
 * recorded with the admission error as message: Pod Security's `violates PodSecurity "restricted:latest": …`).
 */
import type { KubeClient } from './kube-client.js';

interface Meta { name: string; namespace: string; uid: string; labels?: Record<string, string>; ownerReferences?: { uid: string; kind: string; name: string }[] }
interface Item { metadata: Meta; spec?: any; status?: any }
interface Event { reason: string; type: string; message: string; involvedObject: { uid?: string; kind: string; name: string; namespace?: string } }

export interface WorkloadPods {
  /** `Deployment nextcloud/nextcloud-app` */
  readonly workload: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Pods the controller must create with no kubelet running (see `expectedPods`). */
  readonly expected: number;
  readonly pods: Item[];
  /** `FailedCreate` messages for the workload or its ReplicaSets. */
  readonly failedCreate: string[];
  /** Every other Warning event of the workload or its ReplicaSets. */
  readonly warnings: string[];
}

/**
 * How many Pods must exist without a kubelet: a Deployment's replicas (its ReplicaSet creates them
 * all at once); a Job's parallelism capped by completions; a StatefulSet with the default
 * OrderedReady policy creates only ordinal 0 until that Pod is Ready (pkg/controller/statefulset/
 * stateful_set_control.go), so 1, or every replica with `Parallel`.
 */
export function expectedPods(kind: string, spec: any): number {
  if (kind === 'Deployment') return spec.replicas ?? 1;
  if (kind === 'StatefulSet') return spec.podManagementPolicy === 'Parallel' ? (spec.replicas ?? 1) : Math.min(1, spec.replicas ?? 1);
  if (kind === 'Job') return spec.suspend ? 0 : Math.min(spec.parallelism ?? 1, spec.completions ?? spec.parallelism ?? 1);
  return 0;
}

async function snapshot(client: KubeClient, namespaces: string[]): Promise<WorkloadPods[]> {
  const list = async (apiVersion: string, kind: string) => (await Promise.all(namespaces.map((ns) => client.list<Item>(apiVersion, kind, ns)))).flat();
  const [deployments, replicaSets, statefulSets, jobs, pods, events] = await Promise.all([
    list('apps/v1', 'Deployment'),
    list('apps/v1', 'ReplicaSet'),
    list('apps/v1', 'StatefulSet'),
    list('batch/v1', 'Job'),
    list('v1', 'Pod'),
    (await Promise.all(namespaces.map((ns) => client.list<Event>('v1', 'Event', ns)))).flat(),
  ]);
  const ownedBy = <T extends Item>(items: T[], uids: Set<string>) => items.filter((i) => i.metadata.ownerReferences?.some((r) => uids.has(r.uid)));
  const workloads = [...deployments.map((d) => ['Deployment', d] as const), ...statefulSets.map((s) => ['StatefulSet', s] as const), ...jobs.map((j) => ['Job', j] as const)];
  return workloads.map(([kind, w]) => {
    const owners = new Set([w.metadata.uid, ...(kind === 'Deployment' ? ownedBy(replicaSets, new Set([w.metadata.uid])).map((r) => r.metadata.uid) : [])]);
    const own = events.filter((e) => e.type === 'Warning' && e.involvedObject.uid !== undefined && owners.has(e.involvedObject.uid));
    return {
      workload: `${kind} ${w.metadata.namespace}/${w.metadata.name}`,
      namespace: w.metadata.namespace,
      labels: w.metadata.labels ?? {},
      expected: expectedPods(kind, w.spec),
      pods: ownedBy(pods, owners),
      failedCreate: own.filter((e) => e.reason === 'FailedCreate').map((e) => e.message),
      warnings: own.filter((e) => e.reason !== 'FailedCreate').map((e) => `${e.reason}: ${e.message}`),
    };
  });
}

const settled = (w: WorkloadPods) => w.pods.length >= w.expected || w.failedCreate.length > 0;

/**
 * Polls until every workload in `namespaces` has its Pods or a refusal, or the deadline passes
 * (then returns what there is, so the caller's assertion names the workloads still waiting).
 */
export async function waitForWorkloadPods(client: KubeClient, namespaces: string[], timeoutMs: number): Promise<WorkloadPods[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await snapshot(client, namespaces);
    if (state.every(settled) || Date.now() > deadline) return state;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** A Job as `kubectl create job --from=cronjob/<name>` makes it (k8s.io/kubectl pkg/cmd/create/create_job.go createJobFromCronJob: the template's labels and annotations, `cronjob.kubernetes.io/instantiate: manual`, the CronJob as controller). */
export function jobFromCronJob(cron: Item & { apiVersion?: string }): Record<string, any> {
  const template = cron.spec.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      // A Job's name becomes its Pods' `batch.kubernetes.io/job-name` label value (at most 63 characters).
      name: `${cron.metadata.name.slice(0, 45)}-manual`,
      namespace: cron.metadata.namespace,
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
      annotations: { ...(template.metadata?.annotations ?? {}), 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cron.metadata.name, uid: cron.metadata.uid, controller: true }],
    },
    spec: template.spec,
  };
}
