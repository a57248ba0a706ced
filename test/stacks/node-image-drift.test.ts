/**
 * O2: a cloud renaming (or deleting) the image the nodes were built from must not rebuild them.
 * The plan is reproduced with `compute-instance-plan.ts` (the provider's refresh and update logic).
 */
import { describe, expect, it } from 'vitest';
import { plan, refresh, type InstanceState } from './compute-instance-plan.js';
import { example, resources, stack } from './synthesized.js';

const nodes = resources(stack(example('metropole-9000'), 'cluster'), 'openstack_compute_instance_v2');

/** The state right after `tofu apply` built a node from the image the configuration names. */
function built(config: Record<string, any>): InstanceState {
  return { image_id: 'img-2026-09', image_name: config['image_name'], user_data: 'hash', flavor_name: config['flavor_name'] };
}

describe('node image drift (provider v3.4.0 refresh and update logic)', () => {
  it('plans nothing for any node when the cloud renames its image and publishes a new one under the name', () => {
    for (const [name, node] of Object.entries(nodes)) {
      const state = built(node);
      // OVHcloud-style: the superseded image gets a dated name, a new image takes the plain one.
      const cloud = { glance: { 'img-2026-09': `${node['image_name']} (2026-09)`, 'img-2026-11': node['image_name'] } };
      const config = { image_name: node['image_name'], flavor_name: node['flavor_name'] };
      expect({ name, ...plan(config, refresh(state, cloud), node['lifecycle']['ignore_changes']) }).toEqual({ name, action: 'no-op', changed: [], calls: [] });
    }
  });

  it('plans nothing when the image is deleted ("Image not found" after refresh)', () => {
    const node = nodes['control_plane_0']!;
    const config = { image_name: node['image_name'], flavor_name: node['flavor_name'] };
    expect(plan(config, refresh(built(node), { glance: {} }), node['lifecycle']['ignore_changes']).action).toBe('no-op');
  });

  it('would rebuild every node in place without ignore_changes on the image (the defect)', () => {
    const node = nodes['control_plane_0']!;
    const cloud = { glance: { 'img-2026-09': `${node['image_name']} (2026-09)` } };
    const config = { image_name: node['image_name'], flavor_name: node['flavor_name'] };
    expect(plan(config, refresh(built(node), cloud), ['user_data'])).toEqual({ action: 'update', changed: ['image_name'], calls: ['servers.Rebuild'] });
  });
});
