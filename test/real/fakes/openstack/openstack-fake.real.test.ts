/** The fake OpenStack on its own: what it answers, what it refuses, and that it records what it does not know. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeProgram } from '../../harness/program-suite.js';
import { OVHCLOUD_INVENTORY } from './cloud-inventory.js';
import { startFakeOpenStack, type FakeOpenStack } from './openstack-fake.js';

describeProgram('node', { version: process.versions.node }, () => {
  let fake: FakeOpenStack;
  let token = '';
  let catalog: { type: string; endpoints: { region: string; url: string }[] }[] = [];
  beforeAll(async () => {
    fake = await startFakeOpenStack({ regions: ['GRA11'], inventory: OVHCLOUD_INVENTORY });
    const { credentials } = fake;
    const auth = await fetch(`${fake.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: credentials.userName, domain: { name: credentials.userDomain }, password: credentials.password } } }, scope: { project: { id: credentials.projectId } } } }),
    });
    expect(auth.status).toBe(201);
    token = auth.headers.get('x-subject-token') ?? '';
    catalog = ((await auth.json()) as { token: { catalog: typeof catalog } }).token.catalog;
  });
  afterAll(() => fake.close());

  const endpoint = (type: string) => catalog.find((c) => c.type === type)!.endpoints.find((e) => e.region === 'GRA11')!.url;

  it('fake OpenStack: the catalog is on 127.0.0.1, and Nova carries the project id like OVHcloud', () => {
    expect(catalog.map((c) => c.type).sort()).toEqual(['compute', 'container-infra', 'identity', 'load-balancer', 'network', 'object-store', 'volumev3']);
    expect(endpoint('compute')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/GRA11/compute/v2\\.1/${fake.credentials.projectId}$`));
  });

  it('fake OpenStack: filters networks by name and router:external, and wants a token', async () => {
    const url = `${endpoint('network')}v2.0/networks?name=Ext-Net&router:external=true`;
    const listed = await fetch(url, { headers: { 'X-Auth-Token': token } });
    expect(((await listed.json()) as { networks: { id: string }[] }).networks.map((n) => n.id)).toEqual([OVHCLOUD_INVENTORY.networks[0]!.id]);
    expect((await fetch(url, { headers: { 'X-Auth-Token': 'forged' } })).status).toBe(401);
  });

  it('fake OpenStack: a wrong secret gets 401; an unknown call gets 500 and is recorded', async () => {
    const refused = await fetch(`${fake.authUrl}/auth/tokens`, { method: 'POST', body: JSON.stringify({ auth: { identity: { methods: ['application_credential'], application_credential: { id: fake.credentials.applicationCredentialId, secret: 'wrong' } } } }) });
    expect(refused.status).toBe(401);
    fake.reset();
    const unknown = await fetch(`${endpoint('compute')}/servers`, { method: 'POST', headers: { 'X-Auth-Token': token }, body: '{}' });
    expect(unknown.status).toBe(500);
    expect(fake.unknown().map((r) => `${r.method} ${r.path}`)).toEqual([`POST /GRA11/compute/v2.1/${fake.credentials.projectId}/servers`]);
  });
});
