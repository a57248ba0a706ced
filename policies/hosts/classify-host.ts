/**
 * Where a host sits, for residency: inside the cluster, the authority's own domain, a catalogued
 * cloud region (object storage endpoints), a catalogued third-party service — or unknown.
 */
import type { Environment } from '../../environments/environment.js';
import { REGION_CATALOGUE, type Region } from '../../environments/catalogue/regions.js';
import { findEndpoint, type KnownEndpoint } from '../catalogue/endpoints.js';
import { inJurisdiction } from '../jurisdiction.js';

export type HostClass =
  | { kind: 'internal' }
  | { kind: 'own' }
  | { kind: 'region'; region: Region; inside: boolean }
  | { kind: 'known'; endpoint: KnownEndpoint; inside: boolean }
  | { kind: 'unknown' };

// Suffixes that never leave the cluster or the local network: Kubernetes service names, mDNS and
// reserved names (RFC 6761/8375), and `.jitsi`, the XMPP-only pseudo-domain of docker-jitsi-meet
// (`meet.jitsi`, `auth.meet.jitsi`), which is never resolved in DNS.
const INTERNAL_SUFFIXES = ['.svc', '.cluster.local', '.local', '.internal', '.localhost', '.home.arpa', '.jitsi'];

// Second-level public suffixes under which an organisation's domain has three labels
// (publicsuffix.org list, the entries a French or European authority is likely to sit under).
const PUBLIC_SECOND_LEVEL = new Set(['gouv.fr', 'asso.fr', 'nom.fr', 'com.fr', 'tm.fr', 'presse.fr', 'co.uk', 'org.uk', 'gov.uk']);

/** `collab.metropole-exemple.fr` → `metropole-exemple.fr`: the authority's registrable domain. */
export function organisationDomain(domain: string): string {
  const labels = domain.toLowerCase().split('.');
  const keep = PUBLIC_SECOND_LEVEL.has(labels.slice(-2).join('.')) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

function isPrivateIp(host: string): boolean {
  const m = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (!m) return host === '::1' || /^f[cd][0-9a-f]{2}:/i.test(host);
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/**
 * Object storage host → the (first) catalogue region it serves. OVHcloud answers on two hosts per
 * site: the S3 API over Swift (`s3.<site>.cloud.ovh.net`, the catalogue's) and its native S3
 * (`s3.<site>.io.cloud.ovh.net`), both listed in the ovh/docs s3_location guide.
 */
const S3_HOSTS = new Map<string, Region>();
for (const entry of REGION_CATALOGUE) {
  for (const region of entry.regions) {
    if (!region.s3) continue;
    const host = new URL(region.s3.endpoint).hostname;
    for (const alias of [host, host.replace(/^(s3\.[^.]+)\.cloud\.ovh\.net$/, '$1.io.cloud.ovh.net')]) if (!S3_HOSTS.has(alias)) S3_HOSTS.set(alias, region);
  }
}

export interface HostScope {
  environment: Environment;
  /** Namespaces of the rendered objects: `svc.ns` is a Kubernetes service name, not a domain. */
  namespaces: ReadonlySet<string>;
}

export function classifyHost(rawHost: string, scope: HostScope): HostClass {
  const host = rawHost.toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  if (labels.length === 1 || host === 'localhost' || isPrivateIp(host)) return { kind: 'internal' };
  if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return { kind: 'internal' };
  if (scope.namespaces.has(labels[labels.length - 1]!)) return { kind: 'internal' };
  const own = organisationDomain(scope.environment.authority.domain);
  if (host === own || host.endsWith(`.${own}`)) return { kind: 'own' };
  const jurisdiction = scope.environment.residency.jurisdiction;
  const region = S3_HOSTS.get(host);
  if (region) return { kind: 'region', region, inside: inJurisdiction(region.country, jurisdiction) && inJurisdiction(region.operatorCountry, jurisdiction) };
  const endpoint = findEndpoint(host);
  if (endpoint) return { kind: 'known', endpoint, inside: inJurisdiction(endpoint.operatorCountry, jurisdiction) };
  return { kind: 'unknown' };
}
