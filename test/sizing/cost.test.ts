/** The cost estimate: lines add up, nothing unpriced is left out, and the comparison line. */
import { describe, expect, it } from 'vitest';
import { loadEnvironmentFile } from '../../environments/load-environment.js';
import { cost } from '../../sizing/cost.js';
import { MICROSOFT_365_E3 } from '../../sizing/prices.js';
import { size } from '../../sizing/size.js';
import { environmentFile, MAGNUM_FIXTURE } from '../charts/examples.js';
import { REPO_ROOT } from '../cli/capture-io.js';
import { environmentFor } from './environment-for.js';

const USERS = [100, 250, 1000, 2500, 3000, 5000, 9000, 12000, 20000];

describe.each(USERS)('cost at %i users', (users) => {
  const env = environmentFor({ users, region: users > 5000 ? 'EU-WEST-PAR' : 'GRA11' });
  const estimate = cost(env, size(env));

  it('has a total equal to the sum of its priced lines (cents)', () => {
    const sum = estimate.lines.reduce((acc, l) => acc + (l.monthlyEur ?? 0), 0);
    expect(Math.abs(estimate.monthlyTotalEur - sum)).toBeLessThan(0.01);
    expect(estimate.yearlyTotalEur).toBeCloseTo(estimate.monthlyTotalEur * 12, 1);
    expect(estimate.perUserMonthlyEur).toBeCloseTo(estimate.monthlyTotalEur / users, 2);
  });

  it('prices each line as quantity × unit price, with a source', () => {
    for (const l of estimate.lines) {
      expect(l.source.length, l.item).toBeGreaterThan(0);
      if (l.unitPriceEur !== null) expect(Math.abs(l.monthlyEur! - l.quantity * l.unitPriceEur), l.item).toBeLessThanOrEqual(0.005 + 1e-9); // rounded to the cent
    }
  });

  it('has one priced line per node pool, with the node count of the plan', () => {
    const plan = size(env);
    for (const pool of plan.nodePools) {
      const line = estimate.lines.find((l) => l.item === `${pool.role} nodes (${pool.flavor.name})`);
      expect(line, pool.role).toMatchObject({ quantity: pool.count, unitPriceEur: pool.flavor.monthlyEur });
    }
  });

  it('lists the enterprise licences as not included, with a reason, and says so in notIncluded', () => {
    const licences = estimate.lines.filter((l) => /Enterprise licence/.test(l.item));
    expect(licences.map((l) => l.item)).toEqual(['ONLYOFFICE Docs Enterprise licence', 'Rocket.Chat Enterprise licence']);
    for (const l of licences) {
      expect(l).toMatchObject({ unitPriceEur: null, monthlyEur: null });
      expect(l.notIncludedReason).toBeTruthy();
      expect(estimate.notIncluded.some((n) => n.startsWith(l.item))).toBe(true);
    }
    expect(estimate.notIncluded.at(-1)).toContain('VAT');
  });

  it('compares with Microsoft 365 E3 at its list price', () => {
    expect(estimate.comparison.perUserMonthlyEur).toBe(MICROSOFT_365_E3.eur);
    expect(estimate.comparison.monthlyTotalEur).toBeCloseTo(MICROSOFT_365_E3.eur * users, 1);
    expect(estimate.comparison.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('cost properties', () => {
  it('never falls as users grow, but for one node the scheduler port saves at the edge of a pool (same region and profile)', () => {
    let previous = 0;
    let oneNode = 0;
    for (let users = 100; users <= 20000; users += 100) {
      const env = environmentFor({ users, region: 'EU-WEST-PAR', profile: 'large' });
      const plan = size(env);
      const total = cost(env, plan).monthlyTotalEur;
      // test/sizing/monotonic.test.ts says when a pool may hold one node fewer at the next step.
      expect(total, `${users} users`).toBeGreaterThanOrEqual(previous - oneNode);
      previous = total;
      oneNode = Math.max(...plan.nodePools.map((p) => p.flavor.monthlyEur!));
    }
  });

  it('costs less per user at 9,000 users than at 1,000 (shared platform)', () => {
    const per = (users: number) => {
      const env = environmentFor({ users });
      return cost(env, size(env)).perUserMonthlyEur;
    };
    expect(per(9000)).toBeLessThan(per(1000));
  });

  it('leaves the nodes of an existing cluster out of the total, as not included', () => {
    const env = environmentFor({ users: 1000, mode: 'existing' });
    const estimate = cost(env, size(env));
    const nodes = estimate.lines.filter((l) => / nodes \(/.test(l.item));
    expect(nodes.length).toBeGreaterThan(0);
    for (const l of nodes) expect(l).toMatchObject({ unitPriceEur: null, monthlyEur: null, notIncludedReason: 'the existing cluster is paid for elsewhere' });
  });

  it("prices only the ingress address of an existing cluster: its media nodes' addresses come with them", () => {
    const env = environmentFor({ users: 1000, mode: 'existing' });
    const plan = size(env);
    const media = plan.nodePools.find((p) => p.role === 'media')!.count;
    const estimate = cost(env, plan);
    expect(estimate.lines.find((l) => l.item === 'floating IPs')!.quantity).toBe(plan.publicIps - media);
    expect(estimate.lines.find((l) => l.item === 'public addresses of the media nodes')).toMatchObject({ quantity: media, monthlyEur: null, notIncludedReason: 'the existing cluster provides them with its media nodes' });
  });

  it('prices the flavors the catalogue has (departement-cleura on Cleura), with their source and date', () => {
    const env = loadEnvironmentFile(`${REPO_ROOT}/environments/examples/departement-cleura.yaml`);
    const nodes = cost(env, size(env)).lines.filter((l) => / nodes \(/.test(l.item));
    expect(nodes.length).toBe(4);
    for (const l of nodes) expect(l.source, l.item).toMatch(/mixxor\/eu-cloud-prices prices\/cleura\.json .*\(2026-05-20\)$/);
  });

  it('uses custom flavor prices when given, and marks unknown ones not included (the Magnum fixture)', () => {
    const env = loadEnvironmentFile(environmentFile(MAGNUM_FIXTURE));
    const estimate = cost(env, size(env));
    const nodes = estimate.lines.filter((l) => / nodes \(/.test(l.item));
    for (const l of nodes) expect(l.notIncludedReason, l.item).toContain('flavor price unknown');
    const priced = environmentFor({ users: 1000 });
    expect(cost(priced, size(priced)).lines.filter((l) => / nodes \(/.test(l.item)).every((l) => l.monthlyEur !== null)).toBe(true);
  });

  it('has no licence line for community editions', () => {
    const env = environmentFor({ users: 500, onlyoffice: 'community', rocketchat: 'community' });
    expect(cost(env, size(env)).lines.filter((l) => /licence/i.test(l.item))).toEqual([]);
  });
});

describe('the backups bucket', () => {
  const example = (name: string) => loadEnvironmentFile(`${REPO_ROOT}/environments/examples/${name}.yaml`);

  it('counts every nightly base backup and dump the retention keeps, and one copy of the files, leaving caches and queues out', () => {
    const env = example('metropole-9000');
    const plan = size(env);
    const volume = (name: string) => plan.components.find((c) => c.name === name)!.volume!.sizeGi;
    const days = env.backups!.retentionDays;
    const postgres = (volume('nextcloud-postgresql') + volume('onlyoffice-postgresql')) * (days + 1);
    const dumps = (volume('rocketchat-mongodb') + volume('wekan-mongodb')) * days;
    const files = plan.objectStorage.filter((b) => b.name === 'nextcloud-data' || b.name === 'attachments').reduce((acc, b) => acc + b.sizeGb, 0);
    const backups = plan.objectStorage.find((b) => b.name === 'backups')!;
    expect(backups.sizeGb).toBe(files + postgres + dumps);
    // Written by rclone in GRA's Infrequent Access tier; Barman's base backups and WAL stay in Standard.
    expect(backups.infrequentAccessGb).toBe(files + dumps);
  });

  it('prices the Infrequent Access part at its own rate, and says that reading it back is billed', () => {
    const env = example('pilot');
    const plan = size(env);
    const backups = plan.objectStorage.find((b) => b.name === 'backups')!;
    const estimate = cost(env, plan);
    const lines = estimate.lines.filter((l) => l.item.startsWith('object storage: backups'));
    expect(lines.map((l) => [l.item, l.quantity, l.unitPriceEur])).toEqual([
      ['object storage: backups (SBG5)', backups.sizeGb - backups.infrequentAccessGb!, 0.0081],
      ['object storage: backups, Infrequent Access (SBG5)', backups.infrequentAccessGb, 0.0044],
    ]);
    expect(estimate.notIncluded.find((n) => n.startsWith('reading back backups'))).toContain('0.0044 € per GiB read');
  });

  it('stays in Standard where the backup region has no such tier (a Swift S3 API)', () => {
    const env = example('departement-cleura');
    const backups = size(env).objectStorage.find((b) => b.name === 'backups')!;
    expect(backups.infrequentAccessGb).toBeUndefined();
    expect(cost(env, size(env)).lines.filter((l) => l.item.includes('Infrequent Access'))).toEqual([]);
  });
});
