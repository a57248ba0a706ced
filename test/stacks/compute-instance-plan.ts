/**
 * What `tofu plan` + `apply` do to an `openstack_compute_instance_v2` for the attributes that can
 * rebuild or replace a node, reproduced from the sources:
 * - refresh: terraform-provider-openstack v3.4.0 `resource_openstack_compute_instance_v2.go`
 *   `setImageInformation` L1560-1605 — `image_id` is the server's image, `image_name` that image's
 *   *current* name in Glance, or "Image not found" once it is deleted;
 * - plan: an Optional+Computed attribute keeps its state value when the configuration leaves it
 *   null; `lifecycle.ignore_changes` puts the prior value in place of the configuration's
 *   (OpenTofu v1.10 `internal/tofu/node_resource_abstract_instance.go` processIgnoreChanges);
 *   a change of a ForceNew attribute replaces, any other updates in place (schema L55-90:
 *   `image_id`, `image_name`, `flavor_*` are not ForceNew; `user_data` and `availability_zone` are);
 * - apply: Update L1094-1127 — a change of `image_id` or `image_name` calls `servers.Rebuild`.
 */
export interface CloudImages {
  /** Image id → its name in Glance now (absent: deleted). */
  glance: Record<string, string>;
}

export type InstanceState = Record<'image_id' | 'image_name' | 'user_data' | 'flavor_name', string>;
type Attribute = keyof InstanceState;

const ATTRIBUTES: Attribute[] = ['image_id', 'image_name', 'user_data', 'flavor_name'];
const FORCE_NEW = new Set<Attribute>(['user_data']);

export function refresh(state: InstanceState, cloud: CloudImages): InstanceState {
  return { ...state, image_name: cloud.glance[state.image_id] ?? 'Image not found' };
}

export interface PlannedChange {
  action: 'no-op' | 'update' | 'replace';
  changed: Attribute[];
  /** The API calls the in-place update makes. */
  calls: string[];
}

export function plan(config: Partial<InstanceState>, state: InstanceState, ignoreChanges: readonly string[]): PlannedChange {
  const planned = Object.fromEntries(
    ATTRIBUTES.map((a) => [a, ignoreChanges.includes(a) || config[a] === undefined ? state[a] : config[a]]),
  ) as InstanceState;
  const changed = ATTRIBUTES.filter((a) => planned[a] !== state[a]);
  if (changed.length === 0) return { action: 'no-op', changed, calls: [] };
  if (changed.some((a) => FORCE_NEW.has(a))) return { action: 'replace', changed, calls: ['servers.Delete', 'servers.Create'] };
  const calls = changed.includes('image_id') || changed.includes('image_name') ? ['servers.Rebuild'] : [];
  if (changed.includes('flavor_name')) calls.push('servers.Resize');
  return { action: 'update', changed, calls };
}
