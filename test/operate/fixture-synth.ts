/**
 * A synthesized folder built by the test, shaped like `socle synth`'s: network, cluster (reads the
 * network's outputs through remote state, outputs a sensitive kubeconfig), data and backups (object
 * storage containers with `prevent_destroy`). The operate code reads only these files, so the tests
 * control exactly what it sees.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRegion } from '../../environments/catalogue/regions.js';
import type { Environment } from '../../environments/environment.js';
import { stableJson } from '../../scripts/stable-json.js';
import { size } from '../../sizing/size.js';
import { ETCD_SNAPSHOTS_OUTPUTS } from '../../stacks/backups-stack.js';
import { bucketName } from '../../stacks/naming.js';

/** Resource addresses of each fixture stack (the stand-in tofu "creates" these). */
export const FIXTURE_RESOURCES = {
  network: ['openstack_networking_network_v2.private', 'openstack_networking_subnet_v2.nodes'],
  cluster: ['openstack_compute_instance_v2.control_plane_0', 'openstack_compute_instance_v2.general_0'],
  data: ['openstack_objectstorage_container_v1.attachments', 'openstack_objectstorage_container_v1.nextcloud_data'],
  backups: ['openstack_objectstorage_container_v1.backups'],
} as const;

export const PROTECTED = new Set(['openstack_objectstorage_container_v1.attachments', 'openstack_objectstorage_container_v1.nextcloud_data', 'openstack_objectstorage_container_v1.backups']);

function backend(env: Environment, stack: string): Record<string, unknown> {
  const s3 = env.state.terraform;
  if (!s3) return { local: { path: `../${stack}/terraform.tfstate` } };
  return { s3: { bucket: s3.bucket, key: `${s3.keyPrefix}${stack}.tfstate`, region: s3.region, endpoints: { s3: s3.endpoint }, use_path_style: true, use_lockfile: true } };
}

function stackJson(env: Environment, stack: keyof typeof FIXTURE_RESOURCES): Record<string, unknown> {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const address of FIXTURE_RESOURCES[stack]) {
    const [type, name] = address.split('.') as [string, string];
    (resource[type] ??= {})[name] = { name: `${env.name}-${name}`, ...(PROTECTED.has(address) ? { lifecycle: { prevent_destroy: true } } : {}) };
  }
  const doc: Record<string, unknown> = { terraform: { backend: backend(env, stack) }, provider: { openstack: [{ region: env.cloud.region }] }, resource };
  if (stack === 'network') doc['output'] = { network_id: { value: '${openstack_networking_network_v2.private.id}' } };
  if (stack === 'cluster') {
    doc['data'] = { terraform_remote_state: { 'cross-stack-reference-input-network': { backend: 's3', config: { key: `socle/${env.name}/network.tfstate` } } } };
    // Its plans get the cluster bootstrap bundle (scripts/operate/cloud/cluster-bootstrap-variable.ts).
    doc['variable'] = { cluster_bootstrap: { type: 'string', sensitive: true, nullable: false } };
    doc['output'] = { kubeconfig: { value: '${local.kubeconfig}', sensitive: true }, ingress_address: { value: '${openstack_networking_floatingip_v2.ingress.address}' } };
  }
  if (stack === 'data' || stack === 'backups') {
    doc['output'] = { s3_access_key: { value: '${openstack_identity_ec2_credential_v3.s3.access}' }, s3_secret_key: { value: '${openstack_identity_ec2_credential_v3.s3.secret}', sensitive: true } };
    // RKE2 servers send their etcd snapshots to the backup bucket with a credential of their own (stacks/backups-stack.ts).
    if (stack === 'backups' && env.cluster.mode === 'instances') {
      doc['output'] = { ...(doc['output'] as object), [ETCD_SNAPSHOTS_OUTPUTS.accessKey]: { value: '${openstack_identity_ec2_credential_v3.etcd.access}' }, [ETCD_SNAPSHOTS_OUTPUTS.secretKey]: { value: '${openstack_identity_ec2_credential_v3.etcd.secret}', sensitive: true } };
    }
    // No Swift containers there (OVHcloud, or a region without Swift): the stack names the buckets socle deploy makes (stacks/objectstorage/buckets.ts).
    const region = stack === 'data' ? env.cloud.region : env.backups?.region;
    if (region && findRegion(env.cloud.provider, region)?.s3?.containerRegion === undefined) {
      doc['output'] = { ...(doc['output'] as object), buckets_made_by_socle: { value: size(env).objectStorage.filter((b) => b.region === region).map((b) => bucketName(env, b.name)) } };
    }
  }
  return doc;
}

export function fixtureSynth(environment: Environment, outDir: string): void {
  const files = new Map<string, string>([
    ['environment.json', stableJson(environment)],
    ['sizing.json', stableJson(size(environment))],
  ]);
  // An existing cluster has no cluster stack (nor the network it would sit on).
  const stacks = (Object.keys(FIXTURE_RESOURCES) as (keyof typeof FIXTURE_RESOURCES)[]).filter((s) => environment.cluster.mode !== 'existing' || (s !== 'cluster' && s !== 'network'));
  for (const stack of stacks) files.set(`terraform/${stack}/cdk.tf.json`, stableJson(stackJson(environment, stack)));
  for (const [path, content] of files) {
    mkdirSync(join(outDir, path, '..'), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
}
