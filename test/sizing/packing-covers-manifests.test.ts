/**
 * The packing places every pod the scheduler will place: the pods of each shipped example's
 * rendered manifests — Deployments, StatefulSets, CloudNativePG Clusters, the CronJobs' runs and the
 * ingress gateway's Helm release — each counted the way the scheduler counts a pod (sidecars and
 * init containers included), pool by pool, are exactly the pods sizing/packing.ts placed.
 * One-shot Jobs (install, schema, replica-set initiation) run at deploy time only: they are not
 * placed, but each must fit the room one node of its pool has left once the others are placed.
 */
import { describe, expect, it } from 'vitest';
import { operatorReleases } from '../../charts/platform/operators.js';
import { BACKUP_PRIORITY_CLASS } from '../../charts/platform/priority-classes.js';
import { podsOf, RKE2_CLUSTER_ADDONS } from '../../sizing/node-pools.js';
import { EXAMPLE_NAMES, loadExample, render } from '../charts/examples.js';

interface Container {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: { cpu?: string; memory?: string } };
}
interface PodSpec {
  nodeSelector?: Record<string, string>;
  containers: Container[];
  initContainers?: Container[];
}

const cpu = (q: string | undefined) => (q === undefined ? 0 : q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
const mem = (q: string | undefined) => (q === undefined ? 0 : q.endsWith('Mi') ? Number(q.slice(0, -2)) : q.endsWith('Gi') ? Number(q.slice(0, -2)) * 1024 : Number(q) / 1048576);
const requestOf = (c: Container) => ({ cpuMillicores: cpu(c.resources?.requests?.cpu), memoryMiB: mem(c.resources?.requests?.memory) });

/**
 * The scheduler's count for a pod, read from its spec (k8s.io/component-helpers
 * resource/helpers.go `AggregateContainerRequests`): the app containers summed, each init
 * container with the restartable ones before it, the larger of the two.
 */
function scheduledRequest(spec: PodSpec) {
  let cpuSum = 0;
  let memSum = 0;
  for (const c of spec.containers) {
    cpuSum += requestOf(c).cpuMillicores;
    memSum += requestOf(c).memoryMiB;
  }
  let restartableCpu = 0;
  let restartableMem = 0;
  let initCpu = 0;
  let initMem = 0;
  for (const c of spec.initContainers ?? []) {
    const r = requestOf(c);
    if (c.restartPolicy === 'Always') {
      cpuSum += r.cpuMillicores;
      memSum += r.memoryMiB;
      restartableCpu += r.cpuMillicores;
      restartableMem += r.memoryMiB;
      initCpu = Math.max(initCpu, restartableCpu);
      initMem = Math.max(initMem, restartableMem);
    } else {
      initCpu = Math.max(initCpu, r.cpuMillicores + restartableCpu);
      initMem = Math.max(initMem, r.memoryMiB + restartableMem);
    }
  }
  return { cpuMillicores: Math.max(cpuSum, initCpu), memoryMiB: Math.max(memSum, initMem) };
}

type Pod = { pool: string; cpuMillicores: number; memoryMiB: number };
const key = (p: Pod) => `${p.pool} ${p.cpuMillicores}m ${p.memoryMiB}Mi`;
const sorted = (pods: Pod[]) => pods.map(key).sort();

function renderedPods(name: (typeof EXAMPLE_NAMES)[number]): Pod[] {
  const env = loadExample(name);
  const { plan, objects } = render(env);
  const pods: Pod[] = [];
  const add = (spec: PodSpec, replicas: number) => {
    const pool = spec.nodeSelector?.['socle/pool'];
    if (!pool) throw new Error('a pod without a pool');
    for (let i = 0; i < replicas; i++) pods.push({ pool, ...scheduledRequest(spec) });
  };
  for (const o of objects as Record<string, any>[]) {
    if (o['kind'] === 'Deployment' || o['kind'] === 'StatefulSet') add(o['spec']['template']['spec'], o['spec']['replicas']);
    // One run of each CronJob at a time (concurrencyPolicy Forbid).
    if (o['kind'] === 'CronJob') add(o['spec']['jobTemplate']['spec']['template']['spec'], 1);
    // CloudNativePG's instance pods carry the Cluster's resources on the postgres container and on
    // its bootstrap-controller init container alike (cloudnative-pg pkg/specs/pods.go).
    if (o['kind'] === 'Cluster') add({ nodeSelector: o['spec']['affinity']['nodeSelector'], containers: [{ name: 'postgres', resources: o['spec']['resources'] }] }, o['spec']['instances']);
  }
  // The HTTPS gateway is a Helm release (charts/platform/operators.ts); the other operators set no
  // resources and their charts ask none by default (cloudnative-pg charts values.yaml, cloud-provider-openstack
  // openstack-cloud-controller-manager values.yaml: `resources: {}`), so they take no room the packing counts.
  for (const release of operatorReleases(env, plan)) {
    const values = release.values as Record<string, any>;
    if (release.name === 'traefik') {
      const spec: PodSpec = { nodeSelector: values['nodeSelector'], containers: [{ name: 'traefik', resources: values['resources'] }] };
      add(spec, values['deployment']['replicas']);
    } else expect(JSON.stringify(values), release.name).not.toMatch(/"requests"/);
  }
  return pods;
}

describe.each(EXAMPLE_NAMES)('the packing of %s', (name) => {
  it('places exactly the pods of the rendered manifests, each with what the scheduler counts for it', () => {
    const env = loadExample(name);
    const plan = render(env).plan;
    const placed = podsOf(plan.components).map((p) => ({ pool: plan.components.find((c) => c.name === p.set)!.pool, ...p.requests }));
    expect(sorted(placed)).toEqual(sorted(renderedPods(name)));
  });

  it("sums those pods into each pool's requested resources, with RKE2's own add-ons on the general pool", () => {
    const env = loadExample(name);
    const plan = render(env).plan;
    const addons = env.cluster.mode === 'instances' ? RKE2_CLUSTER_ADDONS.map((p) => ({ pool: 'general', ...p.requests })) : [];
    const pods = [...renderedPods(name), ...addons];
    for (const pool of plan.nodePools.filter((p) => p.role !== 'control-plane')) {
      const mine = pods.filter((p) => p.pool === pool.role);
      expect(pool.requested).toEqual({ cpuMillicores: mine.reduce((n, p) => n + p.cpuMillicores, 0), memoryMiB: mine.reduce((n, p) => n + p.memoryMiB, 0) });
    }
  });
});

describe.each(EXAMPLE_NAMES)('the one-shot Jobs of %s', (name) => {
  it('each fit the room a node of its pool has left beside the placed pods', () => {
    const { plan, objects } = render(loadExample(name));
    const jobs = (objects as Record<string, any>[]).filter((o) => o['kind'] === 'Job');
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const spec: PodSpec = job['spec']['template']['spec'];
      const pool = plan.nodePools.find((p) => p.role === spec.nodeSelector?.['socle/pool']);
      const need = scheduledRequest(spec);
      const where = pool?.freePerNode.find((free) => need.cpuMillicores <= free.cpuMillicores && need.memoryMiB <= free.memoryMiB);
      expect(where, `${job['metadata']['namespace']}/${job['metadata']['name']} (${need.cpuMillicores}m, ${need.memoryMiB}Mi) on ${pool?.role ?? 'no pool'}`).toBeDefined();
    }
  });
});

describe.each(EXAMPLE_NAMES)('the priorities of %s', (name) => {
  it('put exactly the components the plan counts as preemptible at the backups\' priority', () => {
    const { plan, objects } = render(loadExample(name));
    const templates = (objects as Record<string, any>[]).flatMap((o) => {
      const spec = o['kind'] === 'CronJob' ? o['spec']['jobTemplate']['spec']['template']['spec'] : o['kind'] === 'Deployment' || o['kind'] === 'StatefulSet' || o['kind'] === 'Job' ? o['spec']['template']['spec'] : undefined;
      return spec ? [{ name: o['metadata']['name'] as string, priority: spec['priorityClassName'] as string | undefined }] : [];
    });
    const lowered = templates.filter((t) => t.priority !== undefined);
    expect(lowered.every((t) => t.priority === BACKUP_PRIORITY_CLASS)).toBe(true);
    expect(lowered.map((t) => t.name).sort()).toEqual(plan.components.filter((c) => c.preemptible).map((c) => c.name).sort());
  });
});
