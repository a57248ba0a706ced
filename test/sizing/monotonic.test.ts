/**
 * Property: more users never gives less capacity. Over user counts from 100 to 20,000, for the
 * same profile and region, each step up must not lower any of: total requests, an app's total
 * requests, a component's replicas and total requests (while the app keeps the same architecture;
 * per replica they may fall when a replica is added, as Nextcloud's workers are shared over more
 * pods), a pool's monthly cost (its flavor may change family: fewer GB of a cheaper shape), a
 * pool's node count (while its flavor stays the same).
 */
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../environments/environment.js';
import { size } from '../../sizing/size.js';
import type { ComponentPlan, SizingPlan } from '../../sizing/sizing-plan.js';
import { environmentFor } from './environment-for.js';

/** Every 25 users, plus the edges of the thresholds the formulas use (±1). */
const USER_COUNTS = (() => {
  const counts = new Set<number>();
  for (let u = 100; u <= 20000; u += 25) counts.add(u);
  // 666/667: 200 concurrent; 2,499/2,500: 750 concurrent (Rocket.Chat microservices);
  // 2,000/2,001 and 6,000/6,001: profile boundaries; 3,000/3,001: control-plane and Redis steps.
  for (const edge of [666, 667, 2499, 2501, 2001, 3001, 5001, 6001, 19999]) counts.add(edge);
  return [...counts].sort((a, b) => a - b);
})();

type Totals = { cpu: number; mem: number };
const totals = (cs: readonly ComponentPlan[]): Totals =>
  cs.reduce((t, c) => ({ cpu: t.cpu + c.requests.cpuMillicores * c.replicas, mem: t.mem + c.requests.memoryMiB * c.replicas }), { cpu: 0, mem: 0 });

/** Every way `next` has less capacity than `prev`, in words. */
function decreases(prev: SizingPlan, next: SizingPlan): string[] {
  const found: string[] = [];
  const step = `${prev.users} → ${next.users} users`;
  const [t0, t1] = [totals(prev.components), totals(next.components)];
  if (t1.cpu < t0.cpu || t1.mem < t0.mem) found.push(`${step}: total requests ${JSON.stringify(t0)} → ${JSON.stringify(t1)}`);

  for (const app of new Set(prev.components.map((c) => c.app))) {
    const [a0, a1] = [prev.components.filter((c) => c.app === app), next.components.filter((c) => c.app === app)];
    const [s0, s1] = [totals(a0), totals(a1)];
    if (s1.cpu < s0.cpu || s1.mem < s0.mem) found.push(`${step}: ${app} requests ${JSON.stringify(s0)} → ${JSON.stringify(s1)}`);
    const sameArchitecture = a0.map((c) => c.name).join() === a1.map((c) => c.name).join();
    if (!sameArchitecture) {
      // A change of architecture may only add components (Rocket.Chat monolith → microservices).
      const gone = a0.filter((c) => !a1.some((d) => d.name === c.name)).map((c) => c.name);
      if (gone.length) found.push(`${step}: ${app} loses ${gone.join(', ')}`);
      continue;
    }
    for (const c of a1) {
      const before = a0.find((d) => d.name === c.name)!;
      if (c.replicas < before.replicas) found.push(`${step}: ${c.name} replicas ${before.replicas} → ${c.replicas}`);
      const [r0, r1] = [totals([before]), totals([c])];
      if (r1.cpu < r0.cpu || r1.mem < r0.mem) found.push(`${step}: ${c.name} total requests went down`);
      if (c.replicas === before.replicas && (c.requests.cpuMillicores < before.requests.cpuMillicores || c.requests.memoryMiB < before.requests.memoryMiB)) found.push(`${step}: ${c.name} requests per replica went down`);
      if ((c.volume?.sizeGi ?? 0) < (before.volume?.sizeGi ?? 0)) found.push(`${step}: ${c.name} volume ${before.volume?.sizeGi} → ${c.volume?.sizeGi} GiB`);
    }
  }

  // The node count is the scheduler port's: where a pool is nearly full once a node is lost, the
  // lost node's pods find room or not depending on where the previous pods landed, so a pool may
  // hold one node fewer at the next step (sizing/packing.ts, docs/sizing.md). Never more than one.
  for (const pool of next.nodePools) {
    const before = prev.nodePools.find((p) => p.role === pool.role);
    if (!before) continue;
    const [e0, e1] = [before.count * before.flavor.monthlyEur!, pool.count * pool.flavor.monthlyEur!];
    if (e1 < e0 - Math.max(before.flavor.monthlyEur!, pool.flavor.monthlyEur!) - 1e-9) found.push(`${step}: ${pool.role} pool ${before.count}×${before.flavor.name} → ${pool.count}×${pool.flavor.name} costs more than one node less`);
    if (pool.flavor.name === before.flavor.name && pool.count < before.count - 1) found.push(`${step}: ${pool.role} pool ${before.count} → ${pool.count} nodes of ${pool.flavor.name}`);
  }
  for (const before of prev.nodePools) if (!next.nodePools.some((p) => p.role === before.role)) found.push(`${step}: ${before.role} pool disappears`);

  if (next.blockStorageGi < prev.blockStorageGi) found.push(`${step}: block storage ${prev.blockStorageGi} → ${next.blockStorageGi} GiB`);
  if (next.publicIps < prev.publicIps) found.push(`${step}: public IPs ${prev.publicIps} → ${next.publicIps}`);
  for (const b of next.objectStorage) {
    const a = prev.objectStorage.find((x) => x.name === b.name);
    if (a && b.sizeGb < a.sizeGb) found.push(`${step}: bucket ${b.name} ${a.sizeGb} → ${b.sizeGb} GB`);
  }
  if ((next.jitsi?.bridges ?? 0) < (prev.jitsi?.bridges ?? 0) || (next.jitsi?.shards ?? 0) < (prev.jitsi?.shards ?? 0)) found.push(`${step}: Jitsi shards or bridges went down`);
  return found;
}

const SERIES: [string, ProfileName | undefined, string][] = [
  ['chosen from users', undefined, 'GRA11'],
  ['chosen from users', undefined, 'EU-WEST-PAR'],
  ['pilot', 'pilot', 'GRA11'],
  ['standard', 'standard', 'EU-WEST-PAR'],
  ['large', 'large', 'GRA11'],
  ['large', 'large', 'EU-WEST-PAR'],
];

describe('more users never gives less capacity', () => {
  it('covers the whole supported range', () => {
    expect(USER_COUNTS[0]).toBe(100);
    expect(USER_COUNTS.at(-1)).toBe(20000);
    expect(USER_COUNTS.length).toBeGreaterThan(700);
  });

  it.each(SERIES.map(([label, profile, region]) => [label, region, profile] as const))('profile %s, %s', (_label, region, profile) => {
    const plans = USER_COUNTS.map((users) => size(environmentFor({ users, profile, region })));
    const found = plans.slice(1).flatMap((plan, i) => decreases(plans[i]!, plan));
    expect(found).toEqual([]);
  });

  it('with both community editions too (one instance each, whatever the load)', () => {
    const plans = USER_COUNTS.filter((_, i) => i % 4 === 0).map((users) => size(environmentFor({ users, region: 'EU-WEST-PAR', onlyoffice: 'community', rocketchat: 'community' })));
    expect(plans.slice(1).flatMap((plan, i) => decreases(plans[i]!, plan))).toEqual([]);
  });

  it('the checker itself notices a decrease (it can fail)', () => {
    const small = size(environmentFor({ users: 1000 }));
    const large = size(environmentFor({ users: 9000 }));
    expect(decreases(large, small).length).toBeGreaterThan(0);
  });

  it('grows where it should: 20,000 users need more than 100 of everything that scales', () => {
    const [low, high] = [size(environmentFor({ users: 100 })), size(environmentFor({ users: 20000 }))];
    expect(totals(high.components).cpu).toBeGreaterThan(2 * totals(low.components).cpu);
    const replicas = (p: SizingPlan, name: string) => p.components.find((c) => c.name === name)?.replicas ?? 0;
    for (const name of ['nextcloud-app', 'onlyoffice-docservice', 'jitsi-videobridge', 'wekan']) expect(replicas(high, name), name).toBeGreaterThan(replicas(low, name));
  });

  it('is a pure function: the same environment gives an equal plan', () => {
    const env = environmentFor({ users: 4321, region: 'EU-WEST-PAR' });
    expect(size(env)).toEqual(size(env));
  });
});
