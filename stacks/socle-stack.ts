/** A socle stack: its state backend, its state encryption and the OpenStack provider of the primary region. */
import type { Environment } from '../environments/environment.js';
import { configureBackend } from './backend.js';
import { TerraformStack, type App, type TerraformElement } from './cdktf.js';
import { ADDRESS_SEPARATOR } from './naming.js';
import { primaryProvider } from './providers.js';
import { configureStateEncryption } from './state-encryption.js';
import type { StackName } from './stack-names.js';

/**
 * Resource names as written (`openstack_compute_instance_v2.media_2`), instead of cdktf's
 * hashed ones, so that `tofu plan` and validation errors read like the code.
 */
class SocleTerraformStack extends TerraformStack {
  protected override allocateLogicalId(element: TerraformElement | TerraformElement['node']): string {
    const node = 'node' in element ? element.node : element;
    const at = node.id.indexOf(ADDRESS_SEPARATOR);
    return at >= 0 && node.scope === this ? node.id.slice(at + 1) : super.allocateLogicalId(element);
  }
}

export function socleStack(app: App, env: Environment, name: StackName): TerraformStack {
  const stack = new SocleTerraformStack(app, name);
  configureBackend(stack, env, name);
  configureStateEncryption(stack);
  primaryProvider(stack, env);
  return stack;
}
