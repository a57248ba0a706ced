/** Magnum nodes get socle's pool labels, taints and TURN label from their node group and address. */
import { describe, expect, it } from 'vitest';
import { magnumNodeLabelCommands, type NodeList } from '../../scripts/operate/cloud/magnum-node-labels.js';
import { size } from '../../sizing/size.js';
import { MAGNUM_FIXTURE } from '../charts/examples.js';
import { example, variant } from '../stacks/synthesized.js';

const plan = size(example(MAGNUM_FIXTURE));

function node(name: string, labels: Record<string, string>, address: string): NonNullable<NodeList['items']>[number] {
  return { metadata: { name, labels }, status: { addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address }] } };
}

const heat = (group: string) => ({ 'magnum.openstack.org/nodegroup': group, 'magnum.openstack.org/role': group === 'default-worker' ? 'worker' : group });
const capi = (group: string) => ({ 'capi.stackhpc.com/node-group': group });

const media = [
  { name: 'magnum-cloudferro-media-0', zone: '', public_address: '203.0.113.10', private_address: '10.20.0.21', turn: true },
  { name: 'magnum-cloudferro-media-1', zone: '', public_address: '203.0.113.11', private_address: '10.20.0.22', turn: true },
  { name: 'magnum-cloudferro-media-2', zone: '', public_address: '203.0.113.12', private_address: '10.20.0.23', turn: false },
];

describe('Magnum node labels', () => {
  it('label and taint each node by its Heat node group; TURN only where the cluster stack says', () => {
    const nodes: NodeList = {
      items: [
        node('k8s-master-0', heat('default-master'), '10.20.0.5'),
        node('k8s-node-0', heat('default-worker'), '10.20.0.21'),
        node('k8s-node-1', heat('default-worker'), '10.20.0.23'),
        node('k8s-general-0', heat('general'), '10.20.0.31'),
        node('k8s-database-0', heat('database'), '10.20.0.41'),
      ],
    };
    expect(magnumNodeLabelCommands(plan, nodes, media)).toEqual([
      ['label', 'node', 'k8s-node-0', 'socle/pool=media', 'socle/turn=true', '--overwrite'],
      ['taint', 'node', 'k8s-node-0', 'socle/pool=media:NoSchedule', '--overwrite'],
      ['label', 'node', 'k8s-node-1', 'socle/pool=media', 'socle/turn-', '--overwrite'],
      ['taint', 'node', 'k8s-node-1', 'socle/pool=media:NoSchedule', '--overwrite'],
      ['label', 'node', 'k8s-general-0', 'socle/pool=general', '--overwrite'],
      ['label', 'node', 'k8s-database-0', 'socle/pool=database', '--overwrite'],
      ['taint', 'node', 'k8s-database-0', 'socle/pool=database:NoSchedule', '--overwrite'],
    ]);
  });

  it('read the Cluster API driver label the same way, and leave groups socle did not make alone', () => {
    const nodes: NodeList = { items: [node('capi-default-worker-x1', capi('default-worker'), '10.20.0.22'), node('capi-gpu-x1', capi('gpu'), '10.20.0.50'), node('unlabelled', {}, '10.20.0.51')] };
    expect(magnumNodeLabelCommands(plan, nodes, media)).toEqual([
      ['label', 'node', 'capi-default-worker-x1', 'socle/pool=media', 'socle/turn=true', '--overwrite'],
      ['taint', 'node', 'capi-default-worker-x1', 'socle/pool=media:NoSchedule', '--overwrite'],
    ]);
  });

  it('make the default workers general nodes when there is no media pool (Jitsi off)', () => {
    const noJitsi = size(variant(example(MAGNUM_FIXTURE), (e) => (e.apps.jitsi.enabled = false)));
    expect(magnumNodeLabelCommands(noJitsi, { items: [node('k8s-node-0', heat('default-worker'), '10.20.0.21'), node('k8s-general-0', heat('general'), '10.20.0.31')] }, [])).toEqual([
      ['label', 'node', 'k8s-node-0', 'socle/pool=general', '--overwrite'],
    ]);
  });
});
