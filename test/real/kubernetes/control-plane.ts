/**
 * A Kubernetes control plane for one test: etcd, kube-apiserver and (when built and asked for)
 * kube-controller-manager and kube-scheduler, on 127.0.0.1 with ports the kernel picks, everything
 * in one temporary folder that `stop()` removes. No kubelet: Pods stay Pending (bound, when the
 * scheduler runs), which is all the admission checks need — the API server admits or refuses a Pod
 * when a controller creates it.
 *
 * Flags follow what an RKE2 / kubeadm control plane sets for the same concerns: TLS with a client
 * CA, `--authorization-mode=Node,RBAC`, the default admission plugins (PodSecurity among them:
 * k8s.io/kubernetes v1.36 pkg/kubeapiserver/options/plugins.go DefaultOffAdmissionPlugins),
 * privileged containers allowed (the `jitsi` namespace's design exception needs the API to accept
 * them; Pod Security decides per namespace), service-account tokens signed by a key pair made here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from './kube-client.js';
import { freePort, LocalProcess, waitUntil } from './local-process.js';
import { makeTestPki, type TestPki } from './test-pki.js';

export interface ControlPlaneTools {
  readonly etcd: string;
  readonly apiserver: string;
  /** Without it, workloads are stored but never turned into Pods. */
  readonly controllerManager?: string;
  /** Without it, Pods are never bound to a Node. */
  readonly scheduler?: string;
}

/** The Service range of the test cluster; its first address is the `kubernetes` Service. */
export const SERVICE_RANGE = '10.0.0.0/24';

export class ControlPlane {
  readonly processes: LocalProcess[] = [];
  private constructor(
    readonly dir: string,
    readonly pki: TestPki,
    readonly server: string,
    readonly kubeconfig: string,
    readonly client: KubeClient,
  ) {}

  static async start(tools: ControlPlaneTools, startTimeoutMs = 90_000): Promise<ControlPlane> {
    const dir = mkdtempSync(join(tmpdir(), 'socle-kube-'));
    const pki = await makeTestPki(dir);
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfig = join(dir, 'admin.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(server, pki), { mode: 0o600 });
    const plane = new ControlPlane(dir, pki, server, kubeconfig, new KubeClient(server, pki));
    try {
      const etcd = plane.spawn('etcd', tools.etcd, [
        '--name=socle-test',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=socle-test=http://127.0.0.1:${etcdPeer}`,
        // A throwaway member: no fsync (controller-runtime's envtest does the same).
        '--unsafe-no-fsync',
        '--log-level=warn',
      ]);
      await waitUntil('etcd answers /health', () => httpHealthy(`http://127.0.0.1:${etcdClient}/health`), startTimeoutMs, etcd);
      const apiserver = plane.spawn('kube-apiserver', tools.apiserver, [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--tls-cert-file=${pki.serverCert}`,
        `--tls-private-key-file=${pki.serverKey}`,
        `--client-ca-file=${pki.caCert}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.serviceAccountPub}`,
        `--service-account-signing-key-file=${pki.serviceAccountKey}`,
        `--service-cluster-ip-range=${SERVICE_RANGE}`,
        '--authorization-mode=Node,RBAC',
        '--allow-privileged=true',
        // The `kubernetes` Service's endpoint would be 127.0.0.1, which Endpoints validation refuses.
        '--endpoint-reconciler-type=none',
      ]);
      await waitUntil('kube-apiserver answers /readyz', async () => (await plane.client.request('GET', '/readyz')).status === 200, startTimeoutMs, apiserver);
      await plane.client.discover();
      if (tools.controllerManager) {
        plane.spawn('kube-controller-manager', tools.controllerManager, [
          `--kubeconfig=${kubeconfig}`,
          '--secure-port=0',
          '--leader-elect=false',
          '--controllers=*',
          // Each controller acts with its own service account, under the bootstrap RBAC roles.
          '--use-service-account-credentials=true',
          `--service-account-private-key-file=${pki.serviceAccountKey}`,
          `--root-ca-file=${pki.caCert}`,
          `--service-cluster-ip-range=${SERVICE_RANGE}`,
        ]);
        // The service-account controller gives `default` its ServiceAccount: the controllers are acting.
        await waitUntil('kube-controller-manager creates the default ServiceAccount', async () => (await plane.client.request('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200, startTimeoutMs, plane.process('kube-controller-manager'));
      }
      if (tools.scheduler) {
        // The admin credentials, as kube-controller-manager's above; no serving port (none is probed).
        plane.spawn('kube-scheduler', tools.scheduler, [`--kubeconfig=${kubeconfig}`, '--secure-port=0', '--leader-elect=false']);
      }
      return plane;
    } catch (error) {
      await plane.stop();
      throw error;
    }
  }

  spawn(name: string, program: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string): LocalProcess {
    const p = new LocalProcess(name, program, args, join(this.dir, `${name}.log`), env, cwd);
    this.processes.push(p);
    return p;
  }

  process(name: string): LocalProcess {
    const p = this.processes.find((x) => x.name === name);
    if (!p) throw new Error(`no ${name} in this control plane`);
    return p;
  }

  /** Every process's log tail, for a failure message. */
  tails(lines = 25): string {
    return this.processes.map((p) => p.tail(lines)).join('\n');
  }

  /** Stops in reverse start order, then removes the folder (keys, etcd data, logs). */
  async stop(): Promise<void> {
    for (const p of [...this.processes].reverse()) await p.stop();
    if (!process.env.SOCLE_KEEP_TEST_CLUSTER) rmSync(this.dir, { recursive: true, force: true });
  }
}

function kubeconfigYaml(server: string, pki: TestPki): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server, 'certificate-authority': pki.caCert } }],
    users: [{ name: 'admin', user: { 'client-certificate': pki.adminCert, 'client-key': pki.adminKey } }],
    contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin' } }],
    'current-context': 'test',
  });
}

function httpHealthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('"health":"true"')));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
