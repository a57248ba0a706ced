/**
 * The cloud-provider credential's access rules, checked the way Keystone checks them
 * (`keystone-access-rules.ts`, a port of keystonemiddleware) against every call of
 * `CLOUD_PROVIDER_API_CALLS`, with the endpoint paths the clouds' catalogs give.
 */
import { describe, expect, it } from 'vitest';
import { CLOUD_PROVIDER_API_CALLS, type ApiService } from '../../stacks/identity/cloud-provider-api-calls.js';
import { allowedRequest, pathMatches, type AccessRule } from './keystone-access-rules.js';
import { example, resources, stack } from './synthesized.js';

const PROJECT = '4f1c3a0e9b2d4c6e8a0b1c2d3e4f5a6b';
const ID = '0c7d0f6e-7a2b-4d8e-9f10-a1b2c3d4e5f6';

/**
 * Request path prefixes: the catalog endpoint's path plus what gophercloud v2.12.0 appends
 * (`openstack/client.go`: `v2.0/` for Neutron and Octavia). OVHcloud's Nova and Cinder endpoints
 * carry the project id (`https://compute.<region>.cloud.ovh.net/v2.1/<project_id>`,
 * `https://volume.compute.<region>.cloud.ovh.net/v3/<project_id>`); Neutron's and Octavia's are
 * host roots. `keystone-catalog` is a cloud whose Nova endpoint dropped the project id.
 */
const CATALOGS: Record<string, { prefix: Record<ApiService, string>; serviceTypes: Record<ApiService, string> }> = {
  ovhcloud: {
    prefix: { compute: `/v2.1/${PROJECT}`, network: '/v2.0', 'load-balancer': '/v2.0', 'block-storage': `/v3/${PROJECT}` },
    serviceTypes: { compute: 'compute', network: 'network', 'load-balancer': 'load-balancer', 'block-storage': 'volumev3' },
  },
  'keystone-catalog': {
    prefix: { compute: '/v2.1', network: '/v2.0', 'load-balancer': '/v2.0', 'block-storage': `/v3/${PROJECT}` },
    serviceTypes: { compute: 'compute', network: 'network', 'load-balancer': 'load-balancer', 'block-storage': 'block-storage' },
  },
};

const credential = resources(stack(example('metropole-9000'), 'cluster'), 'openstack_identity_application_credential_v3')['cloud_provider']!;
const rendered = credential['access_rules'] as AccessRule[];

function allowed(rules: AccessRule[], cloud: keyof typeof CATALOGS, call: (typeof CLOUD_PROVIDER_API_CALLS)[number]): boolean {
  const { prefix, serviceTypes } = CATALOGS[cloud]!;
  const serviceType = serviceTypes[call.service];
  return allowedRequest({
    accessRules: rules,
    catalogTypes: Object.values(serviceTypes),
    serviceType,
    request: { method: call.method, path: `${prefix[call.service]}${call.path.replace(/\{[^}]*\}/g, ID)}` },
  });
}

describe("keystonemiddleware's path matching (port)", () => {
  it('matches one segment with * and {tag}, any run with **, anchored at both ends', () => {
    expect(pathMatches('/v2.0/ports/abc', '/v2.0/ports/*')).toBe(true);
    expect(pathMatches('/v2.0/ports/abc/tags/x', '/v2.0/ports/*')).toBe(false);
    expect(pathMatches('/v2.0/ports/abc/tags/x', '/v2.0/ports/**')).toBe(true);
    expect(pathMatches('/v2.0/ports', '/v2.0/ports/**')).toBe(false);
    expect(pathMatches('/v2.1/p/servers/s', '/v2.1/{project}/servers/*')).toBe(true);
    expect(pathMatches('/x/v2.0/ports', '/v2.0/ports')).toBe(false);
  });
});

describe('cloud-provider credential access rules', () => {
  for (const cloud of Object.keys(CATALOGS)) {
    it(`admit every call OCCM and Cinder CSI make, with ${cloud}'s endpoint paths`, () => {
      const refused = CLOUD_PROVIDER_API_CALLS.filter((call) => !allowed(rendered, cloud, call)).map((c) => `${c.method} ${c.path}`);
      expect(refused).toEqual([]);
    });
  }

  it('admit nothing else: no other method on a path, no sub-path, no other service', () => {
    const ovh = CATALOGS['ovhcloud']!;
    const ask = (serviceType: string, method: string, path: string) => allowedRequest({ accessRules: rendered, catalogTypes: Object.values(ovh.serviceTypes), serviceType, request: { method, path } });
    expect(ask('compute', 'DELETE', `/v2.1/${PROJECT}/servers/${ID}`)).toBe(false);
    expect(ask('compute', 'POST', `/v2.1/${PROJECT}/servers/${ID}/action`)).toBe(false);
    expect(ask('network', 'DELETE', `/v2.0/networks/${ID}`)).toBe(false);
    expect(ask('network', 'PUT', `/v2.0/routers/${ID}`)).toBe(false);
    expect(ask('object-store', 'DELETE', `/v1/AUTH_${PROJECT}/backups`)).toBe(false);
    expect(ask('image', 'GET', '/v2/images')).toBe(false);
  });

  it('are refused by a service whose keystonemiddleware has no service_type (a cloud-side precondition)', () => {
    const call = CLOUD_PROVIDER_API_CALLS[0]!;
    expect(allowedRequest({ accessRules: rendered, catalogTypes: ['compute'], serviceType: undefined, request: { method: call.method, path: `/v2.1${call.path}` } })).toBe(false);
  });

  it('are sorted and unique, so the credential (replaced on any change) never churns', () => {
    const keys = rendered.map((r) => `${r.service} ${r.path} ${r.method}`);
    expect(keys).toEqual([...new Set(keys)].sort());
    expect(credential['unrestricted']).toBe(false);
  });
});
