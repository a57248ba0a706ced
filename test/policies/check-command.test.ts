/**
 * `socle check` as an auditor and a CI run it: realistic violations give a clear message and exit
 * 1, the shipped examples exit 0, bad input exits 2; every format; folders, plans, waivers files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { loadEnvironmentFile } from '../../environments/load-environment.js';
import { writeSynth } from '../../scripts/synth-pipeline.js';
import { captureIo, REPO_ROOT, STACK_FRAME } from '../cli/capture-io.js';
import { merge } from './fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'socle-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const METROPOLE = join(REPO_ROOT, 'environments', 'examples', 'metropole-9000.yaml');

/** The 9,000-user example with a change, written as an environment file. */
function variant(name: string, change: Record<string, unknown>): string {
  const doc = merge(load(readFileSync(METROPOLE, 'utf8')), { name, ...change });
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, dump(doc));
  return file;
}

async function check(...args: string[]) {
  const io = captureIo();
  const code = await main(['check', ...args], io);
  expect(io.err()).not.toMatch(STACK_FRAME);
  return { code, out: io.out(), err: io.err() };
}

describe('socle check: realistic violations exit 1 with a clear message', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['region outside the jurisdiction', { cloud: { region: 'BHS5', availabilityZones: [] } }, 'residency-region (critical)'],
    ['an OVHcloud US region under an EU jurisdiction', { residency: { jurisdiction: 'EU' }, cloud: { region: 'US-EAST-VA-1', availabilityZones: [] } }, 'region US-EAST-VA-1 is in Vint Hill, US, outside the EU'],
    ['backups to a region abroad', { backups: { region: 'SGP1' } }, 'backups go to SGP1: region SGP1 is in Singapore, SG, outside France'],
    ['a third-party STUN server', { apps: { jitsi: { stunServers: ['stun.l.google.com:19302'] } } }, 'STUN/TURN server stun.l.google.com (apps.jitsi.stunServers.0) is run by Google LLC (US), outside France'],
    ['Rocket.Chat’s default push gateway', { apps: { rocketchat: { pushGateway: 'https://gateway.rocket.chat' } } }, 'push gateway gateway.rocket.chat (apps.rocketchat.pushGateway) is run by Rocket.Chat Technologies Corp. (US), outside France'],
    ['Pulumi Cloud as the Pulumi backend', { state: { pulumi: { backend: 'https://api.pulumi.com' } } }, 'Pulumi backend: api.pulumi.com is run by Pulumi Corp. (US), outside France'],
    ['the community ONLYOFFICE edition at 9,000 users', { apps: { onlyoffice: { edition: 'community' } } }, 'ONLYOFFICE Community allows 20 simultaneous connections; the plan expects 450 simultaneous editors (5 % of 9,000 users)'],
    ['SSH open to the world', { cluster: { adminCidrs: ['0.0.0.0/0'] } }, 'admin CIDR 0.0.0.0/0 opens SSH and the Kubernetes API to the whole Internet'],
  ];
  it.each(cases)('%s', async (label, change, message) => {
    const name = label.replace(/\W+/g, '-').toLowerCase().slice(0, 30).replace(/-+$/, '');
    const { code, out, err } = await check(variant(name, change));
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toContain(message);
    expect(out).toMatch(/^FAIL — \d+ unwaived findings? at or above high/m);
  });

  it('SSH open to the world is caught in the synthesized security group rules too', async () => {
    const { out } = await check(variant('ssh-world-tf', { cluster: { adminCidrs: ['0.0.0.0/0'] } }), '--format', 'json');
    const report = JSON.parse(out);
    const admin = report.controls.find((c: { id: string }) => c.id === 'security-admin-ports');
    expect(admin.findings.some((f: { resource: string; message: string }) => f.resource.startsWith('terraform/') && /SSH \(22\).* to 0\.0\.0\.0\/0/.test(f.message))).toBe(true);
  });
});

describe('socle check: the shipped examples', () => {
  it.each(['pilot', 'metropole-9000', 'departement-cleura'])('%s exits 0 in every format', async (name) => {
    for (const format of ['text', 'json', 'sarif', 'junit', 'markdown', 'html']) {
      const { code, out } = await check(name, '--format', format);
      expect(code, `${name} --format ${format}`).toBe(0);
      expect(out.length).toBeGreaterThan(100);
    }
  });
});

describe('socle check: inputs', () => {
  const outDir = join(work, 'out', 'metropole-9000');
  writeSynth(loadEnvironmentFile(METROPOLE), outDir, new Date('2026-11-23T12:00:00Z'));

  it('checks a folder someone else built, with the same verdict as the environment', async () => {
    const folder = await check(outDir, '--format', 'json');
    const direct = await check(METROPOLE, '--format', 'json');
    expect(folder.code).toBe(0);
    const a = JSON.parse(folder.out);
    const b = JSON.parse(direct.out);
    expect(a.fingerprint).toEqual(b.fingerprint);
    expect(a.controls).toEqual(b.controls);
  });

  it('checks a `tofu show -json` plan too: a provider resolved to London fails an EU… and a France jurisdiction', async () => {
    const plan = join(work, 'network.plan.json');
    writeFileSync(plan, JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [] } }, configuration: { provider_config: { openstack: { name: 'openstack', expressions: { region: { constant_value: 'UK1' } } } } } }));
    const { code, out } = await check(outDir, '--plan', plan);
    expect(code).toBe(1);
    expect(out).toContain('plan/network/provider.openstack: region UK1 is in London (Erith), GB, outside France');
  });

  it('takes waivers from a file: a waived finding no longer blocks, and stays in the report', async () => {
    const env = variant('community-oo-waived', { apps: { onlyoffice: { edition: 'community' } } });
    const waivers = join(work, 'waivers.yaml');
    writeFileSync(waivers, dump([{ policy: 'licence-onlyoffice', resource: '*', justification: 'Enterprise licence ordered, delivery in December.', owner: 'DSI achats', expires: '2099-12-31' }]));
    const { code, out } = await check(env, '--waivers', waivers, '--format', 'markdown');
    expect(code).toBe(0);
    expect(out).toContain('| `licence-onlyoffice` | `*` | DSI achats | 2099-12-31 | active |');
    expect(out).toMatch(/\| waived \(#\d+\) \| `sizing\/load\/coeditors` \|/);
  });

  it('--fail-on decides what blocks', async () => {
    const env = variant('acme-unwaived', { waivers: [] });
    expect((await check(env)).code).toBe(0);
    const strict = await check(env, '--fail-on', 'medium');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('BLOCKS environment/tls.acmeServer');
  });

  it('exits 2 on bad input, with the reason and no stack trace', async () => {
    const badWaivers = join(work, 'bad-waivers.yaml');
    writeFileSync(badWaivers, '- policy: residency-acme-ca\n  resource: "*"\n  owner: DSI\n');
    const notArtifacts = join(work, 'empty-folder');
    mkdirSync(notArtifacts, { recursive: true });
    const brokenEnv = join(work, 'broken');
    mkdirSync(brokenEnv, { recursive: true });
    writeFileSync(join(brokenEnv, 'environment.json'), '{"apiVersion": "socle/v1"');
    const cases: [string[], RegExp][] = [
      [['pilot', '--fail-on', 'severe'], /--fail-on must be one of low, medium, high, critical/],
      [['pilot', '--format', 'pdf'], /--format must be one of text, json, sarif, junit, markdown, html/],
      [['pilot', '--waivers', badWaivers], /waiver 1: missing justification, expires/],
      [['pilot', '--plan', join(work, 'missing.json')], /can't read the plan \(ENOENT\)/],
      [[notArtifacts], /missing environment\.json/],
      [[brokenEnv], /environment.json: not valid JSON/],
      [['no-such-environment'], /no such file/],
      [['pilot', 'metropole-9000'], /expected at most one environment or folder/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await check(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(err, args.join(' ')).toMatch(message);
    }
  });
});
