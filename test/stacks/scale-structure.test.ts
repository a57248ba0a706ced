/** Growing an environment changes counts and sizes, never the shape of the infrastructure. */
import { describe, expect, it } from 'vitest';
import { size } from '../../sizing/size.js';
import { example, resources, stacksOf, variant, type TfDoc } from './synthesized.js';
import { differences, structure } from './structure.js';

/** Where a size shows: instance flavors, Magnum flavors, the Octavia flavor and its stated purpose (load in Mbit/s). */
const SIZE_PATHS = [/\.flavor_name$/, /\.(master_)?flavor(_id)?$/, /^data\.openstack_lb_flavor_v2\.\w+\.name$/, /^resource\.openstack_lb_loadbalancer_v2\.\w+\.description$/, /\.node_count$/];

/**
 * TURN runs on the first media nodes, as many as the plan has TURN replicas: a larger media pool
 * adds bridge-only nodes. That placement is a count, not a shape, so the comparison leaves it out.
 */
function withoutTurnPlacement(doc: TfDoc): TfDoc {
  const text = JSON.stringify(doc)
    .replace(/,(?:\\+n)?\s*(\\*)"socle\/turn=true\1"/g, '')
    .replace(/,(\\*)"turn\1":(true|false)/g, '');
  return JSON.parse(text) as TfDoc;
}

/** The kubelet reserves by the node's size (sizing/node-allocatable.ts): a size in the user data's kubelet drop-in, not a shape. */
function withoutKubeletReservation(doc: TfDoc): TfDoc {
  const text = JSON.stringify(doc)
    .replace(/(\\*"cpu\\*": \\*")\d+m/g, '$1#m')
    .replace(/(\\*"memory\\*": \\*")\d+Mi/g, '$1#Mi');
  return JSON.parse(text) as TfDoc;
}
const sizeless = (doc: TfDoc) => structure(withoutKubeletReservation(withoutTurnPlacement(doc)));

describe('pilot at 1,000 vs 9,000 users', () => {
  const small = stacksOf(example('pilot'));
  const large = stacksOf(variant(example('pilot'), (e) => (e.users = 9000)));

  it('has the same stacks', () => {
    expect([...large.keys()]).toEqual([...small.keys()]);
  });

  it('differs only where counts and sizes show', () => {
    for (const [name, doc] of small) {
      const changed = differences(sizeless(doc), sizeless(large.get(name)!));
      expect({ name, unexpected: changed.filter((p) => !SIZE_PATHS.some((re) => re.test(p))) }).toEqual({ name, unexpected: [] });
    }
  });

  it('does change: more nodes or larger ones, a larger ingress load balancer', () => {
    const count = (docs: typeof small, role: string) => Object.keys(resources(docs.get('cluster')!, 'openstack_compute_instance_v2')).filter((k) => k.startsWith(`${role}_`)).length;
    // The general pool may grow by flavor rather than by count (the cheapest pool of the cloud's flavors): its vCPUs grow.
    const vcpus = (users: number) => {
      const general = size(variant(example('pilot'), (e) => (e.users = users))).nodePools.find((p) => p.role === 'general')!;
      return general.count * general.flavor.vcpus;
    };
    expect(vcpus(9000)).toBeGreaterThan(vcpus(1000));
    expect(count(large, 'general')).toBeGreaterThanOrEqual(count(small, 'general'));
    expect(count(large, 'media')).toBeGreaterThan(count(small, 'media'));
    expect(count(large, 'control_plane')).toBe(3);
    const ingress = (docs: typeof small) => docs.get('cluster')!['data']['openstack_lb_flavor_v2']['ingress']['name'];
    expect([ingress(small), ingress(large)]).toEqual(['medium', 'xl']);
  });
});
