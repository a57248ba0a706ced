/**
 * Every place an artifact names an external host: URLs and `stun:`/`turn:` URIs in any string of
 * the rendered objects (env values, ConfigMap files, custom resources), host lists in variables
 * named `*_HOST(S)`/`*_SERVER(S)`/`*_ENDPOINT`, and the endpoints the environment declares.
 */
import type { Environment } from '../../environments/environment.js';
import type { Artifacts } from '../artifacts/artifacts.js';
import { isObject, pointer } from '../artifacts/json.js';
import { containerEnv, containers, manifestPointer, podTemplates, type KubeObject } from '../artifacts/kubernetes.js';
import type { EndpointService } from '../catalogue/endpoints.js';
import type { Evidence } from '../policy.js';

export interface HostOccurrence {
  host: string;
  /** Address of the object or environment field that names it. */
  resource: string;
  evidence: Evidence;
  /** The role the surrounding key gives it (`JVB_STUN_SERVERS` → stun-turn), when it says. */
  role?: EndpointService;
  /** The key or variable name the value sits under. */
  key: string;
}

// Schemes whose "host" is not a network host (a bucket, a path).
const NON_HOST_SCHEMES = new Set(['s3', 'gs', 'azblob', 'file', 'swift', 'data', 'urn', 'mailto']);
const URL_PATTERN = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^@\s/'"`]*@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)/gi;
const ICE_PATTERN = /\b(?:stuns?|turns?):(?!\/\/)([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)/gi;
const HOST_LIST_NAME = /(?:^|_)(?:HOSTS?|HOSTNAME|SERVERS?|ENDPOINT|RELAY)$/i;
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

// Words of a key (`JVB_STUN_SERVERS`, `tls.acmeServer`, `updater.server.url`) that say what a host is for.
const ROLE_WORDS: Record<string, EndpointService> = {
  stun: 'stun-turn',
  stuns: 'stun-turn',
  turn: 'stun-turn',
  turns: 'stun-turn',
  ice: 'stun-turn',
  push: 'push',
  acme: 'acme',
  letsencrypt: 'acme',
  smtp: 'smtp',
  mail: 'smtp',
  oidc: 'identity',
  issuer: 'identity',
  oauth: 'identity',
  oauth2: 'identity',
  saml: 'identity',
  sso: 'identity',
  keycloak: 'identity',
  avatar: 'avatar',
  gravatar: 'avatar',
  stats: 'telemetry',
  statistics: 'telemetry',
  analytics: 'telemetry',
  telemetry: 'telemetry',
  amplitude: 'telemetry',
  rtcstats: 'telemetry',
  tracking: 'telemetry',
  update: 'update-check',
  updates: 'update-check',
  updater: 'update-check',
  appstore: 'app-store',
  appstoreurl: 'app-store',
};

export function roleHint(key: string): EndpointService | undefined {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/);
  for (const word of words) if (ROLE_WORDS[word]) return ROLE_WORDS[word];
  return undefined;
}

/** Hosts named in a string: URLs, ICE URIs, and (for host-list variables) bare `host[:port]` items. */
export function hostsInText(text: string, key: string): string[] {
  const hosts = new Set<string>();
  // Cheap tests first: most strings (names, numbers, flags) name no host at all.
  if (text.includes('://')) for (const m of text.matchAll(URL_PATTERN)) if (!NON_HOST_SCHEMES.has(m[1]!.toLowerCase())) hosts.add(m[2]!.toLowerCase());
  if (/stun|turn/i.test(text)) for (const m of text.matchAll(ICE_PATTERN)) hosts.add(m[1]!.toLowerCase());
  // `s3://bucket?endpoint=host` (Pulumi, CNPG): the endpoint parameter is the host.
  if (text.includes('endpoint=')) for (const m of text.matchAll(/[?&]endpoint=([a-z0-9.-]+)/gi)) hosts.add(m[1]!.toLowerCase());
  if (text.includes('.') && HOST_LIST_NAME.test(key)) {
    for (const item of text.split(/[\s,;]+/)) {
      const host = item.replace(/^[a-z]+:(\/\/)?/i, '').replace(/[:/].*$/, '');
      if (HOSTNAME.test(host) && /[a-z]/i.test(host)) hosts.add(host.toLowerCase());
    }
  }
  return [...hosts];
}

// Parts of objects that name no endpoint the apps talk to: metadata (labels, annotations), the
// image (the registry check reads it), and schema prose of CustomResourceDefinitions.
const SKIPPED_KEYS = new Set(['metadata', 'image', 'description']);

/** Visits every string that could name a host (it has a dot), with its path; the path array is reused, copy it to keep it. */
function walkStrings(value: unknown, path: (string | number)[], key: string, visit: (text: string, path: (string | number)[], key: string) => void): void {
  if (typeof value === 'string') {
    if (value.includes('.')) visit(value, path, key);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walkStrings(value[i], path, key, visit);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const k in value) {
      if (SKIPPED_KEYS.has(k)) continue;
      path.push(k);
      walkStrings(value[k], path, k, visit);
      path.pop();
    }
  }
}

function objectOccurrences(object: KubeObject, add: (o: HostOccurrence) => void): void {
  if (object.kind === 'Secret' || object.kind === 'CustomResourceDefinition') return;
  walkStrings(object.object, [], '', (text, path, key) => {
    // An env entry's key is its `name`, not `value`.
    const envName = path.length >= 2 && path[path.length - 1] === 'value' ? nameBeside(object.object, path) : undefined;
    const effectiveKey = envName ?? key;
    for (const host of hostsInText(text, effectiveKey)) {
      const role = roleHint(effectiveKey);
      add({ host, resource: object.address, evidence: { file: object.file, pointer: manifestPointer(object, ...path), value: text }, key: effectiveKey, ...(role ? { role } : {}) });
    }
  });
}

function nameBeside(root: unknown, valuePath: (string | number)[]): string | undefined {
  let current: unknown = root;
  for (const step of valuePath.slice(0, -1)) current = isObject(current) || Array.isArray(current) ? (current as Record<string | number, unknown>)[step] : undefined;
  return isObject(current) && typeof current['name'] === 'string' ? current['name'] : undefined;
}

/** Endpoints the environment itself declares, with their role. */
export function environmentOccurrences(environment: Environment): HostOccurrence[] {
  const out: HostOccurrence[] = [];
  const add = (value: string | undefined, path: (string | number)[], role: EndpointService) => {
    if (!value) return;
    for (const host of hostsInText(value, 'HOST')) {
      out.push({ host, resource: `environment/${path.join('.')}`, evidence: { file: 'environment.json', pointer: pointer(...path), value }, role, key: path.join('.') });
    }
  };
  add(environment.tls.acmeServer, ['tls', 'acmeServer'], 'acme');
  add(environment.identity?.oidc.issuer, ['identity', 'oidc', 'issuer'], 'identity');
  add(environment.smtp?.host, ['smtp', 'host'], 'smtp');
  add(environment.apps.rocketchat.pushGateway, ['apps', 'rocketchat', 'pushGateway'], 'push');
  environment.apps.jitsi.stunServers.forEach((s, i) => add(s, ['apps', 'jitsi', 'stunServers', i], 'stun-turn'));
  add(environment.apps.jitsi.branding.logoUrl, ['apps', 'jitsi', 'branding', 'logoUrl'], 'web');
  add(environment.images.mirror?.split('/')[0], ['images', 'mirror'], 'registry');
  return out;
}

/** Every host occurrence in the environment and the rendered objects, one per (place, host). */
export function hostOccurrences(artifacts: Artifacts): HostOccurrence[] {
  const seen = new Set<string>();
  const out: HostOccurrence[] = [];
  const add = (o: HostOccurrence) => {
    const id = `${o.evidence.file}${o.evidence.pointer}|${o.host}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(o);
  };
  environmentOccurrences(artifacts.environment).forEach(add);
  // Container environments first, so that ConfigMap values used as env carry the variable's name.
  for (const template of podTemplates(artifacts.objects)) {
    for (const container of containers(template)) {
      for (const [name, entry] of containerEnv(container, artifacts.objects)) {
        if (entry.value === undefined) continue;
        const role = roleHint(name);
        for (const host of hostsInText(entry.value, name)) add({ host, resource: template.owner.address, evidence: { file: entry.object.file, pointer: entry.pointer, value: entry.value }, key: name, ...(role ? { role } : {}) });
      }
    }
  }
  for (const object of artifacts.objects) objectOccurrences(object, add);
  return out;
}
