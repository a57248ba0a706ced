/**
 * `socle size --format json` and `socle cost --format json`: the documented contracts scripts
 * rely on (field names and meaning), on the shipped examples and on edge cases.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo, REPO_ROOT } from './capture-io.js';

const EXAMPLES = ['pilot', 'metropole-9000', 'departement-cleura'] as const;
const ROLES = ['control-plane', 'general', 'media', 'database'];

interface SizeJson {
  environment: string;
  users: number;
  zones: string[];
  components: { name: string; replicas: number; requests: { cpuMillicores: number; memoryMiB: number }; limits: { cpuMillicores: number; memoryMiB: number } }[];
  nodePools: { role: string; flavor: { name: string; vcpus: number; ramGb: number }; count: number; zones: { zone: string | null; count: number }[] }[];
  licences: { app: string; edition: string; sufficient: boolean; allows: string; needs: string }[];
}

interface CostJson {
  environment: string;
  users: number;
  monthlyTotalEur: number;
  perUserMonthlyEur: number;
  yearlyTotalEur: number;
  lines: { item: string; quantity: number; unit: string; unitPriceEur: number | null; monthlyEur: number | null; source: string; notIncludedReason?: string }[];
  notIncluded: string[];
  comparison: { offer: string; perUserMonthlyEur: number; monthlyTotalEur: number };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const scratch = mkdtempSync(join(tmpdir(), 'socle-cli-json-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The pilot example with the given editions: an environment file in a scratch folder. */
function pilotWith(onlyoffice: string, rocketchat: string, users = 1000): string {
  const text = readFileSync(join(REPO_ROOT, 'environments/examples/pilot.yaml'), 'utf8')
    .replace(/onlyoffice:\n    edition: enterprise/, `onlyoffice:\n    edition: ${onlyoffice}`)
    .replace(/rocketchat:\n    edition: enterprise/, `rocketchat:\n    edition: ${rocketchat}`)
    .replace('users: 1000', `users: ${users}`);
  const file = join(scratch, `pilot-${onlyoffice}-${rocketchat}-${users}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe.each(EXAMPLES)('socle size %s --format json', (name) => {
  it('prints components[] (name, replicas, requests) and nodePools[] (role, flavor, count, zones)', async () => {
    const { code, out, err } = await run(['size', name, '--format', 'json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(out) as SizeJson;
    expect(plan.environment).toBe(name);
    expect(plan.components.length).toBeGreaterThan(5);
    expect(new Set(plan.components.map((c) => c.name)).size).toBe(plan.components.length);
    for (const c of plan.components) {
      expect(c.name).toMatch(/^[a-z][a-z0-9-]+$/);
      expect(Number.isInteger(c.replicas) && c.replicas >= 1, c.name).toBe(true);
      expect(c.requests.cpuMillicores, c.name).toBeGreaterThan(0);
      expect(c.requests.memoryMiB, c.name).toBeGreaterThan(0);
      expect(c.limits.cpuMillicores, c.name).toBeGreaterThanOrEqual(c.requests.cpuMillicores);
      expect(c.limits.memoryMiB, c.name).toBeGreaterThanOrEqual(c.requests.memoryMiB);
    }
    expect(plan.nodePools.length).toBeGreaterThan(0);
    for (const p of plan.nodePools) {
      expect(ROLES).toContain(p.role);
      expect(p.flavor.name.length).toBeGreaterThan(0);
      expect(p.flavor.vcpus).toBeGreaterThan(0);
      expect(Number.isInteger(p.count) && p.count >= 1, p.role).toBe(true);
      expect(p.zones.reduce((n, z) => n + z.count, 0), p.role).toBe(p.count);
      if (plan.zones.length === 0) expect(p.zones).toEqual([{ zone: null, count: p.count }]);
      else expect(p.zones.map((z) => z.zone)).toEqual(plan.zones);
    }
  });

  it('is deterministic: two runs print the same bytes', async () => {
    const [a, b] = [await run(['size', name, '--format', 'json']), await run(['size', name, '--format', 'json'])];
    expect(a.out).toBe(b.out);
  });
});

describe('socle size exit codes', () => {
  it('exits 1 and says INSUFFICIENT when a community edition cannot carry the load', async () => {
    const { code, out } = await run(['size', pilotWith('community', 'enterprise')]);
    expect(code).toBe(1);
    expect(out).toMatch(/onlyoffice\s+community\s+.*INSUFFICIENT/);
  });

  it('exits 1 with --format json too, with the gate in licences[]', async () => {
    const { code, out } = await run(['size', pilotWith('enterprise', 'community'), '--format', 'json']);
    expect(code).toBe(1);
    const plan = JSON.parse(out) as SizeJson;
    expect(plan.licences.find((g) => g.app === 'rocketchat')).toMatchObject({ edition: 'community', sufficient: false });
  });

  it('prints the plan as tables by default', async () => {
    const { code, out } = await run(['size', 'metropole-9000']);
    expect(code).toBe(0);
    expect(out).toMatch(/^component\s+replicas\s+cpu req\s+mem req/m);
    expect(out).toMatch(/^node pool\s+flavor\s+nodes\s+per zone/m);
    expect(out).toContain('eu-west-par-a:');
  });
});

describe.each(EXAMPLES)('socle cost %s --format json', (name) => {
  it('prints monthlyTotalEur, perUserMonthlyEur and line items that add up', async () => {
    const { code, out, err } = await run(['cost', name, '--format', 'json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const c = JSON.parse(out) as CostJson;
    expect(c.environment).toBe(name);
    expect(c.lines.length).toBeGreaterThan(3);
    for (const l of c.lines) {
      expect(typeof l.item).toBe('string');
      expect(l.quantity).toBeGreaterThanOrEqual(0);
      if (l.unitPriceEur === null) {
        expect(l.monthlyEur).toBeNull();
        expect(l.notIncludedReason, l.item).toBeTruthy();
      } else {
        expect(Math.abs(l.monthlyEur! - l.quantity * l.unitPriceEur), l.item).toBeLessThanOrEqual(0.005 + 1e-9); // rounded to the cent
      }
    }
    const sum = c.lines.reduce((acc, l) => acc + (l.monthlyEur ?? 0), 0);
    expect(c.monthlyTotalEur).toBeCloseTo(sum, 1);
    expect(c.perUserMonthlyEur).toBeCloseTo(c.monthlyTotalEur / c.users, 2);
    expect(c.yearlyTotalEur).toBeCloseTo(c.monthlyTotalEur * 12, 1);
    expect(c.comparison.offer).toContain('Microsoft 365 E3');
    expect(c.comparison.monthlyTotalEur).toBeCloseTo(c.comparison.perUserMonthlyEur * c.users, 1);
  });

  it('lists the enterprise licences as not-included lines, never leaves them out', async () => {
    const c = JSON.parse((await run(['cost', name, '--format', 'json'])).out) as CostJson;
    for (const item of ['ONLYOFFICE Docs Enterprise licence', 'Rocket.Chat Enterprise licence']) {
      const line = c.lines.find((l) => l.item === item);
      expect(line, item).toBeDefined();
      expect(line).toMatchObject({ unitPriceEur: null, monthlyEur: null });
      expect(c.notIncluded.some((n) => n.startsWith(item))).toBe(true);
    }
  });
});

describe('socle cost edge cases', () => {
  it('has no licence line for community editions', async () => {
    const c = JSON.parse((await run(['cost', pilotWith('community', 'community'), '--format', 'json'])).out) as CostJson;
    expect(c.lines.filter((l) => /licence/i.test(l.item))).toEqual([]);
  });

  it('prices OVHcloud infrastructure: the pilot total is positive and every OVHcloud line priced', async () => {
    const c = JSON.parse((await run(['cost', 'pilot', '--format', 'json'])).out) as CostJson;
    expect(c.monthlyTotalEur).toBeGreaterThan(0);
    expect(c.lines.filter((l) => l.unitPriceEur === null).map((l) => l.item)).toEqual(['ONLYOFFICE Docs Enterprise licence', 'Rocket.Chat Enterprise licence']);
  });

  it('marks infrastructure of a cloud without a price catalogue as not included', async () => {
    const c = JSON.parse((await run(['cost', 'test/environments/fixtures/magnum-cloudferro.yaml', '--format', 'json'])).out) as CostJson;
    const storage = c.lines.find((l) => l.item.startsWith('block storage'));
    expect(storage).toMatchObject({ unitPriceEur: null, monthlyEur: null });
    expect(storage?.notIncludedReason).toContain('environments/catalogue/clouds/cloudferro.yaml');
  });

  it('prints a table with the total and the comparison by default', async () => {
    const { code, out } = await run(['cost']);
    expect(code).toBe(0);
    expect(out).toMatch(/^item\s+qty\s+unit\s+€\/unit\s+€\/month/m);
    expect(out).toMatch(/^total [\d,]+\.\d\d €\/month excl\. VAT/m);
    expect(out).toContain('compare: Microsoft 365 E3');
    expect(out).toMatch(/^not included: .*ONLYOFFICE Docs Enterprise licence/m);
  });
});

describe('bad input with --format json', () => {
  it.each(['size', 'cost', 'validate'])('%s prints the problems as JSON on stdout and exits 2', async (command) => {
    const file = 'test/environments/malformed/region-with-dash.yaml';
    const { code, out, err } = await run([command, file, '--format', 'json']);
    expect(code).toBe(2);
    expect(err).toBe('');
    expect(JSON.parse(out)).toEqual({
      ok: false,
      file,
      problems: [expect.objectContaining({ code: 'unknown-region', path: 'cloud.region', line: 11, col: 11, hint: 'did you mean "GRA11"?' })],
    });
  });
});

describe('a flavor override too small for the plan', () => {
  const smallDatabaseFlavor = () => {
    const text = readFileSync(join(REPO_ROOT, 'test/environments/fixtures/magnum-cloudferro.yaml'), 'utf8').replace('{ name: fixture.8c64gb, vcpus: 8, ramGb: 64 }', '{ name: fixture.8c64gb, vcpus: 1, ramGb: 2 }');
    const file = join(scratch, 'small-database-flavor.yaml');
    writeFileSync(file, text);
    return { file, line: text.split('\n').findIndex((l) => /^\s+database: fixture\.8c64gb/.test(l)) + 1 };
  };

  it.each(['validate', 'size', 'cost'])('%s exits 2 naming the file, position, field and what does not fit, without a stack trace', async (command) => {
    const { file, line } = smallDatabaseFlavor();
    const { code, out, err } = await run([command, file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${file}:${line}:15  cloud.flavors.database  flavor fixture.8c64gb (1 vCPU, 2 GB) can't hold the largest database pod`);
    expect(err).toContain('(choose a larger flavor');
    expect(err).not.toMatch(/^\s+at\s/m);
  });

  it('validate --format json reports it as a problem with its position', async () => {
    const { file, line } = smallDatabaseFlavor();
    const { code, out } = await run(['validate', file, '--format', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(out).problems).toEqual([expect.objectContaining({ code: 'flavor-too-small', path: 'cloud.flavors.database', line, col: 15 })]);
  });
});

describe('socle validate --format json on a valid file', () => {
  it.each(EXAMPLES)('%s: ok, no problems, and the resolved environment', async (name) => {
    const { code, out, err } = await run(['validate', name, '--format', 'json']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const report = JSON.parse(out) as { ok: boolean; file: string; problems: unknown[]; environment: { name: string; profile: string; apps: unknown } };
    expect(report).toMatchObject({ ok: true, file: `environments/examples/${name}.yaml`, problems: [] });
    expect(report.environment.name).toBe(name);
    expect(report.environment.apps).toBeDefined();
  });
});
