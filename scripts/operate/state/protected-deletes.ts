/**
 * What a destroy plan may delete without `--delete-data`. A stack's state can hold more than its
 * configuration declares — resources moved in with `tofu state mv`, imported, or left by an older
 * layout — and `tofu plan -destroy` deletes everything the state holds: `prevent_destroy` guards
 * only the resources the stack's own configuration declares (OpenTofu evaluates lifecycle from
 * configuration, not from state). So socle compares the addresses each destroy plan deletes with
 * what it protects before applying it.
 */
import type { SynthesizedStack } from './synthesized-stacks.js';

/** Resource types that hold data or grant access to it, wherever they appear (OpenStack provider v3.4.0 names). */
export const DATA_RESOURCE_TYPES: readonly string[] = [
  'openstack_objectstorage_container_v1',
  'openstack_objectstorage_object_v1',
  'openstack_blockstorage_volume_v3',
  'openstack_db_instance_v1',
  'openstack_identity_ec2_credential_v3',
  'openstack_keymanager_secret_v1',
];

export interface RefusedDelete {
  address: string;
  reason: string;
}

/** `module.x.type.name["k"]` → the resource's `type.name` at the root, or undefined inside a module. */
function rootAddress(address: string): { type: string; name: string } | undefined {
  if (address.startsWith('module.')) return undefined;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(\[.*\])?$/.exec(address);
  return match ? { type: match[1]!, name: match[2]! } : undefined;
}

/** The deletions of `stack`'s destroy plan that socle refuses without `--delete-data`, each with why. */
export function refusedDeletes(stack: SynthesizedStack, stacks: readonly SynthesizedStack[], deletes: readonly string[]): RefusedDelete[] {
  const protectedElsewhere = new Map(stacks.flatMap((s) => s.protectedResources.map((a) => [a, s.name] as const)));
  const out: RefusedDelete[] = [];
  for (const address of deletes) {
    const root = rootAddress(address);
    const key = root ? `${root.type}.${root.name}` : address;
    if (protectedElsewhere.has(key)) out.push({ address, reason: `a data store of stack ${protectedElsewhere.get(key)}` });
    else if (root && DATA_RESOURCE_TYPES.includes(root.type)) out.push({ address, reason: `a ${root.type} holds data or the key to it` });
    else if (!root || !stack.declared.includes(key)) out.push({ address, reason: `not declared by stack ${stack.name}: its state holds a resource its configuration doesn't` });
  }
  return out;
}
