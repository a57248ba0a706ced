/**
 * Every shipped example, created for real in a control plane this suite starts (one per example,
 * as each example is its own cluster): the generated CRDs installed, every manifest server-side
 * applied with `fieldValidation=Strict`, kube-controller-manager turning the workloads into Pods
 * (and Jobs made from each CronJob's template), the CloudNativePG operator making its bootstrap
 * Jobs — and every Pod admitted at its namespace's Pod Security level.
 *
 * Left out here, for want of their charts (no Helm repository is reachable): the Helm releases of
 * deploy/operators.json — Traefik, cert-manager, CloudNativePG's chart (its manager runs here from
 * the Go module instead, with admin credentials rather than the chart's RBAC), the OpenStack cloud
 * controller and Cinder CSI — so their own Pods (review K1: Traefik under `restricted`) are not
 * admitted here; test/charts checks the values socle hands them against Pod Security.
 * No kubelet or scheduler runs: Pods stay Pending, which admission does not need.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtTool, describeProgram, type ProgramAvailability } from '../harness/program-suite.js';
import { EXAMPLE_NAMES } from '../../charts/examples.js';
import { applyObjects, installCrds, readCrds, waitForDefaultServiceAccounts, type ApplyResult } from './apply-to-cluster.js';
import { startCnpgOperator } from './cnpg-operator.js';
import { ControlPlane } from './control-plane.js';
import type { KubeObjectRef } from './kube-client.js';
import { synthesizedExample } from './synthesized-manifests.js';
import { evaluateFlows, readClusterState, type FlowReport } from '../network-flows/cluster-flows.js';
import { jobFromCronJob, waitForWorkloadPods, type WorkloadPods } from './workload-pods.js';
import { createNodes, magnumNodes, runNodeLabelStep } from './magnum-nodes.js';
import { noFittingNode } from './node-fit.js';
import { kubectlForSuite } from './kubectl-tool.js';
import { POOL_LABEL, POOL_TAINTS, TURN_NODE_LABEL } from '../../../stacks/compute/rke2-cloud-init.js';
import { poolOfMagnumGroup } from '../../../stacks/containerinfra/magnum-node-groups.js';

const etcd = builtTool('etcd');
const apiserver = builtTool('kube-apiserver');
const controllerManager = builtTool('kube-controller-manager');
const cnpgManager = builtTool('cnpg-manager');
const crds = builtTool('crds');
const barmanCloudCrds = builtTool('barman-cloud-crds');

/** The API server's suite runs only with etcd and the CRDs beside it. */
function apiserverAvailability(): ProgramAvailability {
  const needed = { etcd, crds, 'barman-cloud-crds': barmanCloudCrds } as const;
  const missing = Object.entries(needed).filter(([, t]) => t.missing || !(t.path ?? t.dir)).map(([k, t]) => `${k} (${t.missing ?? 'no path reported'})`);
  return missing.length ? { missing: `needs ${missing.join('; ')}` } : apiserver;
}

/** Controllers get this long to act on every workload (2 cores, three other suites' builds beside). */
const CONTROLLERS_TIMEOUT_MS = 90_000;

/** Warnings the API server gives on purpose. (Review K14's in-tree Barman Cloud deprecation warning is gone: the Clusters back up through the plugin.) */
const KNOWN_WARNINGS: readonly RegExp[] = [
  // Namespace jitsi enforces baseline and warns at restricted: the docker-jitsi-meet images' root
  // s6 init (charts/apps/jitsi/jitsi-container.ts, design-exceptions.ts) is the debt this keeps in sight.
  /^Deployment jitsi\/jitsi-(web|prosody|jicofo)-\d+: would violate PodSecurity "restricted:latest"/,
];

interface ExampleInCluster {
  crds: ApplyResult[];
  files: { file: string; results: ApplyResult[] }[];
  cronJobs: ApplyResult[];
  workloads: WorkloadPods[];
  namespaceLevels: Map<string, string>;
  /** `Cluster ns/name` → the Jobs the operator made for it (for the plugin-less copies: see BOOTSTRAP_COPY). */
  bootstrapJobs: Map<string, WorkloadPods[]>;
  /** `Cluster ns/name` → its status phase, for the Clusters as rendered. */
  clusterPhases: Map<string, string>;
  etcdReady: boolean;
  flows?: FlowReport;
  /** Why the setup stopped, with the programs' log tails: every check fails with it (a failed hook would only skip them). */
  setupError?: string;
}

/**
 * The Barman Cloud plugin does not run here (its v0.15.0 manager needs barman-cloud v0.6.0, which
 * the Go module proxy does not serve), so the operator holds every Cluster that names it before
 * bootstrap (cloudnative-pg v1.27.0 internal/controller/cluster_controller.go L187-210: phase
 * PhaseUnknownPlugin, api/v1/cluster_types.go L646). The bootstrap Jobs are checked on a copy of
 * each Cluster without `spec.plugins`, named with this suffix: the plugin never changes initdb or
 * join Jobs (plugin-barman-cloud v0.15.0 internal/cnpgi/operator/lifecycle.go L193-198).
 */
const BOOTSTRAP_COPY = '-np';
const UNKNOWN_PLUGIN_PHASE = 'Cluster cannot proceed to reconciliation due to an unknown plugin being required';

const refused = (results: ApplyResult[]) => results.filter((r) => r.error).map((r) => `${r.object}: ${r.status} ${r.error}`);

const apiserverSuite = apiserverAvailability();
const kubectlTool = await kubectlForSuite();
// The programs that run inside the API server's suite: one NOT RUN row each when they cannot run.
for (const [program, availability] of [['etcd', etcd], ['kube-controller-manager', controllerManager], ['cnpg-manager', cnpgManager], ['kubectl', kubectlTool.availability]] as const) {
  if (availability.missing || apiserverSuite.missing) describeProgram(program, { missing: availability.missing ?? `runs in the kube-apiserver suite, which cannot run: ${apiserverSuite.missing}` }, () => {});
}
/** A program's checks inside an example's cluster, only when it runs (else its one NOT RUN row above). */
const inCluster = (program: string, availability: ProgramAvailability, body: () => void) => {
  if (!availability.missing) describeProgram(program, availability, body);
};

describeProgram('kube-apiserver', apiserverSuite, () => {
  for (const name of EXAMPLE_NAMES) {
    describe(name, () => {
      const example = synthesizedExample(name);
      let plane: ControlPlane | undefined;
      const state: ExampleInCluster = { crds: [], files: [], cronJobs: [], workloads: [], namespaceLevels: new Map(), bootstrapJobs: new Map(), clusterPhases: new Map(), etcdReady: false };

      beforeEach(() => {
        expect(state.setupError, 'the control plane setup failed').toBeUndefined();
      });

      beforeAll(async () => {
        try {
          plane = await ControlPlane.start({ etcd: etcd.path!, apiserver: apiserver.path!, ...(controllerManager.path ? { controllerManager: controllerManager.path } : {}) });
        } catch (error) {
          state.setupError = (error as Error).message;
          return;
        }
        const client = plane.client;
        try {
          state.crds = await installCrds(client, [...readCrds(crds.dir!), ...readCrds(barmanCloudCrds.dir!)]);
          const namespaces = example.files.flatMap((f) => f.objects).filter((o) => o.kind === 'Namespace');
          for (const ns of namespaces) state.namespaceLevels.set(ns.metadata.name, String((ns.metadata.labels as Record<string, string>)['pod-security.kubernetes.io/enforce']));
          for (const file of example.files) {
            // Clusters and ScheduledBackups go through the operator's webhooks, so it runs before them.
            if (cnpgManager.path && file.objects.some((o) => o.apiVersion.startsWith('postgresql.cnpg.io/')) && !plane.processes.some((p) => p.name === 'cnpg-manager')) {
              await startCnpgOperator(plane, cnpgManager.path);
            }
            state.files.push({ file: file.file, results: await applyObjects(client, file.objects) });
            if (file.file.endsWith('00-namespaces.yaml') && controllerManager.path) await waitForDefaultServiceAccounts(client, namespaces.map((n) => n.metadata.name));
          }
          const cronJobs = (await Promise.all([...state.namespaceLevels.keys()].map((ns) => client.list<KubeObjectRef & { metadata: { uid: string } } & Record<string, any>>('batch/v1', 'CronJob', ns)))).flat();
          state.cronJobs = await applyObjects(client, cronJobs.map((c) => jobFromCronJob(c as any) as KubeObjectRef));
          const clusters = example.files.flatMap((f) => f.objects).filter((o) => o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/'));
          if (controllerManager.path) state.workloads = await waitForWorkloadPods(client, [...state.namespaceLevels.keys()], CONTROLLERS_TIMEOUT_MS);
          state.etcdReady = (await client.request('GET', '/readyz/etcd')).status === 200;
          // Before the plugin-less copies exist: the flows are those of the rendered objects.
          state.flows = evaluateFlows(await readClusterState(client, [...state.namespaceLevels.keys()]), example.env, example.plan);
          if (controllerManager.path && cnpgManager.path) {
            const copies = clusters.map((c) => ({ ...c, metadata: { ...c.metadata, name: `${c.metadata.name}${BOOTSTRAP_COPY}` }, spec: Object.fromEntries(Object.entries(c.spec as Record<string, unknown>).filter(([k]) => k !== 'plugins')) }) as KubeObjectRef);
            const copied = await applyObjects(client, copies);
            if (refused(copied).length) throw new Error(`the plugin-less copies of the Clusters were refused: ${refused(copied).join('; ')}`);
            const deadline = Date.now() + CONTROLLERS_TIMEOUT_MS;
            // The operator's bootstrap Jobs must exist before "their Pods are admitted" means anything.
            for (;;) {
              const workloads = await waitForWorkloadPods(client, [...state.namespaceLevels.keys()], Math.max(0, deadline - Date.now()));
              for (const c of copies) state.bootstrapJobs.set(`Cluster ${c.metadata.namespace}/${c.metadata.name}`, workloads.filter((w) => w.namespace === c.metadata.namespace && isBootstrapJobOf(w, c.metadata.name)));
              for (const c of clusters) state.clusterPhases.set(`Cluster ${c.metadata.namespace}/${c.metadata.name}`, (await client.request('GET', `/apis/postgresql.cnpg.io/v1/namespaces/${c.metadata.namespace}/clusters/${c.metadata.name}`)).body?.status?.phase ?? '');
              const waiting = [...state.bootstrapJobs.values()].some((jobs) => jobs.length === 0) || [...state.clusterPhases.values()].some((p) => p !== UNKNOWN_PLUGIN_PHASE);
              if (!waiting || Date.now() > deadline) break;
              await new Promise((r) => setTimeout(r, 2000));
            }
          }
        } catch (error) {
          state.setupError = `${(error as Error).message}\n${plane.tails()}`;
        }
      });

      afterAll(async () => {
        await plane?.stop();
      });

      it('installs the generated CRDs of cert-manager, CloudNativePG, its Barman Cloud plugin and Traefik (each Established)', () => {
        expect(state.crds.map((r) => r.object)).toContain('CustomResourceDefinition objectstores.barmancloud.cnpg.io');
        expect(state.crds.length).toBeGreaterThan(0);
        expect(refused(state.crds)).toEqual([]);
      });

      for (const file of example.files) {
        it(`accepts every object of ${file.file} (${file.objects.length}) with server-side apply and fieldValidation=Strict`, () => {
          const applied = state.files.find((f) => f.file === file.file);
          expect(applied?.results.length).toBe(file.objects.length);
          expect(refused(applied!.results)).toEqual([]);
        });
      }

      it('gives no warning for objects in namespaces that enforce Pod Security restricted (but the one socle knows it leaves)', () => {
        const warned = state.files.flatMap((f) => f.results).filter((r) => r.warnings.length > 0 && (r.namespace === undefined || state.namespaceLevels.get(r.namespace) !== 'privileged'));
        const lines = warned.flatMap((r) => r.warnings.map((w) => `${r.object}: ${w}`));
        const known = lines.filter((l) => KNOWN_WARNINGS.some((k) => k.test(l)));
        expect(lines.filter((l) => !known.includes(l))).toEqual([]);
        // Each known warning is still given: once socle moves off it, its entry must go.
        for (const k of KNOWN_WARNINGS) expect(known.some((l) => k.test(l)), String(k)).toBe(true);
      });

      // NetworkPolicy flows (test/real/network-flows/): the policies as the API server holds them,
      // for every Pod the controllers and the operator made, plus the Pods modelled in cluster-flows.ts.
      it('lets every Pod open the connections its configuration needs (DNS, the API, its peers, S3, SMTP, the identity provider)', () => {
        expect(state.flows?.evaluated).toBeGreaterThan(0);
        expect(state.flows?.undeclared, 'Pods the flow table (needed-flows.ts) does not describe').toEqual([]);
        expect(state.flows?.blocked).toEqual([]);
      });

      it('lets no Pod reach a public address on a port it does not need', () => {
        expect(state.flows?.openToInternet).toEqual([]);
      });

      inCluster('etcd', etcd, () => {
        it('stores what the API server accepted (the API server reports its etcd ready after every write)', () => {
          expect(state.etcdReady).toBe(true);
        });
      });

      inCluster('kube-controller-manager', controllerManager, () => {
        it('admits every Pod the controllers create for socle\'s workloads: no FailedCreate event, at each namespace\'s Pod Security level', () => {
          const failed = state.workloads.filter((w) => w.failedCreate.length > 0).map((w) => `${w.workload} [${state.namespaceLevels.get(w.namespace)}]: ${[...new Set(w.failedCreate)].join(' | ')}`);
          expect(failed).toEqual([]);
        });

        it('gives every workload its Pods (a StatefulSet its first, the others wait for it to be Ready)', () => {
          expect(state.workloads.length).toBeGreaterThan(0);
          const short = state.workloads.filter((w) => w.pods.length < w.expected).map((w) => `${w.workload}: ${w.pods.length}/${w.expected} Pods${w.warnings.length ? ` (${[...new Set(w.warnings)].join(' | ')})` : ''}`);
          expect(short).toEqual([]);
        });

        it('creates a Job from each CronJob\'s jobTemplate, and the Job controller gets its Pods admitted', () => {
          const cronJobCount = example.files.flatMap((f) => f.objects).filter((o) => o.kind === 'CronJob').length;
          expect(state.cronJobs.length).toBe(cronJobCount);
          expect(refused(state.cronJobs)).toEqual([]);
          const manual = state.workloads.filter((w) => w.workload.startsWith('Job ') && w.workload.endsWith('-manual'));
          expect(manual.length).toBe(cronJobCount);
          expect(manual.filter((w) => w.failedCreate.length > 0 || w.pods.length < w.expected).map((w) => `${w.workload}: ${w.pods.length}/${w.expected} ${w.failedCreate.join(' | ')}`)).toEqual([]);
        });
      });

      if (example.env.cluster.mode === 'magnum') {
        inCluster('kubectl', kubectlTool.availability, () => {
          const nodes = magnumNodes(example.plan);
          let listed: any[] = [];

          it("labels and taints each Magnum node by its node group (socle deploy's kubectl step, run twice as after a node replacement)", async () => {
            await createNodes(plane!.client, nodes);
            const poolOf = (group: string) => poolOfMagnumGroup(example.plan, group);
            const media = nodes.filter((n) => poolOf(n.group) === 'media').map((n, i) => ({ name: n.name, zone: '', public_address: `203.0.113.${10 + i}`, private_address: n.address, turn: i === 0 }));
            await runNodeLabelStep(kubectlTool.tool!, plane!.kubeconfig, example.plan, media, plane!.dir);
            await runNodeLabelStep(kubectlTool.tool!, plane!.kubeconfig, example.plan, media, plane!.dir);
            listed = await plane!.client.list('v1', 'Node');
            const got = listed.map((n) => ({ name: n.metadata.name, pool: n.metadata.labels[POOL_LABEL], turn: n.metadata.labels[TURN_NODE_LABEL], taints: (n.spec.taints ?? []).filter((t: any) => !t.key.startsWith('node.kubernetes.io/')).map((t: any) => `${t.key}=${t.value ?? ''}:${t.effect}`) }));
            const expected = nodes.map((n) => {
              const pool = poolOf(n.group);
              const turn = media.find((m) => m.name === n.name);
              return { name: n.name, pool, turn: turn?.turn ? 'true' : undefined, taints: pool ? [...POOL_TAINTS[pool]] : [] };
            });
            expect(got.sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
          });

          it('has a labelled node for every Pod of the example (nodeSelector, required node affinity, taints tolerated)', async () => {
            expect(listed.length).toBe(nodes.length);
            const pods = (await Promise.all([...state.namespaceLevels.keys()].map((ns) => plane!.client.list<any>('v1', 'Pod', ns)))).flat();
            expect(pods.length).toBeGreaterThan(0);
            const unplaceable = pods.flatMap((p) => {
              const why = noFittingNode(p.spec, listed);
              return why ? [`${p.metadata.namespace}/${p.metadata.name}: ${why}`] : [];
            });
            expect(unplaceable).toEqual([]);
          });
        });
      }

      inCluster('cnpg-manager', cnpgManager, () => {
        it('holds each Cluster, whose WAL archiver is the Barman Cloud plugin, until the plugin answers (it does not run here)', () => {
          expect(state.clusterPhases.size).toBeGreaterThan(0);
          expect([...state.clusterPhases].filter(([, phase]) => phase !== UNKNOWN_PLUGIN_PHASE), plane?.process('cnpg-manager').tail(30)).toEqual([]);
        });

        it('creates a bootstrap Job for each of socle\'s Clusters (their plugin-less copies), and its Pods are admitted', () => {
          expect(state.bootstrapJobs.size).toBeGreaterThan(0);
          const problems = [...state.bootstrapJobs].flatMap(([cluster, jobs]) =>
            jobs.length === 0 ? [`${cluster}: no Job from the operator within ${CONTROLLERS_TIMEOUT_MS / 1000} s`] : jobs.filter((j) => j.failedCreate.length > 0 || j.pods.length < j.expected).map((j) => `${cluster} ${j.workload}: ${j.pods.length}/${j.expected} ${j.failedCreate.join(' | ')}`),
          );
          expect(problems, plane?.process('cnpg-manager').tail(30)).toEqual([]);
        });

        // Review K2: the NetworkPolicies must select these Pods by the labels the operator really sets.
        it('labels its bootstrap Job Pods with cnpg.io/cluster, cnpg.io/instanceName and cnpg.io/jobRole, not cnpg.io/podRole', () => {
          const labels = [...state.bootstrapJobs.values()].flat().flatMap((j) => j.pods.map((p) => Object.keys(p.metadata.labels ?? {}).filter((k) => k.startsWith('cnpg.io/')).sort()));
          expect(labels.length).toBeGreaterThan(0);
          for (const keys of labels) expect(keys).toEqual(['cnpg.io/cluster', 'cnpg.io/instanceName', 'cnpg.io/jobRole']);
        });
      });
    });
  }
});

/** The operator labels its Jobs and their Pods with the Cluster and the Job's role (cloudnative-pg v1.27.0 pkg/specs/jobs.go CreatePrimaryJob). */
function isBootstrapJobOf(w: WorkloadPods, cluster: string): boolean {
  return w.workload.startsWith('Job ') && w.labels['cnpg.io/cluster'] === cluster && w.labels['cnpg.io/jobRole'] !== undefined;
}
