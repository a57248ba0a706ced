/**
 * O6: the apps' and the backups' S3 keys belong to dedicated users that reach only their own
 * buckets. What each key may do is evaluated with a port of Swift's keystoneauth
 * (`swift-keystoneauth.ts`) on the containers, users, roles and ACLs the stacks render, the
 * Terraform references resolved the way apply would.
 */
import { describe, expect, it } from 'vitest';
import { authorize, type ObjectRequest } from './swift-keystoneauth.js';
import { MAGNUM_FIXTURE } from '../charts/examples.js';
import { example, resources, stacksOf, type TfDoc } from './synthesized.js';

const PROJECT = '8d2e0a4c6b1f4e3a9c7d5b0a1e2f3c4d';
const stacks = stacksOf(example('departement-cleura'));
const data = stacks.get('data')!;
const backups = stacks.get('backups')!;

/** What apply puts in place of a reference: the project of the token, the id of each user. */
function resolve(value: string): string {
  return value.replaceAll('${data.openstack_identity_auth_scope_v3.current.project_id}', PROJECT).replace(/\$\{openstack_identity_user_v3\.([a-z0-9_]+)\.id\}/g, 'user-$1');
}

/** The identity behind a stack's S3 credential: its user, and the roles the stack gives it. */
function identityOf(doc: TfDoc, purpose: string) {
  const credential = resources(doc, 'openstack_identity_ec2_credential_v3')[purpose]!;
  const userId = resolve(credential['user_id']);
  const assignment = Object.values(resources(doc, 'openstack_identity_role_assignment_v3')).find((a) => resolve(a['user_id']) === userId)!;
  const role = doc['data']['openstack_identity_role_v3'][assignment['role_id'].match(/openstack_identity_role_v3\.([a-z0-9_]+)\.id/)[1]]['name'];
  return { projectId: resolve(credential['project_id']), userId, roles: [role] };
}

const containers = [...Object.values(resources(data, 'openstack_objectstorage_container_v1')), ...Object.values(resources(backups, 'openstack_objectstorage_container_v1'))];
const request = (method: ObjectRequest['method'], container: TfDoc): ObjectRequest => ({
  method,
  accountProjectId: PROJECT,
  container: { readAcl: container['container_read'] && resolve(container['container_read']), writeAcl: container['container_write'] && resolve(container['container_write']) },
});
const reachable = (identity: ReturnType<typeof identityOf>, method: ObjectRequest['method']) => containers.filter((c) => authorize(identity, request(method, c))).map((c) => c['name']).sort();

describe('S3 identities (plain OpenStack, Swift keystoneauth defaults)', () => {
  const apps = identityOf(data, 'apps');
  const backup = identityOf(backups, 'backups');
  const own = (doc: TfDoc) => Object.values(resources(doc, 'openstack_objectstorage_container_v1')).map((c) => c['name']).sort();

  it('are two dedicated users, neither the OpenTofu user', () => {
    expect([apps.userId, backup.userId]).toEqual(['user-apps_s3', 'user-backups_s3']);
    expect(apps.roles).toEqual(['reader']);
  });

  it("let the apps' key read, write and delete the apps' buckets and nothing of the backups", () => {
    expect(own(data).length).toBeGreaterThan(0);
    for (const method of ['GET', 'PUT', 'DELETE'] as const) expect(reachable(apps, method)).toEqual(own(data));
  });

  it("let the backups' key reach the backup bucket only", () => {
    expect(own(backups).length).toBeGreaterThan(0);
    for (const method of ['GET', 'PUT', 'DELETE'] as const) expect(reachable(backup, method)).toEqual(own(backups));
  });

  it("let the etcd snapshots' own key (RKE2 servers: cluster.mode instances) reach the backup bucket only, beside the backup jobs' key", () => {
    const etcd = identityOf(backups, 'etcd');
    expect(etcd.userId).toBe('user-etcd_s3');
    expect(etcd.roles).toEqual(['reader']);
    for (const method of ['GET', 'PUT', 'DELETE'] as const) expect(reachable(etcd, method)).toEqual(own(backups));
  });

  it('make no etcd key for a Magnum cluster (no RKE2 servers of socle\'s)', () => {
    expect(resources(stacksOf(example(MAGNUM_FIXTURE)).get('backups')!, 'openstack_identity_user_v3')).not.toHaveProperty('etcd_s3');
  });

  it("would let a key of the OpenTofu user (an operator role) reach everything — what the ACLs don't rely on", () => {
    expect(reachable({ projectId: PROJECT, userId: 'tofu-admin', roles: ['admin'] }, 'DELETE')).toEqual([...own(data), ...own(backups)].sort());
  });
});

describe('S3 identities on OVHcloud', () => {
  it("are still the OpenTofu user's (Keystone users are made through OVHcloud's API: stacks/README.md, Known limits)", () => {
    const ovh = stacksOf(example('pilot')).get('data')!;
    expect(resources(ovh, 'openstack_identity_user_v3')).toEqual({});
    expect(resources(ovh, 'openstack_identity_ec2_credential_v3')['apps']!['user_id']).toBeUndefined();
  });
});
