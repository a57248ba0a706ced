/**
 * The quota preflight against the fake OpenStack on 127.0.0.1: Keystone, then each service's quota
 * API as its reference shapes the answer, for what `socle synth` really writes for metropole-9000
 * (and a metropole of 10,000 users, whose media pool has 11 servers in one server group).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../environments/environment.js';
import { parseEnvironment } from '../../environments/load-environment.js';
import { request } from '../../scripts/operate/cloud/http-request.js';
import { preflight, type PreflightResult } from '../../scripts/operate/flows/preflight.js';
import { readSynthesizedStacks } from '../../scripts/operate/state/synthesized-stacks.js';
import { synthArtifacts } from '../../scripts/synth-pipeline.js';
import { OVHCLOUD_INVENTORY } from '../real/fakes/openstack/cloud-inventory.js';
import { startFakeOpenStack, type FakeOpenStack } from '../real/fakes/openstack/openstack-fake.js';
import { defaultProjectQuotas, roomyProjectQuotas, type FakeProjectQuotas } from '../real/fakes/openstack/project-quotas-fake.js';
import { REPO_ROOT, sandbox, SECRETS } from './operate-harness.js';

const METROPOLE = readFileSync(join(REPO_ROOT, 'environments', 'examples', 'metropole-9000.yaml'), 'utf8');

function synthesized(users: number): { environment: Environment; outDir: string } {
  const environment = parseEnvironment(METROPOLE.replace('users: 9000', `users: ${users}`), 'metropole-9000.yaml');
  const outDir = mkdtempSync(join(tmpdir(), 'socle-quotas-'));
  for (const [path, content] of synthArtifacts(environment).files) {
    mkdirSync(join(outDir, path, '..'), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
  return { environment, outDir };
}

interface Cloud {
  fake: FakeOpenStack;
  quotas: FakeProjectQuotas;
}

async function cloud(options: { omitServices?: string[] } = {}): Promise<Cloud> {
  const quotas = roomyProjectQuotas();
  const fake = await startFakeOpenStack({ regions: ['EU-WEST-PAR', 'GRA11'], inventory: OVHCLOUD_INVENTORY, quotas, ...options });
  return { fake, quotas };
}

function credentialsOf(fake: FakeOpenStack): NodeJS.ProcessEnv {
  const c = fake.credentials;
  return { OS_AUTH_URL: fake.authUrl, OS_USERNAME: c.userName, OS_USER_DOMAIN_NAME: c.userDomain, OS_PASSWORD: c.password, OS_PROJECT_ID: c.projectId, AWS_ACCESS_KEY_ID: 'ak', AWS_SECRET_ACCESS_KEY: 'sk', TF_VAR_state_passphrase: 'state-passphrase-of-the-test', HOME: tmpdir() };
}

async function check(site: { environment: Environment; outDir: string }, fake: FakeOpenStack, env: NodeJS.ProcessEnv = credentialsOf(fake), cwd = site.outDir): Promise<PreflightResult> {
  fake.reset();
  return preflight({
    environment: site.environment,
    env,
    cwd,
    tools: [],
    stacks: readSynthesizedStacks(site.outDir),
    outDir: site.outDir,
    quotas: true,
    pulumi: false,
    // The state backend answers as S3 does to an anonymous request: reachable.
    deps: { probe: async () => ({ status: 403, body: '' }), request },
  });
}

const problemsOf = (r: PreflightResult) => (r.ok ? [] : r.problems.map((p) => `${p.subject}: ${p.message}\n  → ${p.hint}`));
const notesOf = (r: PreflightResult) => r.notes.map((n) => `${n.level} ${n.subject}: ${n.message}`);

describe('preflight: project quotas', () => {
  let metropole: { environment: Environment; outDir: string };
  let bigger: { environment: Environment; outDir: string };
  let roomy: Cloud;
  beforeAll(async () => {
    metropole = synthesized(9000);
    bigger = synthesized(10000);
    roomy = await cloud();
  });
  afterAll(() => roomy.fake.close());

  it('passes when the project has room, reading each quota API once in the region the stacks use, and warns of the hypervisors hard anti-affinity needs', async () => {
    const result = await check(metropole, roomy.fake);
    expect(problemsOf(result)).toEqual([]);
    expect(result.ok).toBe(true);
    const project = roomy.fake.credentials.projectId;
    expect(roomy.fake.unknown()).toEqual([]);
    expect(roomy.fake.requests.map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([
      '201 POST /identity/v3/auth/tokens',
      `200 GET /EU-WEST-PAR/compute/v2.1/${project}/limits`,
      `200 GET /EU-WEST-PAR/volume/v3/${project}/limits`,
      `200 GET /EU-WEST-PAR/network/v2.0/quotas/${project}/details.json`,
      `200 GET /EU-WEST-PAR/load-balancer/v2.0/lbaas/quotas/${project}`,
      '200 GET /EU-WEST-PAR/load-balancer/v2.0/lbaas/loadbalancers',
    ]);
    expect(notesOf(result)).toEqual([
      'warn quota EU-WEST-PAR: server group cluster/control_plane: hard anti-affinity needs 3 distinct hypervisors with room for c3-8 in EU-WEST-PAR; a project can\'t see hypervisors, so this is not checked',
      'warn quota EU-WEST-PAR: server group cluster/database: hard anti-affinity needs 6 distinct hypervisors with room for r3-128 in EU-WEST-PAR; a project can\'t see hypervisors, so this is not checked',
    ]);
  });

  it("fails on a new project's default quotas: server group members (11 in the media group, 10 allowed), cores, RAM, servers — with what is needed, what is free and how to raise it", async () => {
    const fresh = await cloud();
    Object.assign(fresh.quotas, defaultProjectQuotas());
    fresh.quotas.nova.cores.used = 4;
    try {
      const result = await check(bigger, fresh.fake);
      expect(result.ok).toBe(false);
      const project = fresh.fake.credentials.projectId;
      const problems = problemsOf(result);
      const raise = (n: number | string) => `ask OVHcloud to raise it to ${n} for project ${project} in EU-WEST-PAR (Public Cloud → your project → Quota and Regions, or a support ticket for what the page doesn't offer)`;
      // metropole at 10,000 users, as its sizing.json node pools say (project-demand.test.ts holds
      // the stacks to them): 25 servers, 232 vCPUs, 1200 GB × 1024 = 1228800 MiB; 11 bridges.
      expect(problems).toContain(`quota EU-WEST-PAR: server-group-members: the project allows 10 members per server group; cluster/media has 11\n  → ${raise(11)}`);
      expect(problems).toContain(`quota EU-WEST-PAR: instances: the environment needs 25 of servers, 10 free (limit 10, 0 in use)\n  → ${raise(25)}`);
      expect(problems).toContain(`quota EU-WEST-PAR: cores: the environment needs 232 of vCPUs, 16 free (limit 20, 4 in use)\n  → ${raise(236)}`);
      expect(problems).toContain(`quota EU-WEST-PAR: ram: the environment needs 1228800 MiB (1200 GiB) of RAM, 51200 MiB (50 GiB) free (limit 51200 MiB (50 GiB), 0 MiB (0 GiB) in use)\n  → ${raise('1228800 MiB')}`);
      // 11 media + ingress + API floating IPs fit in Neutron's 50, the 4 security groups in its 10.
      expect(problems.filter((p) => p.includes('floating-ips') || p.includes('secgroups:'))).toEqual([]);
      // Volumes come later, from the claims: a warning, not a failure.
      expect(notesOf(result)).toContainEqual(expect.stringMatching(/^warn quota EU-WEST-PAR: volumes: the environment needs 21 of volumes, 10 free \(limit 10, 0 in use\) — the claims would stay Pending$/));
    } finally {
      await fresh.fake.close();
    }
  });

  it("a group of exactly the limit fits: metropole-9000's media group has 10 members, Nova's default; one less fails", async () => {
    const fresh = await cloud();
    Object.assign(fresh.quotas, roomyProjectQuotas());
    fresh.quotas.nova.server_group_members = 10;
    try {
      const result = await check(metropole, fresh.fake);
      expect(problemsOf(result)).toEqual([]);
      fresh.quotas.nova.server_group_members = 9;
      expect(problemsOf(await check(metropole, fresh.fake))[0]).toBe(
        `quota EU-WEST-PAR: server-group-members: the project allows 9 members per server group; cluster/media has 10\n  → ask OVHcloud to raise it to 10 for project ${fresh.fake.credentials.projectId} in EU-WEST-PAR (Public Cloud → your project → Quota and Regions, or a support ticket for what the page doesn't offer)`,
      );
    } finally {
      await fresh.fake.close();
    }
  });

  it('says which quotas it could not read when the catalog lacks a service, and does not fail for it', async () => {
    const partial = await cloud({ omitServices: ['load-balancer', 'volumev3'] });
    try {
      const result = await check(metropole, partial.fake);
      expect(result.ok).toBe(true);
      expect(notesOf(result)).toContain('info quota EU-WEST-PAR: Cinder quotas not checked: the catalog has no block-storage or volumev3 endpoint (public) in region EU-WEST-PAR');
      expect(notesOf(result)).toContain('info quota EU-WEST-PAR: Octavia quotas not checked: the catalog has no load-balancer endpoint (public) in region EU-WEST-PAR');
      expect(partial.fake.unknown()).toEqual([]);
    } finally {
      await partial.fake.close();
    }
  });

  it("reads the credentials of the clouds.yaml entry OS_CLOUD names, like the provider", async () => {
    const c = roomy.fake.credentials;
    const cwd = mkdtempSync(join(tmpdir(), 'socle-clouds-'));
    writeFileSync(
      join(cwd, 'clouds.yaml'),
      `clouds:\n  ovh-par:\n    region_name: EU-WEST-PAR\n    auth:\n      auth_url: ${roomy.fake.authUrl}\n      username: ${c.userName}\n      password: ${c.password}\n      user_domain_name: ${c.userDomain}\n      project_id: ${c.projectId}\n`,
    );
    const env = { OS_CLOUD: 'ovh-par', AWS_ACCESS_KEY_ID: 'ak', AWS_SECRET_ACCESS_KEY: 'sk', TF_VAR_state_passphrase: 'state-passphrase-of-the-test', HOME: cwd };
    const result = await check(metropole, roomy.fake, env, cwd);
    expect(problemsOf(result)).toEqual([]);
    expect(roomy.fake.requests[0]).toMatchObject({ status: 201, authMethod: 'password' });
    expect(roomy.fake.unknown()).toEqual([]);
  });

  it('once deployed, the usage includes the environment itself: the need is compared with the limit', async () => {
    const full = await cloud();
    // The project holds metropole-9000 already: its 24 servers, and 7 others, of a 40 limit in use.
    full.quotas.nova.instances = { limit: 40, used: 31 };
    try {
      expect(problemsOf(await check(metropole, full.fake))).toEqual([expect.stringMatching(/^quota EU-WEST-PAR: instances: the environment needs 24 of servers, 9 free \(limit 40, 31 in use\)/)]);
      writeFileSync(join(metropole.outDir, 'deployed.json'), JSON.stringify({ deployedAt: '2026-11-30T10:00:00Z', planCreatedAt: '2026-11-30T09:00:00Z', users: 9000, monthlyEur: 1 }));
      expect(problemsOf(await check(metropole, full.fake))).toEqual([]);
      full.quotas.nova.instances.limit = 23;
      expect(problemsOf(await check(metropole, full.fake))[0]).toMatch(/^quota EU-WEST-PAR: instances: the environment needs 24 of servers, the project allows 23\n/);
    } finally {
      rmSync(join(metropole.outDir, 'deployed.json'), { force: true });
      await full.fake.close();
    }
  });

  it('authenticates with an application credential too, and fails when Keystone refuses the credentials', async () => {
    const c = roomy.fake.credentials;
    const appCred = { OS_AUTH_URL: roomy.fake.authUrl, OS_APPLICATION_CREDENTIAL_ID: c.applicationCredentialId, OS_APPLICATION_CREDENTIAL_SECRET: c.applicationCredentialSecret, AWS_ACCESS_KEY_ID: 'ak', AWS_SECRET_ACCESS_KEY: 'sk', TF_VAR_state_passphrase: 'state-passphrase-of-the-test', HOME: tmpdir() };
    expect((await check(metropole, roomy.fake, appCred)).ok).toBe(true);
    expect(roomy.fake.requests[0]).toMatchObject({ status: 201, authMethod: 'application_credential' });

    const wrong = await check(metropole, roomy.fake, { ...credentialsOf(roomy.fake), OS_PASSWORD: 'not-the-password' });
    expect(problemsOf(wrong)).toEqual([`credentials: Keystone at ${roomy.fake.authUrl} refused the credentials (HTTP 401)\n  → check the OpenStack RC file or clouds.yaml entry: user, password or application credential, project and domain`]);
    expect(roomy.fake.requests.map((r) => r.route)).toEqual(['keystone: POST /v3/auth/tokens']);
  });
});

describe('socle plan: the quota preflight in a run', () => {
  it('stops before any tofu command when a quota is short, and neither the password nor a token reaches the output, the events or the log', async () => {
    const { fake, quotas } = await cloud();
    try {
      const c = fake.credentials;
      const box = sandbox({ env: { OS_AUTH_URL: fake.authUrl, OS_USERNAME: c.userName, OS_USER_DOMAIN_NAME: c.userDomain, OS_PASSWORD: c.password, OS_PROJECT_ID: c.projectId } });
      box.cloud = request;
      // The fixture's cluster stack has two servers (test/operate/fixture-synth.ts).
      quotas.nova.instances = { limit: 3, used: 2 };
      const refused = await box.run(['plan', 'pilot']);
      expect(refused.exitCode).toBe(2);
      expect(refused.err).toContain('preflight failed, nothing was changed:');
      expect(refused.err).toContain(`✗ quota GRA11: instances: the environment needs 2 of servers, 1 free (limit 3, 2 in use)\n      → ask OVHcloud to raise it to 4 for project ${c.projectId} in GRA11`);
      expect(box.calls().map((call) => call.argv[0])).toEqual(['version', 'version']);

      quotas.nova.instances = { limit: 10, used: 0 };
      const json = await box.run(['plan', 'pilot', '--json']);
      expect(json.exitCode).toBe(0);
      const events = json.out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; level?: string; text?: string });
      // The fixture's servers name no flavor: said, not guessed.
      expect(events).toContainEqual(expect.objectContaining({ type: 'message', level: 'info', text: 'quota GRA11: vCPUs and RAM of flavor (none) not counted: neither the catalogue nor cloud.customFlavors describes it' }));
      expect(fake.unknown()).toEqual([]);

      // destroy frees what the quotas count: it doesn't ask them (a full project must still be destroyable).
      quotas.nova.instances = { limit: 0, used: 0 };
      fake.reset();
      const destroyed = await box.run(['destroy', 'pilot', '--yes']);
      expect(destroyed.err).not.toContain('quota');
      expect(fake.requests).toEqual([]);

      const seen = [refused.out, refused.err, json.out, json.err, destroyed.out, destroyed.err, box.logs()].join('\n');
      expect(fake.issuedTokens().length).toBe(2);
      for (const secret of [c.password, ...fake.issuedTokens(), SECRETS.AWS_SECRET_ACCESS_KEY]) expect(seen).not.toContain(secret);
    } finally {
      await fake.close();
    }
  });
});
