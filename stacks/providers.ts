/**
 * Provider configurations of a stack. Credentials never appear here: the OpenStack provider reads
 * `OS_CLOUD` (clouds.yaml) or the `OS_*` variables at plan time. The region is explicit, so a
 * stray `OS_REGION_NAME` can't send resources to another region.
 */
import type { Environment } from '../environments/environment.js';
import { OpenstackProvider } from './generated/providers/openstack/provider/index.js';
import type { TerraformStack } from './cdktf.js';

export const BACKUP_PROVIDER_ALIAS = 'backup';

export function primaryProvider(stack: TerraformStack, env: Environment): OpenstackProvider {
  return new OpenstackProvider(stack, 'openstack', { region: env.cloud.region, ...(env.cloud.authUrl ? { authUrl: env.cloud.authUrl } : {}) });
}

/** The same project in the backup region (`backups.region`), for the objects that live there. */
export function backupProvider(stack: TerraformStack, env: Environment, backupRegion: string): OpenstackProvider {
  return new OpenstackProvider(stack, 'openstack_backup', {
    alias: BACKUP_PROVIDER_ALIAS,
    region: backupRegion,
    ...(env.cloud.authUrl ? { authUrl: env.cloud.authUrl } : {}),
  });
}
