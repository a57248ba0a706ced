/**
 * A port of how Swift's keystoneauth middleware authorizes a request with a Keystone token —
 * openstack/swift 2.38.1 (d57c078e) `swift/common/middleware/keystoneauth.py`: `authorize`
 * L401-533 and `_authorize_cross_tenant` L369-399, with its default configuration (L176-186:
 * `operator_roles` admin, swiftoperator; `project_reader_roles` and `system_reader_roles` empty;
 * `reseller_admin_role` ResellerAdmin). Container ACLs come from the container's
 * `X-Container-Read` (GET/HEAD) or `X-Container-Write` (PUT/POST/DELETE) — swift/proxy/controllers/obj.py
 * sets `req.acl` from them. Referrer ACLs (`.r:`) are left out: socle never sets them.
 */
export interface SwiftConfig {
  operatorRoles: string[];
  projectReaderRoles: string[];
  resellerAdminRole: string;
}

export const SWIFT_DEFAULTS: SwiftConfig = { operatorRoles: ['admin', 'swiftoperator'], projectReaderRoles: [], resellerAdminRole: 'resellerAdmin'.toLowerCase() };

export interface SwiftIdentity {
  projectId: string;
  userId: string;
  roles: string[];
}

export interface ObjectRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** The account's project id (`AUTH_<project_id>`). */
  accountProjectId: string;
  container: { readAcl?: string; writeAcl?: string };
}

/** `swift_acl.parse_acl`: comma-separated entries, referrers apart. */
function parseAcl(acl: string | undefined): string[] {
  return (acl ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && !e.startsWith('.r:'));
}

export function authorize(identity: SwiftIdentity, req: ObjectRequest, conf: SwiftConfig = SWIFT_DEFAULTS): boolean {
  const roles = identity.roles.map((r) => r.toLowerCase());
  if (roles.includes(conf.resellerAdminRole)) return true;
  const acl = parseAcl(req.method === 'GET' || req.method === 'HEAD' ? req.container.readAcl : req.container.writeAcl);
  // Cross-tenant ACL `<tenant>:<user>` (ids, or `*`); names are left out (ids are what socle writes).
  for (const tenant of [identity.projectId, '*']) for (const user of [identity.userId, '*']) if (acl.includes(`${tenant}:${user}`)) return true;
  if (req.accountProjectId !== identity.projectId) return false;
  if (conf.operatorRoles.some((r) => roles.includes(r))) return true;
  if (conf.projectReaderRoles.some((r) => roles.includes(r)) && (req.method === 'GET' || req.method === 'HEAD')) return true;
  // A role named in the ACL.
  return roles.some((r) => acl.map((a) => a.toLowerCase()).includes(r));
}
