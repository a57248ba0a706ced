/**
 * The CloudNativePG operator (`manager controller`) as a local process against the test API
 * server, laid out as its image lays itself out and with its admission webhooks served on
 * 127.0.0.1, so socle's `Cluster`s and `ScheduledBackup`s go through its defaulting and validation
 * before it creates their Services, Secrets, PVCs and bootstrap Jobs.
 *
 * Upstream, cloudnative-pg v1.27.0:
 * - `Dockerfile`: WORKDIR /, the binary as `operator/manager_<arch>`; `utils.DetectAvailableArchitectures`
 *   (pkg/utils/discovery.go) globs `operator/manager_*` from the working folder, and the Cluster
 *   status needs the running architecture's hash (internal/controller/cluster_status.go).
 * - internal/cmd/manager/controller/controller.go: with `WEBHOOK_CERT_DIR` set (the OLM mode) it
 *   serves `apiserver.crt`/`apiserver.key` from that folder and manages no PKI of its own; the
 *   webhook server listens on `--webhook-port` (all interfaces — controller-runtime's default host;
 *   no flag narrows it); `--metrics-bind-address=0` turns metrics off.
 * - internal/configuration/configuration.go: `OPERATOR_NAMESPACE`.
 * - config/webhook/manifests.yaml: the webhook paths and rules registered below (Cluster and
 *   ScheduledBackup, the kinds socle renders), failurePolicy Fail.
 */
import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, get } from 'node:https';
import type { ControlPlane } from './control-plane.js';
import { freePort, type LocalProcess, waitUntil } from './local-process.js';
import { webhookPair } from './test-pki.js';
import { OPERATOR_NAMESPACES } from '../../../charts/platform/namespaces.js';

const WEBHOOKS = [
  { resource: 'clusters', mutate: '/mutate-postgresql-cnpg-io-v1-cluster', validate: '/validate-postgresql-cnpg-io-v1-cluster', name: 'cluster' },
  { resource: 'scheduledbackups', mutate: '/mutate-postgresql-cnpg-io-v1-scheduledbackup', validate: '/validate-postgresql-cnpg-io-v1-scheduledbackup', name: 'scheduledbackup' },
] as const;

export async function startCnpgOperator(plane: ControlPlane, manager: string, timeoutMs = 90_000): Promise<LocalProcess> {
  const root = join(plane.dir, 'cnpg');
  mkdirSync(join(root, 'operator'), { recursive: true });
  mkdirSync(join(root, 'webhook'), { recursive: true, mode: 0o700 });
  symlinkSync(manager, join(root, 'operator', `manager_${process.arch === 'x64' ? 'amd64' : process.arch}`));
  const pair = webhookPair(plane.pki);
  copyFileSync(pair.cert, join(root, 'webhook', 'apiserver.crt'));
  copyFileSync(pair.key, join(root, 'webhook', 'apiserver.key'));
  const port = await freePort();
  const operator = plane.spawn('cnpg-manager', join(root, 'operator', `manager_${process.arch === 'x64' ? 'amd64' : process.arch}`), ['controller', '--leader-elect=false', `--webhook-port=${port}`, '--metrics-bind-address=0'], {
    PATH: process.env.PATH,
    KUBECONFIG: plane.kubeconfig,
    OPERATOR_NAMESPACE: OPERATOR_NAMESPACES.cnpg,
    WEBHOOK_CERT_DIR: join(root, 'webhook'),
  }, root);
  const agent = new Agent({ ca: readFileSync(plane.pki.caCert) });
  await waitUntil('the CloudNativePG webhook server answers /readyz', () => new Promise<boolean>((resolve) => {
    get(`https://127.0.0.1:${port}/readyz`, { agent, timeout: 2000 }, (res) => resolve(res.statusCode === 200)).on('error', () => resolve(false));
  }), timeoutMs, operator);
  const caBundle = readFileSync(plane.pki.caCert).toString('base64');
  const hook = (prefix: string, w: (typeof WEBHOOKS)[number], path: string) => ({
    name: `${prefix}${w.name}.cnpg.io`,
    admissionReviewVersions: ['v1'],
    clientConfig: { url: `https://127.0.0.1:${port}${path}`, caBundle },
    failurePolicy: 'Fail',
    sideEffects: 'None',
    rules: [{ apiGroups: ['postgresql.cnpg.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: [w.resource] }],
  });
  for (const [kind, prefix, path] of [['MutatingWebhookConfiguration', 'm', 'mutate'], ['ValidatingWebhookConfiguration', 'v', 'validate']] as const) {
    const res = await plane.client.apply({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind,
      metadata: { name: `cnpg-${path}-webhook-configuration` },
      webhooks: WEBHOOKS.map((w) => hook(prefix, w, w[path])),
    });
    if (res.status !== 200 && res.status !== 201) throw new Error(`${kind}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  return operator;
}
