/**
 * A Keystone v3 token and its service catalog, from the credentials the OpenStack provider reads
 * (OS_CLOUD's clouds.yaml entry, else the OS_* variables): password, application credential or
 * token authentication. The secret goes into the request body only, never into a message.
 */
import type { Environment } from '../../../environments/environment.js';
import type { OperateDeps, ProbeResult } from '../flows/operate-context.js';
import { cloudsYamlEntry } from '../progress/redaction.js';
import { keystoneUrl } from '../tools/workloads-config.js';

export interface CatalogEndpoint {
  interface: string;
  region?: string;
  region_id?: string;
  url: string;
}

export interface CatalogService {
  type: string;
  endpoints: CatalogEndpoint[];
}

export interface KeystoneSession {
  token: string;
  projectId: string;
  catalog: CatalogService[];
  /** The endpoint interface the operator's configuration names (`public` unless said otherwise). */
  interface: string;
}

export type KeystoneOutcome =
  | { ok: true; session: KeystoneSession }
  /** Keystone answered and said no (401/403): the credentials are wrong for this cloud. */
  | { ok: false; refused: true; message: string }
  /** No answer, or nothing socle can authenticate with here. */
  | { ok: false; refused: false; message: string };

const TIMEOUT_MS = 15_000;

/** What the provider reads, merged as openstacksdk does: the clouds.yaml entry's `auth`, else OS_* variables. */
function authSettings(env: NodeJS.ProcessEnv, cwd: string): { get(key: string): string | undefined; interface: string } {
  const cloud = cloudsYamlEntry(env, cwd)?.entry;
  const auth = (cloud?.['auth'] ?? {}) as Record<string, unknown>;
  const fromCloud = (key: string) => (typeof auth[key] === 'string' && auth[key] !== '' ? (auth[key] as string) : undefined);
  const fromEnv = (key: string) => env[`OS_${key.toUpperCase()}`] || undefined;
  const get = (key: string) => (cloud ? fromCloud(key) : fromEnv(key));
  const iface = (cloud ? (cloud['interface'] as string | undefined) : env['OS_INTERFACE']) || 'public';
  return { get, interface: iface.replace(/URL$/, '') };
}

/**
 * The request body, from the Identity v3 API reference
 * (https://docs.openstack.org/api-ref/identity/v3/ "Password authentication with scoped
 * authorization", "Authenticating with an Application Credential", "Token authentication with
 * scoped authorization"). An application credential carries its own project: no scope.
 */
function authBody(s: { get(key: string): string | undefined }): unknown | undefined {
  const appId = s.get('application_credential_id');
  const appSecret = s.get('application_credential_secret');
  if (appId && appSecret) return { auth: { identity: { methods: ['application_credential'], application_credential: { id: appId, secret: appSecret } } } };
  const projectId = s.get('project_id') ?? s.get('tenant_id');
  const projectName = s.get('project_name') ?? s.get('tenant_name');
  const projectDomain = s.get('project_domain_id') ? { id: s.get('project_domain_id') } : { name: s.get('project_domain_name') ?? 'Default' };
  const scope = projectId ? { project: { id: projectId } } : projectName ? { project: { name: projectName, domain: projectDomain } } : undefined;
  const username = s.get('username');
  const password = s.get('password');
  if (username && password) {
    const domain = s.get('user_domain_id') ? { id: s.get('user_domain_id') } : { name: s.get('user_domain_name') ?? 'Default' };
    return { auth: { identity: { methods: ['password'], password: { user: { name: username, domain, password } } }, ...(scope ? { scope } : {}) } };
  }
  const token = s.get('token');
  if (token) return { auth: { identity: { methods: ['token'], token: { id: token } }, ...(scope ? { scope } : {}) } };
  return undefined;
}

/** `…/v3/auth/tokens`, whether the configured URL ends with `/v3` or not. */
function tokensUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  return `${/\/v3$/.test(base) ? base : `${base}/v3`}/auth/tokens`;
}

export async function keystoneSession(environment: Environment, env: NodeJS.ProcessEnv, cwd: string, deps: Pick<OperateDeps, 'request'>): Promise<KeystoneOutcome> {
  const authUrl = keystoneUrl(environment, env, cwd);
  if (!authUrl) return { ok: false, refused: false, message: 'no Keystone URL (cloud.authUrl, OS_AUTH_URL or auth.auth_url in clouds.yaml)' };
  const settings = authSettings(env, cwd);
  const body = authBody(settings);
  if (!body) return { ok: false, refused: false, message: 'no credentials socle can authenticate with (password, application credential or token)' };
  const url = tokensUrl(authUrl);
  const answer: ProbeResult = await deps.request({ method: 'POST', url, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }, TIMEOUT_MS);
  if ('error' in answer) return { ok: false, refused: false, message: `Keystone at ${authUrl} can't be reached (${answer.error})` };
  if (answer.status === 401 || answer.status === 403) return { ok: false, refused: true, message: `Keystone at ${authUrl} refused the credentials (HTTP ${answer.status})` };
  // Identity v3: 201 Created, the token in the X-Subject-Token header, the catalog in the body.
  const token = answer.headers?.['x-subject-token'];
  const parsed = parseJson(answer.body) as { token?: { project?: { id?: string }; catalog?: CatalogService[] } } | undefined;
  const projectId = parsed?.token?.project?.id;
  if (answer.status !== 201 || !token || !projectId || !Array.isArray(parsed?.token?.catalog)) {
    return { ok: false, refused: false, message: `Keystone at ${authUrl} answered HTTP ${answer.status} without a project-scoped token and catalog` };
  }
  return { ok: true, session: { token, projectId, catalog: parsed.token.catalog, interface: settings.interface } };
}

/** The endpoint of the first of `types` the catalog has, for the region and interface; none if absent. */
export function catalogEndpoint(session: KeystoneSession, types: readonly string[], region: string): string | undefined {
  for (const type of types) {
    const service = session.catalog.find((s) => s.type === type);
    const endpoint = service?.endpoints.find((e) => e.interface === session.interface && (e.region_id === region || e.region === region));
    if (endpoint) return endpoint.url.replace(/\/+$/, '');
  }
  return undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
