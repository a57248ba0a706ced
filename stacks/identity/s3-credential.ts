/**
 * EC2-style (S3) credentials for the workloads. Keystone issues them per user and project, so the
 * application pods and the backup jobs each get their own pair: one can be revoked without the
 * other. The secret half is sensitive and never printed in clear.
 */
import type { TerraformStack } from '../cdktf.js';
import type { OpenstackProvider } from '../generated/providers/openstack/provider/index.js';
import { IdentityEc2CredentialV3 } from '../generated/providers/openstack/identity-ec2-credential-v3/index.js';
import { address } from '../naming.js';

/** `provider`: Keystone is global, but a stack that only talks to the backup region uses its provider for this too. */
export function addS3Credential(stack: TerraformStack, id: string, provider?: OpenstackProvider): IdentityEc2CredentialV3 {
  return new IdentityEc2CredentialV3(stack, address(IdentityEc2CredentialV3, id), provider ? { provider } : {});
}
