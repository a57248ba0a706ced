/**
 * The Secret the RKE2 servers read their etcd-s3 settings from (`etcd-s3-config-secret`,
 * stacks/compute/rke2-cloud-init.ts ETCD_S3_CONFIG_SECRET): `socle deploy` makes it in kube-system
 * from the backups stack's outputs — the backup region's S3 endpoint and region, the backup bucket,
 * a folder of its own, and the etcd snapshots' dedicated credential (stacks/backups-stack.ts) — so
 * that scheduled snapshots leave the servers. Its data goes to `kubectl apply -f -` on stdin: never
 * argv, never a file, never a log line (the secret key is handed to the redactor first).
 *
 * RKE2 v1.36.4+rke2r1 (go.mod: k3s-io/k3s v1.36.4-0.20260817193921-a2fc9574e060, release-1.36)
 * reads the Secret in k3s pkg/etcd/s3/s3.go `GetClient`: only when no other etcd-s3-* option is set
 * on the server (socle sets none: test/stacks/node-scripts.test.ts), then
 * pkg/etcd/s3/config_secret.go `getConfigFromSecret` gets it from kube-system (L41) and reads the
 * keys of ETCD_S3_SECRET_KEYS from its `data`. The endpoint is handed to minio-go's `minio.New`,
 * which takes a host[:port], the scheme coming from `etcd-s3-insecure` (https unless set).
 */
import { ETCD_SNAPSHOTS_OUTPUTS } from '../../../stacks/backups-stack.js';
import { ETCD_S3_CONFIG_SECRET } from '../../../stacks/compute/rke2-cloud-init.js';
import { kubectl } from '../tools/kubectl-commands.js';
import type { OperateContext } from '../flows/operate-context.js';
import { StopRun } from '../flows/step-runner.js';
import type { TofuOutputs } from '../tools/terraform-commands.js';

/**
 * What socle writes → the key RKE2 reads, and where (k3s pkg/etcd/s3/config_secret.go, release-1.36,
 * `getConfigFromSecret`; read at k3s-io/k3s 4755269838d8). Absent endpoint and region would fall
 * back to s3.amazonaws.com and us-east-1 (s3.go `defaultEtcdS3`).
 */
export const ETCD_S3_SECRET_KEYS = {
  accessKey: { key: 'etcd-s3-access-key', read: 'config_secret.go L47 AccessKey' },
  bucket: { key: 'etcd-s3-bucket', read: 'config_secret.go L48 Bucket' },
  folder: { key: 'etcd-s3-folder', read: 'config_secret.go L51 Folder' },
  secretKey: { key: 'etcd-s3-secret-key', read: 'config_secret.go L54 SecretKey' },
  endpoint: { key: 'etcd-s3-endpoint', read: 'config_secret.go L60 Endpoint (default s3.amazonaws.com)' },
  region: { key: 'etcd-s3-region', read: 'config_secret.go L65 Region (default us-east-1)' },
} as const;

/** The namespace k3s reads the Secret from (config_secret.go L41, `metav1.NamespaceSystem`). */
export const ETCD_S3_SECRET_NAMESPACE = 'kube-system';

/** Where in the backup bucket the snapshots go, beside the databases' and files' copies. */
export const ETCD_SNAPSHOT_FOLDER = 'etcd';

export type EtcdSnapshotTarget = { [K in keyof typeof ETCD_S3_SECRET_KEYS]: string };

/** The backups stack's outputs as RKE2 wants them; undefined when the stack has not been applied yet. */
export function etcdSnapshotTarget(outputs: TofuOutputs): EtcdSnapshotTarget | undefined {
  const text = (name: string): string => {
    const value = outputs[name]?.value;
    return typeof value === 'string' ? value : '';
  };
  const bucket = (outputs['bucket_names']?.value as Record<string, unknown> | undefined)?.['backups'];
  const target = {
    endpoint: text('s3_endpoint'),
    region: text('s3_region'),
    bucket: typeof bucket === 'string' ? bucket : '',
    folder: ETCD_SNAPSHOT_FOLDER,
    accessKey: text(ETCD_SNAPSHOTS_OUTPUTS.accessKey),
    secretKey: text(ETCD_SNAPSHOTS_OUTPUTS.secretKey),
  };
  if (Object.values(target).some((v) => v === '')) return undefined;
  const url = new URL(target.endpoint);
  // minio.New takes the host alone; without `etcd-s3-insecure` it speaks https (s3.go GetClient).
  if (url.protocol !== 'https:') throw new StopRun(`the backup region's S3 endpoint ${target.endpoint} is not https: RKE2 would not reach it without etcd-s3-insecure`, 'fix the S3 endpoint of the backup region in the region catalogue');
  return { ...target, endpoint: url.host };
}

/** The Secret object (JSON, `data` base64: k3s reads `secret.Data`). */
export function etcdSnapshotSecret(target: EtcdSnapshotTarget): object {
  const data = Object.fromEntries(
    (Object.keys(ETCD_S3_SECRET_KEYS) as (keyof typeof ETCD_S3_SECRET_KEYS)[]).map((field) => [ETCD_S3_SECRET_KEYS[field].key, Buffer.from(target[field]).toString('base64')]).sort(([a], [b]) => a!.localeCompare(b!)),
  );
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: ETCD_S3_CONFIG_SECRET, namespace: ETCD_S3_SECRET_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'socle' } }, type: 'Opaque', data };
}

/** Server-side apply from stdin: creates the Secret, or updates it after a credential rotation. */
export async function applyEtcdSnapshotSecret(ctx: OperateContext, step: string, kubeconfig: string, target: EtcdSnapshotTarget): Promise<void> {
  ctx.bus.addSecret(target.secretKey);
  await kubectl(ctx, step, kubeconfig, ['apply', '--server-side', '--field-manager=socle', '--force-conflicts', '-f', '-'], false, JSON.stringify(etcdSnapshotSecret(target)));
}
