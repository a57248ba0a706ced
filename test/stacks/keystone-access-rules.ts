/**
 * A port of how keystonemiddleware decides whether a request made with an application
 * credential's token passes its access rules — keystonemiddleware 13.0.0
 * (openstack/keystonemiddleware 39ae6caf), `keystonemiddleware/auth_token/__init__.py`:
 * `_path_matches` L280-298 and `AuthProtocol.validate_allowed_request` L543-588. Kept line for
 * line so that a difference shows; the request path is webob's `request.path` (script name and
 * path info, no query string).
 */
export interface AccessRule {
  service: string;
  method: string;
  path: string;
}

/** `_path_matches`: the rule path as an anchored regex; `*` and `{tag}` one segment, `**` anything. */
export function pathMatches(requestPath: string, pathPattern: string): boolean {
  const tokenRegex = /(?<tag>\{[^}]*\})|(?<wild>\*(?=$|[^*]))|(?<rec_wild>\*\*)|(?<literal>[^{}*])/g;
  let pathRegex = '';
  for (const match of pathPattern.matchAll(tokenRegex)) {
    const token = match.groups!;
    if (token['tag'] || token['wild']) pathRegex += '[^\\/]+';
    if (token['rec_wild']) pathRegex += '.*';
    // Inserted as is, like the Python (a `.` in `v2.0` matches any character there too).
    if (token['literal']) pathRegex += token['literal'];
  }
  return new RegExp(`^${pathRegex}$`).test(requestPath);
}

export interface ValidationInput {
  /** The token's `application_credential.access_rules` (`undefined`: a credential without rules). */
  accessRules: AccessRule[] | undefined;
  /** The service types of the token's catalog. */
  catalogTypes: string[];
  /** The service's `[keystone_authtoken] service_type` (unset: `undefined`). */
  serviceType: string | undefined;
  request: { method: string; path: string };
}

/** `validate_allowed_request` (no service token, a v3 token): `true` when the request passes. */
export function allowedRequest(input: ValidationInput): boolean {
  if (input.accessRules === undefined) return true;
  // "Cannot validate request with restricted access rules. Set service_type ..." → InvalidToken
  if (!input.serviceType) return false;
  if (input.serviceType === 'identity' && input.request.method === 'GET' && input.request.path.endsWith('/v3/auth/tokens')) return true;
  if (!input.catalogTypes.includes(input.serviceType)) return false;
  return input.accessRules.some((rule) => input.request.method === rule.method && rule.service === input.serviceType && pathMatches(input.request.path, rule.path));
}
