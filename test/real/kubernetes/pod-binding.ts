/**
 * Watching kube-scheduler bind Pods with no kubelet running: which Pods got a node, which stay
 * Pending and why (the PodScheduled condition the scheduler writes: k8s.io/kubernetes v1.36
 * pkg/scheduler/schedule_one.go handleSchedulingFailure, reason `Unschedulable`), which the
 * scheduler preempted — and the kubelet's one part the scheduler needs: a victim of preemption is
 * deleted gracefully (pkg/scheduler/framework/preemption/preemption.go, through
 * util.DeletePod), and only the kubelet ends a bound Pod's grace period; here the stand-in does
 * (`gracePeriodSeconds=0`), so the preemptor's nominated node frees up.
 */
import type { Resources } from '../../../sizing/sizing-plan.js';
import { describeStatus, type KubeClient } from './kube-client.js';
import { cpuMillicores, memoryMiB, podSpecRequests } from './placed-pods.js';

type Json = Record<string, any>;

export const podKey = (p: Json): string => `${p.metadata.namespace}/${p.metadata.name}`;

export interface Binding {
  /** `ns/name` → node, for the Pods waited for that got one. */
  readonly bound: Map<string, string>;
  /** Pods waited for that have no node, with the scheduler's last word on them. */
  readonly pending: { pod: string; message: string }[];
  /** Pods waited for that the scheduler deleted (preempted). */
  readonly preempted: string[];
}

/** Deletes at once, as the kubelet confirms a Pod's end (no kubelet runs to end its grace period). */
export async function forceDelete(client: KubeClient, key: string): Promise<void> {
  const [namespace, name] = key.split('/');
  const res = await client.request('DELETE', `/api/v1/namespaces/${namespace}/pods/${name}?gracePeriodSeconds=0`);
  if (res.status !== 200 && res.status !== 404) throw new Error(`deleting Pod ${key}: ${res.status} ${describeStatus(res.body)}`);
}

export async function createPod(client: KubeClient, pod: Json): Promise<void> {
  const res = await client.request('POST', `/api/v1/namespaces/${pod.metadata.namespace}/pods`, pod);
  if (res.status !== 201) throw new Error(`creating Pod ${podKey(pod)}: ${res.status} ${describeStatus(res.body)}`);
}

const listPods = async (client: KubeClient): Promise<Json[]> => (await client.get<{ items: Json[] }>('/api/v1/pods')).items;

const unschedulable = (p: Json) => (p.status?.conditions ?? []).some((c: Json) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable') && !p.status?.nominatedNodeName;

/**
 * Polls until every Pod of `keys` is bound, or those left are all marked unschedulable (and
 * nothing changed) for `settleMs`, or the timeout passes; the stand-in kubelet ends every Pod the
 * scheduler deletes meanwhile.
 */
export async function waitForBinding(client: KubeClient, keys: readonly string[], timeoutMs: number, settleMs = 10_000): Promise<Binding> {
  const deadline = Date.now() + timeoutMs;
  const wanted = new Set(keys);
  const preempted = new Set<string>();
  let lastChange = Date.now();
  let lastBound = -1;
  for (;;) {
    const pods = await listPods(client);
    for (const p of pods.filter((x) => x.metadata.deletionTimestamp)) {
      if (wanted.has(podKey(p))) preempted.add(podKey(p));
      await forceDelete(client, podKey(p));
    }
    const present = new Map(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => [podKey(p), p]));
    for (const k of wanted) if (!present.has(k)) preempted.add(k);
    const bound = new Map<string, string>();
    const waiting: Json[] = [];
    for (const k of wanted) {
      const p = present.get(k);
      if (!p) continue;
      if (p.spec.nodeName) bound.set(k, p.spec.nodeName);
      else waiting.push(p);
    }
    if (bound.size !== lastBound) {
      lastBound = bound.size;
      lastChange = Date.now();
    }
    const settled = waiting.every(unschedulable) && Date.now() - lastChange >= settleMs;
    if (waiting.length === 0 || settled || Date.now() > deadline) {
      const message = (p: Json) => (p.status?.conditions ?? []).find((c: Json) => c.type === 'PodScheduled')?.message ?? 'not yet tried by the scheduler';
      return { bound, pending: waiting.map((p) => ({ pod: podKey(p), message: message(p) })), preempted: [...preempted] };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface NodeUsage {
  readonly node: string;
  readonly allocatable: Resources;
  /** Requests of the Pods bound to it, the node's daemons included. */
  readonly requested: Resources;
  readonly free: Resources;
  readonly pods: string[];
}

/** What each node's bound Pods request, against its allocatable (NodeResourcesFit's arithmetic). */
export async function nodeUsage(client: KubeClient, nodeNames: readonly string[]): Promise<NodeUsage[]> {
  const [pods, nodes] = await Promise.all([listPods(client), client.get<{ items: Json[] }>('/api/v1/nodes')]);
  return nodeNames.map((name) => {
    const node = nodes.items.find((n) => n.metadata.name === name)!;
    const allocatable = { cpuMillicores: cpuMillicores(node.status.allocatable.cpu), memoryMiB: memoryMiB(node.status.allocatable.memory) };
    const here = pods.filter((p) => p.spec.nodeName === name && !p.metadata.deletionTimestamp);
    const requested = here.map((p) => podSpecRequests(p.spec)).reduce<Resources>((a, b) => ({ cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryMiB: a.memoryMiB + b.memoryMiB }), { cpuMillicores: 0, memoryMiB: 0 });
    return { node: name, allocatable, requested, free: { cpuMillicores: allocatable.cpuMillicores - requested.cpuMillicores, memoryMiB: allocatable.memoryMiB - requested.memoryMiB }, pods: here.map(podKey) };
  });
}
