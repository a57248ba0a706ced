/**
 * The API calls each data source of socle's stacks makes at plan time, read from
 * terraform-provider-openstack v3.4.0 (`openstack/data_source_openstack_*.go`) and
 * gophercloud v2.8.0. A data type without a row fails the suite: its calls are unknown.
 */

export interface ExpectedCall {
  readonly route: string;
  readonly query: Readonly<Record<string, string>>;
}

type Block = Record<string, unknown>;

/** A data source whose arguments reference a managed resource is read at apply time, not at plan. */
function readAtApply(block: Block): boolean {
  return Object.entries(block).some(([key, value]) => key !== '//' && typeof value === 'string' && /\$\{(?!data\.|var\.|local\.|terraform\.)[a-z0-9_]+\.[^}]+\}/.test(value));
}

const CALLS: Readonly<Record<string, (block: Block) => ExpectedCall[]>> = {
  // dataSourceNetworkingNetworkV2Read: networks.List with ListOpts{Name} wrapped in
  // external.ListOptsExt{External} → GET /v2.0/networks?name=…&router:external=…
  openstack_networking_network_v2: (b) => [{ route: 'neutron: GET /v2.0/networks', query: { name: String(b['name']), ...(b['external'] !== undefined ? { 'router:external': String(b['external']) } : {}) } }],
  // dataSourceLBFlavorV2Read without flavor_id: flavors.List(ListOpts{}) then a filter by name in the provider.
  openstack_lb_flavor_v2: () => [{ route: 'octavia: GET /v2.0/lbaas/flavors', query: {} }],
  // Ports by fixed IP: the IPs are the Magnum cluster's node addresses, known after apply only.
  openstack_networking_port_ids_v2: () => {
    throw new Error('openstack_networking_port_ids_v2 with arguments known at plan time lists ports then: add its call');
  },
  // dataSourceIdentityRoleV3Read: roles.List(ListOpts{Name, DomainID}) → GET /v3/roles?name=… (no domain given).
  openstack_identity_role_v3: (b) => [{ route: 'keystone: GET /v3/roles', query: { name: String(b['name']) } }],
  // dataSourceIdentityAuthScopeV3Read: the scope of the token the provider's authentication already
  // returned (GetAuthResult), no request of its own — the fake records none.
  openstack_identity_auth_scope_v3: () => [],
  // Read from the state backend (here a local file), not from the cloud.
  terraform_remote_state: () => [],
};

export function expectedDataSourceCalls(doc: Record<string, unknown>): ExpectedCall[] {
  const data = (doc['data'] ?? {}) as Record<string, Record<string, Block>>;
  return Object.entries(data).flatMap(([type, blocks]) => {
    const calls = CALLS[type];
    if (!calls) throw new Error(`data source ${type}: its API calls at plan time are not in data-source-calls.ts`);
    return Object.values(blocks).flatMap((block) => (readAtApply(block) ? [] : calls(block)));
  });
}

export const callKey = (c: { route: string; query: Readonly<Record<string, string>> }): string =>
  `${c.route}?${Object.entries(c.query)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')}`;
