/**
 * The S3 (EC2-style) credential of the workloads of one purpose — the apps, or the backup jobs —
 * and who it belongs to. Keystone issues EC2 credentials per user and project, and an S3 request
 * signed with one acts with every role of that user.
 *
 * Plain OpenStack (`cloud.provider: openstack`): a dedicated Keystone user per purpose, with only
 * the `reader` role on the project (to get a project-scoped token from its EC2 signature), and the
 * credential made for that user. Swift grants an account's containers to users with an operator
 * role only (keystoneauth `operator_roles`, default `admin, swiftoperator`; `project_reader_roles`
 * default empty — swift 2.38.1 `common/middleware/keystoneauth.py` L176-182, `authorize` L401-533);
 * `reader` is neither, so the user reaches exactly the containers whose ACLs name it
 * (`<project_id>:<user_id>`, `_authorize_cross_tenant` L369-399), which `buckets.ts` sets on the
 * purpose's own containers: the apps' key can't touch the backups, the backups' key can't touch
 * the apps' data, and neither the state. Making Keystone users needs the right to, which a
 * cloud's project administrators may lack; `reader` must stay out of the cloud's operator roles.
 *
 * OVHcloud: Keystone users are made through OVHcloud's own API only (Public Cloud users and their
 * S3 policies, the `ovh/ovh` provider), which socle does not drive yet: the credential is still
 * the OpenTofu user's (stacks/README.md, Known limits).
 */
import type { Environment } from '../../environments/environment.js';
import type { TerraformStack } from '../cdktf.js';
import { DataOpenstackIdentityAuthScopeV3 } from '../generated/providers/openstack/data-openstack-identity-auth-scope-v3/index.js';
import { DataOpenstackIdentityRoleV3 } from '../generated/providers/openstack/data-openstack-identity-role-v3/index.js';
import { IdentityEc2CredentialV3 } from '../generated/providers/openstack/identity-ec2-credential-v3/index.js';
import { IdentityRoleAssignmentV3 } from '../generated/providers/openstack/identity-role-assignment-v3/index.js';
import { IdentityUserV3 } from '../generated/providers/openstack/identity-user-v3/index.js';
import type { OpenstackProvider } from '../generated/providers/openstack/provider/index.js';
import { address, objectName } from '../naming.js';

/** The Keystone role of the dedicated S3 users: a project-scoped token, no Swift operator rights. */
export const S3_USER_ROLE = 'reader';

export interface S3Identity {
  credential: IdentityEc2CredentialV3;
  /** The Swift container ACL entry (`<project_id>:<user_id>`) for the purpose's own containers; none when the credential is the OpenTofu user's. */
  containerAcl?: string;
}

/** `purpose`: `apps` or `backups`. `provider`: Keystone is global, but the backups stack talks to its region's provider only. */
export function addS3Identity(stack: TerraformStack, env: Environment, purpose: string, provider?: OpenstackProvider): S3Identity {
  const via = provider ? { provider } : {};
  if (env.cloud.provider !== 'openstack') return { credential: new IdentityEc2CredentialV3(stack, address(IdentityEc2CredentialV3, purpose), via) };
  // One project scope and one role look-up per stack, shared by its purposes (the backups stack has two).
  const scopeId = address(DataOpenstackIdentityAuthScopeV3, 'current');
  const roleId = address(DataOpenstackIdentityRoleV3, 's3_user');
  const scope = (stack.node.tryFindChild(scopeId) as DataOpenstackIdentityAuthScopeV3 | undefined) ?? new DataOpenstackIdentityAuthScopeV3(stack, scopeId, { name: 'current', ...via });
  const role = (stack.node.tryFindChild(roleId) as DataOpenstackIdentityRoleV3 | undefined) ?? new DataOpenstackIdentityRoleV3(stack, roleId, { name: S3_USER_ROLE, ...via });
  // No password: the user exists for its EC2 credential only, and can't log in.
  const user = new IdentityUserV3(stack, address(IdentityUserV3, `${purpose}_s3`), {
    name: objectName(env, purpose, 's3'),
    description: `S3 access of the socle ${purpose} to their own buckets only`,
    defaultProjectId: scope.projectId,
    ...via,
  });
  new IdentityRoleAssignmentV3(stack, address(IdentityRoleAssignmentV3, `${purpose}_s3`), { userId: user.id, projectId: scope.projectId, roleId: role.id, ...via });
  const credential = new IdentityEc2CredentialV3(stack, address(IdentityEc2CredentialV3, purpose), { userId: user.id, projectId: scope.projectId, ...via });
  return { credential, containerAcl: `${scope.projectId}:${user.id}` };
}
