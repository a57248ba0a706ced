/** HA rules of the plan, for many user counts, both region shapes, and the editions. */
import { describe, expect, it } from 'vitest';
import type { Edition } from '../../environments/environment.js';
import { podsOf, RKE2_CLUSTER_ADDONS } from '../../sizing/node-pools.js';
import { totalRequests } from '../../sizing/packing.js';
import { size } from '../../sizing/size.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { environmentFor } from './environment-for.js';

const USERS = [100, 500, 1000, 2500, 3000, 6000, 9000, 15000, 20000];
const PARIS_ZONES = ['eu-west-par-a', 'eu-west-par-b', 'eu-west-par-c'];

/**
 * Components documented to run one instance: the community editions (licence), Nextcloud's cron
 * job (one run at a time).
 */
function singleInstanceAllowed(name: string, onlyoffice: Edition, rocketchat: Edition): boolean {
  if (name === 'nextcloud-cron') return true;
  // A nightly backup is one CronJob run at a time (concurrencyPolicy Forbid), retried on failure: no service.
  if (name.endsWith('-backup')) return true;
  if (onlyoffice === 'community' && (name === 'onlyoffice-docservice' || name === 'onlyoffice-converter')) return true;
  return rocketchat === 'community' && name === 'rocketchat';
}

const CASES = USERS.flatMap((users) =>
  (['GRA11', 'EU-WEST-PAR'] as const).flatMap((region) =>
    (['enterprise', 'community'] as const).map((edition) => ({ users, region, edition }))),
);

describe.each(CASES)('$users users, $region, $edition editions', ({ users, region, edition }) => {
  const plan: SizingPlan = size(environmentFor({ users, region, onlyoffice: edition, rocketchat: edition }));

  it('runs every stateless component with at least 2 replicas, except the documented single instances', () => {
    const single = plan.components.filter((c) => c.kind !== 'stateful' && c.replicas < 2).map((c) => c.name);
    expect(single.filter((n) => !singleInstanceAllowed(n, edition, edition))).toEqual([]);
  });

  it('runs the single-instance components with exactly 1 replica (never 0, never a cluster the licence forbids)', () => {
    for (const c of plan.components.filter((c) => singleInstanceAllowed(c.name, edition, edition))) expect(c.replicas, c.name).toBe(1);
  });

  it('runs every stateful component as a 3-member set on volumes', () => {
    const stateful = plan.components.filter((c) => c.kind === 'stateful');
    expect(stateful.length).toBeGreaterThanOrEqual(5);
    for (const c of stateful) {
      expect(c.replicas, c.name).toBe(3);
    }
    for (const c of stateful.filter((c) => c.pool === 'database')) expect(c.volume?.sizeGi, c.name).toBeGreaterThan(0);
  });

  it('runs at least 2 Jitsi shards, two web and one prosody/jicofo per shard, and at least 2 videobridges', () => {
    expect(plan.jitsi!.shards).toBeGreaterThanOrEqual(2);
    for (const [name, each] of [['jitsi-web', 2], ['jitsi-prosody', 1], ['jitsi-jicofo', 1]] as const) {
      const c = plan.components.find((x) => x.name === name)!;
      expect(c.replicas, name).toBe(each * plan.jitsi!.shards);
      expect(c.shards, name).toBe(plan.jitsi!.shards);
    }
    expect(plan.jitsi!.bridges).toBeGreaterThanOrEqual(2);
    expect(plan.components.find((c) => c.name === 'jitsi-videobridge')!.replicas).toBe(plan.jitsi!.bridges);
  });

  it('gives each data store member a node of its own and a control plane of 3', () => {
    const database = plan.nodePools.find((p) => p.role === 'database')!;
    expect(database.count).toBeGreaterThanOrEqual(3);
    expect(plan.nodePools.find((p) => p.role === 'control-plane')!.count).toBe(3);
  });

  it('keeps room for the services of a lost node in the general pool (N+1); the preemptible backups may wait', () => {
    const pool = plan.nodePools.find((p) => p.role === 'general')!;
    const general = [...podsOf(plan.components.filter((c) => c.pool === 'general')), ...RKE2_CLUSTER_ADDONS];
    // The lost node takes at most one pod of each one-per-node set with it; those stay lost.
    const oneOfEach = [...new Map(general.filter((p) => p.onePerNode).map((p) => [p.set, p])).values()];
    const needed = totalRequests(general.filter((p) => !p.preemptible));
    const lost = totalRequests(oneOfEach);
    expect(totalRequests(general)).toEqual(pool.requested);
    expect((pool.count - 1) * pool.allocatablePerNode.cpuMillicores, 'cpu').toBeGreaterThanOrEqual(needed.cpuMillicores - lost.cpuMillicores);
    expect((pool.count - 1) * pool.allocatablePerNode.memoryMiB, 'memory').toBeGreaterThanOrEqual(needed.memoryMiB - lost.memoryMiB);
  });

  it('runs exactly the nightly backups preemptible', () => {
    expect(plan.components.filter((c) => c.preemptible).map((c) => c.name)).toEqual(plan.components.filter((c) => c.name.endsWith('-backup')).map((c) => c.name));
  });

  it('loses at most one member of each data store with a database node: members never share a node', () => {
    const database = plan.nodePools.find((p) => p.role === 'database')!;
    for (const c of plan.components.filter((c) => c.pool === 'database' && c.kind === 'stateful')) {
      expect(c.spread, c.name).toBe('one-per-node');
      expect(database.count, c.name).toBeGreaterThanOrEqual(c.replicas);
    }
  });

  it('holds its requests within what the nodes leave to pods', () => {
    for (const pool of plan.nodePools) {
      expect(pool.utilisation.cpu, pool.role).toBeLessThanOrEqual(1);
      expect(pool.utilisation.memory, pool.role).toBeLessThanOrEqual(1);
      expect(pool.count * pool.allocatablePerNode.cpuMillicores, pool.role).toBeGreaterThanOrEqual(pool.requested.cpuMillicores);
    }
  });

  it('uses at least half of the binding resource of every pool whose count the load sets, and says which rule sets the others', () => {
    for (const pool of plan.nodePools) {
      const binding = Math.max(pool.utilisation.cpu, pool.utilisation.memory);
      expect(pool.utilisation.binding, pool.role).toBe(pool.utilisation.cpu >= pool.utilisation.memory ? 'cpu' : 'memory');
      if (binding < 0.5) expect(pool.rationale, pool.role).toMatch(/under half: .*rules above set the count/);
      else expect(pool.rationale, pool.role).not.toContain('under half');
    }
  });

  it('gives each videobridge a media node with a public IP', () => {
    const media = plan.nodePools.find((p) => p.role === 'media')!;
    expect(media.publicIp).toBe(true);
    expect(media.count).toBeGreaterThanOrEqual(plan.jitsi!.bridges);
    expect(plan.publicIps).toBe(plan.loadBalancers.length + media.count);
  });

  it(region === 'EU-WEST-PAR' ? 'spreads every pool evenly over the three Paris zones' : 'puts every pool in the single zone', () => {
    for (const pool of plan.nodePools) {
      const counts = pool.zones.map((z) => z.count);
      if (region === 'EU-WEST-PAR') {
        expect(pool.zones.map((z) => z.zone), pool.role).toEqual(PARIS_ZONES);
        // Pools of quorum members have as many nodes in each zone; the others within one.
        expect(Math.max(...counts) - Math.min(...counts), pool.role).toBeLessThanOrEqual(pool.role === 'media' || pool.role === 'general' ? 1 : 0);
        // Media nodes follow the bridge count (2 bridges leave one zone without); every other
        // pool has a node in each zone.
        if (pool.role !== 'media') expect(Math.min(...counts), pool.role).toBeGreaterThanOrEqual(1);
      } else {
        expect(pool.zones, pool.role).toEqual([{ zone: null, count: pool.count }]);
      }
    }
  });
});

describe('HA in a three-zone region', () => {
  it('runs one ingress per zone', () => {
    const plan = size(environmentFor({ users: 1000, region: 'EU-WEST-PAR' }));
    expect(plan.components.find((c) => c.name === 'ingress')!.replicas).toBe(3);
    expect(plan.zones).toEqual(PARIS_ZONES);
  });

  it('spreads over the zones the file lists, when it lists fewer', () => {
    const plan = size(environmentFor({ users: 3000, region: 'EU-WEST-PAR', zones: ['eu-west-par-a', 'eu-west-par-c'] }));
    expect(plan.zones).toEqual(['eu-west-par-a', 'eu-west-par-c']);
    for (const pool of plan.nodePools) expect(pool.zones.map((z) => z.zone), pool.role).toEqual(['eu-west-par-a', 'eu-west-par-c']);
    expect(plan.components.find((c) => c.name === 'ingress')!.replicas).toBe(2);
  });
});

describe('an existing cluster', () => {
  it('plans no control plane and no Kubernetes API load balancer', () => {
    const plan = size(environmentFor({ users: 1000, mode: 'existing' }));
    expect(plan.nodePools.map((p) => p.role)).not.toContain('control-plane');
    expect(plan.loadBalancers.map((l) => l.name)).toEqual(['ingress']);
  });
});

describe('the videobridge host', () => {
  it("fits the handbook's 4-CPU / 8 GB bridge host with TURN beside it (meet.jit.si's 4000 is MHz in Nomad, not 4 cores)", async () => {
    const { allocatable } = await import('../../sizing/node-allocatable.js');
    const plan = size(environmentFor({ users: 9000, region: 'EU-WEST-PAR' }));
    const [bridge, turn] = ['jitsi-videobridge', 'coturn'].map((n) => plan.components.find((c) => c.name === n)!.requests);
    const host = allocatable({ vcpus: 4, ramGb: 8 });
    expect(bridge!.cpuMillicores + turn!.cpuMillicores).toBeLessThanOrEqual(host.cpuMillicores);
    expect(bridge!.memoryMiB + turn!.memoryMiB).toBeLessThanOrEqual(host.memoryMiB);
    expect(plan.nodePools.find((p) => p.role === 'media')!.flavor.vcpus).toBe(4);
  });
});
