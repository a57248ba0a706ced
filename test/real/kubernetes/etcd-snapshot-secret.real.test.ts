/**
 * OS6 where it runs: socle deploy's etcd snapshot step (scripts/operate/etcd-snapshot-secret.ts)
 * with a real kubectl against a real kube-apiserver, then the Secret read back from the API the way
 * an RKE2 server reads it (k3s getConfigFromSecret: kube-system, `data`; the port in
 * test/operate/k3s-etcd-s3-config.ts). Run twice, as after a rotation of the credential. Only the
 * `tofu output` read of the backups stack is replaced (by the outputs given here).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyEtcdSnapshotSecret, etcdSnapshotTarget } from '../../../scripts/operate/cloud/etcd-snapshot-secret.js';
import { EventBus } from '../../../scripts/operate/progress/event-bus.js';
import type { OperateEvent } from '../../../scripts/operate/progress/events.js';
import type { OperateContext } from '../../../scripts/operate/flows/operate-context.js';
import { REDACTED } from '../../../scripts/operate/progress/redaction.js';
import { StepDeadline } from '../../../scripts/operate/flows/step-deadline.js';
import type { TofuOutputs } from '../../../scripts/operate/tools/terraform-commands.js';
import { ETCD_S3_CONFIG_SECRET } from '../../../stacks/compute/rke2-cloud-init.js';
import { etcdS3FromSecret, K3S_SECRET_KEYS } from '../../operate/k3s-etcd-s3-config.js';
import { builtTool, describeProgram } from '../harness/program-suite.js';
import { ControlPlane } from './control-plane.js';
import { kubectlForSuite } from './kubectl-tool.js';

const etcd = builtTool('etcd');
const apiserver = builtTool('kube-apiserver');
const kubectlTool = await kubectlForSuite();

/** The backups stack's outputs of the pilot, as `tofu output -json` gives them. */
function backupsOutputs(secretKey: string): TofuOutputs {
  const text = (value: string, sensitive = false) => ({ sensitive, type: 'string', value });
  return {
    bucket_names: { sensitive: false, type: ['map', 'string'], value: { backups: 'pilot-backups' } },
    s3_endpoint: text('https://s3.sbg.io.cloud.ovh.net'),
    s3_region: text('sbg'),
    etcd_s3_access_key: text('ak-etcd-0001'),
    etcd_s3_secret_key: text(secretKey, true),
  };
}

const missing = etcd.missing ?? apiserver.missing ?? kubectlTool.availability.missing;
describeProgram('kubectl', missing ? { missing } : kubectlTool.availability, () => {
  let plane: ControlPlane | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    plane = await ControlPlane.start({ etcd: etcd.path!, apiserver: apiserver.path! });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  async function runStep(secretKey: string): Promise<void> {
    const sink = { emit: (e: OperateEvent & { time: string }) => e.type === 'step-output' && lines.push(e.line), close: () => {} };
    const ctx = { tools: { kubectl: kubectlTool.tool! }, bus: new EventBus([sink], []), deadline: new StepDeadline(), cwd: plane!.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } } as unknown as OperateContext;
    await applyEtcdSnapshotSecret(ctx, 'etcd-snapshot-secret', plane!.kubeconfig, etcdSnapshotTarget(backupsOutputs(secretKey))!);
  }

  const readBack = async () => {
    const res = await plane!.client.request('GET', `/api/v1/namespaces/kube-system/secrets/${ETCD_S3_CONFIG_SECRET}`);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    return res.body as { data: Record<string, string>; metadata: { managedFields: { manager: string; operation: string }[] } };
  };

  it('creates kube-system/socle-etcd-snapshot-s3 with the settings an RKE2 server reads from it', async () => {
    await runStep('etcd-s3-secret-first');
    const secret = await readBack();
    for (const key of Object.keys(secret.data)) expect(K3S_SECRET_KEYS, key).toHaveProperty(key);
    expect(etcdS3FromSecret(secret.data)).toEqual({ endpoint: 's3.sbg.io.cloud.ovh.net', region: 'sbg', bucket: 'pilot-backups', folder: 'etcd', accessKey: 'ak-etcd-0001', secretKey: 'etcd-s3-secret-first', insecure: false, skipSslVerify: false, timeout: '5m0s' });
    expect(secret.metadata.managedFields.map((f) => `${f.manager} ${f.operation}`)).toEqual(['socle Apply']);
  });

  it('updates it in place on the next deploy (a rotated credential), and kubectl printed no secret', async () => {
    await runStep('etcd-s3-secret-rotated');
    expect(etcdS3FromSecret((await readBack()).data).secretKey).toBe('etcd-s3-secret-rotated');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(/etcd-s3-secret-(first|rotated)/);
    expect(lines.join('\n')).not.toContain(REDACTED);
  });
});
