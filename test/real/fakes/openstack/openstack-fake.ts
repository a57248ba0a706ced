/**
 * A small fake of an OpenStack cloud for `tofu plan` with terraform-provider-openstack v3.4.0:
 * Keystone v3 authentication (password and application credential) with a service catalog,
 * and exactly the few GETs the data sources of socle's stacks make. Every other request is
 * answered 500 and recorded, so a test can assert that none happened: a plan that starts calling
 * something new shows up as a failure, not as a silent success. Listens on 127.0.0.1 only.
 *
 * Each service lives under `/<region>/<service>/` of one port, so the recorded path says which
 * region the provider asked. Nova's endpoint carries the project id, like OVHcloud's
 * (`https://compute.gra11.cloud.ovh.net/v2.1/<project_id>`).
 *
 * Given `quotas`, it also answers the quota reads of `socle plan`'s preflight (Nova and Cinder
 * limits, Neutron quota details, Octavia quotas and load balancer list), in the shapes of the
 * services' API references; `omitServices` leaves services out of the catalog.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudInventory } from './cloud-inventory.js';
import type { FakeProjectQuotas } from './project-quotas-fake.js';
import { quotaRoutes } from './project-quotas-fake.js';

export interface FakeCredentials {
  readonly userName: string;
  readonly userDomain: string;
  readonly password: string;
  readonly projectId: string;
  readonly applicationCredentialId: string;
  readonly applicationCredentialSecret: string;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The route that answered, or `unknown` (answered 500). */
  readonly route: string;
  readonly status: number;
  readonly region?: string;
  /** Keystone: the authentication method used (`password`, `application_credential`). */
  readonly authMethod?: string;
}

export interface FakeOpenStack {
  /** `OS_AUTH_URL`: Keystone v3 (gophercloud then skips version discovery). */
  readonly authUrl: string;
  readonly credentials: FakeCredentials;
  readonly requests: readonly RecordedRequest[];
  /** Requests no route knew. */
  unknown(): RecordedRequest[];
  /** Forgets the recorded requests (between two tofu runs). */
  reset(): void;
  /** Every token Keystone issued (none may show up in a log). */
  issuedTokens(): string[];
  close(): Promise<void>;
}

export interface FakeOpenStackOptions {
  /** Every region a provider block of the stacks names: each gets the whole catalog. */
  readonly regions: readonly string[];
  readonly inventory: CloudInventory;
  /** The project's quotas and usage, read at each request (a test may change them between runs). */
  readonly quotas?: FakeProjectQuotas;
  /** Catalog types left out (`load-balancer`, `volumev3`…): a cloud without that service. */
  readonly omitServices?: readonly string[];
}

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
export type Handler = (request: { query: URLSearchParams; body: unknown; params: Readonly<Record<string, string>> }) => Answer;
export interface Route {
  method: string;
  pattern: RegExp;
  route: string;
  handler: Handler;
}

const SERVICES = [
  // [catalog type, name, path after /<region>/] — the types gophercloud v2.8.0 looks up
  // (openstack/client.go: compute, network, block-storage (alias volumev3), load-balancer,
  // object-store, identity, container-infra).
  ['compute', 'nova', (project: string) => `compute/v2.1/${project}`],
  ['network', 'neutron', () => 'network/'],
  ['volumev3', 'cinderv3', (project: string) => `volume/v3/${project}`],
  ['load-balancer', 'octavia', () => 'load-balancer/'],
  ['object-store', 'swift', (project: string) => `object-store/v1/AUTH_${project}`],
  ['container-infra', 'magnum', () => 'container-infra/v1'],
  ['identity', 'keystone', () => 'identity/'],
] as const;

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolveBody(undefined);
      try {
        resolveBody(JSON.parse(text));
      } catch {
        resolveBody(text);
      }
    });
    req.on('error', reject);
  });
}

const get = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);

export async function startFakeOpenStack(options: FakeOpenStackOptions): Promise<FakeOpenStack> {
  const credentials: FakeCredentials = {
    userName: 'user-socle-fake',
    userDomain: 'Default',
    password: `pw-${randomUUID()}`,
    projectId: randomUUID().replaceAll('-', ''),
    applicationCredentialId: randomUUID().replaceAll('-', ''),
    applicationCredentialSecret: `acs-${randomUUID()}`,
  };
  const requests: RecordedRequest[] = [];
  const tokens = new Set<string>();
  let base = '';

  const catalog = () =>
    SERVICES.filter(([type]) => !(options.omitServices ?? []).includes(type)).map(([type, name, path]) => ({
      id: `${name}-service`,
      type,
      name,
      endpoints: options.regions.map((region) => ({ id: `${name}-${region}-public`, interface: 'public', region, region_id: region, url: `${base}/${region}/${path(credentials.projectId)}` })),
    }));

  /**
   * POST /v3/auth/tokens — https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-scoped-authorization
   * and #authenticating-with-an-application-credential: 201, the token in X-Subject-Token, the
   * catalog in the body. A wrong secret gets 401, as Keystone answers.
   */
  const authenticate: Handler = ({ body }) => {
    const methods = get(body, 'auth', 'identity', 'methods');
    const list = Array.isArray(methods) ? methods : [];
    let ok = false;
    if (list.includes('password')) {
      const user = get(body, 'auth', 'identity', 'password', 'user');
      const scopedProject = get(body, 'auth', 'scope', 'project', 'id');
      ok = get(user, 'name') === credentials.userName && get(user, 'password') === credentials.password && get(user, 'domain', 'name') === credentials.userDomain && scopedProject === credentials.projectId;
    } else if (list.includes('application_credential')) {
      const appCred = get(body, 'auth', 'identity', 'application_credential');
      ok = get(appCred, 'id') === credentials.applicationCredentialId && get(appCred, 'secret') === credentials.applicationCredentialSecret;
    }
    if (!ok) return { status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } };
    const now = new Date();
    const token = `tok-${randomUUID()}`;
    tokens.add(token);
    const domain = { id: 'default', name: credentials.userDomain };
    return {
      status: 201,
      headers: { 'X-Subject-Token': token },
      body: {
        token: {
          methods: list,
          user: { id: 'u-socle-fake', name: credentials.userName, domain },
          project: { id: credentials.projectId, name: 'socle-fake', domain },
          roles: [{ id: 'r-member', name: 'member' }],
          catalog: catalog(),
          issued_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
        },
      },
    };
  };

  /**
   * GET /v2.0/networks — https://docs.openstack.org/api-ref/network/v2/#list-networks: filters by
   * `name` and `router:external` (the data source openstack_networking_network_v2 with `name` and
   * `external`); no `networks_links`, so gophercloud reads one page.
   */
  const listNetworks: Handler = ({ query }) => {
    const known = new Set(['name', 'router:external']);
    const extra = [...query.keys()].filter((k) => !known.has(k));
    if (extra.length > 0) return { status: 500, body: { error: `fake Neutron: unsupported filter ${extra.join(', ')}` } };
    const name = query.get('name');
    const external = query.get('router:external');
    const networks = options.inventory.networks
      .filter((n) => (name === null || n.name === name) && (external === null || String(n.external) === external))
      .map((n) => ({
        id: n.id,
        name: n.name,
        'router:external': n.external,
        status: 'ACTIVE',
        admin_state_up: true,
        shared: n.external,
        subnets: [],
        tenant_id: 'cloud-operator',
        project_id: 'cloud-operator',
        mtu: 1500,
        availability_zone_hints: [],
        description: '',
        tags: [],
      }));
    return { status: 200, body: { networks } };
  };

  /** GET /v2.0/lbaas/flavors — https://docs.openstack.org/api-ref/load-balancer/v2/#list-flavors (the data source filters by name itself). */
  const listLbFlavors: Handler = ({ query }) => {
    if ([...query.keys()].length > 0) return { status: 500, body: { error: 'fake Octavia: no filter expected on the flavor list' } };
    return { status: 200, body: { flavors: options.inventory.lbFlavors.map((f) => ({ ...f, enabled: true, flavor_profile_id: `profile-${f.name}` })), flavors_links: [] } };
  };

  /**
   * GET /v3/roles — https://docs.openstack.org/api-ref/identity/v3/#list-roles, filtered by `name`
   * (the data source openstack_identity_role_v3). The roles `keystone-manage bootstrap` creates:
   * admin, member, reader (keystone `cmd/bootstrap.py`).
   */
  const listRoles: Handler = ({ query }) => {
    const extra = [...query.keys()].filter((k) => k !== 'name');
    if (extra.length > 0) return { status: 500, body: { error: `fake Keystone: unsupported filter ${extra.join(', ')}` } };
    const name = query.get('name');
    const roles = ['admin', 'member', 'reader']
      .filter((r) => name === null || r === name)
      .map((r) => ({ id: `role-${r}`, name: r, domain_id: null, description: null, options: {}, links: { self: `/v3/roles/role-${r}` } }));
    return { status: 200, body: { roles, links: { next: null, previous: null, self: '/v3/roles' } } };
  };

  const routes: Route[] = [
    { method: 'GET', pattern: /^\/(?<region>[^/]+)\/identity\/v3\/roles$/, route: 'keystone: GET /v3/roles', handler: listRoles },
    { method: 'POST', pattern: /^\/identity\/v3\/auth\/tokens$/, route: 'keystone: POST /v3/auth/tokens', handler: authenticate },
    { method: 'GET', pattern: /^\/(?<region>[^/]+)\/network\/v2\.0\/networks$/, route: 'neutron: GET /v2.0/networks', handler: listNetworks },
    { method: 'GET', pattern: /^\/(?<region>[^/]+)\/load-balancer\/v2\.0\/lbaas\/flavors$/, route: 'octavia: GET /v2.0/lbaas/flavors', handler: listLbFlavors },
    ...(options.quotas ? quotaRoutes(options.quotas, credentials.projectId) : []),
  ];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const match = routes.map((r) => ({ r, m: r.method === method ? r.pattern.exec(url.pathname) : null })).find((x) => x.m);
      const region = match?.m?.groups?.['region'];
      const knownRegion = region === undefined || options.regions.includes(region);
      let answer: Answer;
      let route: string;
      if (match && knownRegion) {
        // Every call but authentication carries a token Keystone issued (X-Auth-Token).
        const token = req.headers['x-auth-token'];
        const authorised = region === undefined || (typeof token === 'string' && tokens.has(token));
        answer = authorised ? match.r.handler({ query: url.searchParams, body, params: { ...match.m?.groups } }) : { status: 401, body: { error: 'fake OpenStack: no valid X-Auth-Token' } };
        route = answer.status === 500 ? 'unknown' : match.r.route;
      } else {
        answer = { status: 500, body: { error: `fake OpenStack: no route for ${method} ${url.pathname}${url.search}` } };
        route = 'unknown';
      }
      const authMethod = get(body, 'auth', 'identity', 'methods');
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        route,
        status: answer.status,
        ...(region ? { region } : {}),
        ...(Array.isArray(authMethod) ? { authMethod: authMethod.join(',') } : {}),
      });
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    })();
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    authUrl: `${base}/identity/v3`,
    credentials,
    requests,
    unknown: () => requests.filter((r) => r.route === 'unknown'),
    reset: () => void requests.splice(0),
    issuedTokens: () => [...tokens],
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}
