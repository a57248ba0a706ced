/**
 * Shared by the endpoint residency policies: each host occurrence and each implicit upstream
 * default, classified once per artifact set, then filtered by the services a policy owns.
 */
import type { Artifacts } from '../artifacts/artifacts.js';
import { containerEnv, containers, imageRepository, manifestPointer, podTemplates, type PodTemplate } from '../artifacts/kubernetes.js';
import { dig, isObject } from '../artifacts/json.js';
import type { EndpointService } from '../catalogue/endpoints.js';
import { IMPLICIT_ENDPOINTS } from '../catalogue/implicit-endpoints.js';
import { RUNTIME_DOWNLOADS } from '../catalogue/runtime-downloads.js';
import { jurisdictionName } from '../jurisdiction.js';
import type { Violation } from '../policy.js';
import { classifyHost, type HostClass, type HostScope } from './classify-host.js';
import { hostOccurrences, type HostOccurrence } from './host-occurrences.js';

export interface ClassifiedOccurrence {
  occurrence: HostOccurrence;
  cls: HostClass;
  /** The role from the surrounding key, else the catalogue's. */
  service?: EndpointService;
}

const cache = new WeakMap<Artifacts, ClassifiedOccurrence[]>();

export function hostScope(artifacts: Artifacts): HostScope {
  const namespaces = new Set(artifacts.objects.flatMap((o) => (o.kind === 'Namespace' ? [o.name] : o.namespace ? [o.namespace] : [])));
  return { environment: artifacts.environment, namespaces };
}

export function classifiedOccurrences(artifacts: Artifacts): ClassifiedOccurrence[] {
  const cached = cache.get(artifacts);
  if (cached) return cached;
  const scope = hostScope(artifacts);
  const result = hostOccurrences(artifacts).map((occurrence) => {
    const cls = classifyHost(occurrence.host, scope);
    const service = occurrence.role ?? (cls.kind === 'known' ? cls.endpoint.service : undefined);
    return { occurrence, cls, ...(service ? { service } : {}) };
  });
  cache.set(artifacts, result);
  return result;
}

const SERVICE_WORDS: Record<EndpointService, string> = {
  'stun-turn': 'STUN/TURN server',
  push: 'push gateway',
  telemetry: 'telemetry endpoint',
  'update-check': 'update check',
  'app-store': 'app store',
  'connectivity-check': 'connectivity check',
  acme: 'ACME certificate authority',
  avatar: 'avatar service',
  smtp: 'SMTP relay',
  identity: 'identity provider',
  registry: 'container registry',
  software: 'software download',
  'state-backend': 'state backend',
  cloud: 'cloud API',
  web: 'web resource',
};

export function serviceWords(service: EndpointService | undefined): string {
  return service ? SERVICE_WORDS[service] : 'external host';
}

/** Catalogued hosts outside the jurisdiction, for the services a policy owns. */
export function outsideHostViolations(artifacts: Artifacts, services: readonly EndpointService[]): Violation[] {
  const where = jurisdictionName(artifacts.environment.residency.jurisdiction);
  return classifiedOccurrences(artifacts)
    .filter((c) => c.cls.kind === 'known' && !c.cls.inside && c.service !== undefined && services.includes(c.service))
    .map(({ occurrence, cls, service }) => {
      const endpoint = (cls as Extract<HostClass, { kind: 'known' }>).endpoint;
      return {
        resource: occurrence.resource,
        message: `${serviceWords(service)} ${occurrence.host} (${occurrence.key}) is run by ${endpoint.operator} (${endpoint.operatorCountry}), outside ${where}`,
        evidence: occurrence.evidence,
      };
    });
}

/** Upstream defaults left on in rendered containers, whose destination is outside the jurisdiction. */
export function implicitEndpointViolations(artifacts: Artifacts, services: readonly EndpointService[]): Violation[] {
  const scope = hostScope(artifacts);
  const where = jurisdictionName(artifacts.environment.residency.jurisdiction);
  const out: Violation[] = [];
  const rules = IMPLICIT_ENDPOINTS.filter((rule) => services.includes(rule.service));
  if (rules.length === 0) return out;
  for (const template of podTemplates(artifacts.objects)) {
    for (const container of containers(template)) {
      // An init container with its own command runs that command to completion, never the image's service.
      if (container.initContainer && container.spec['command'] !== undefined) continue;
      const repository = imageRepository(container.image);
      const matching = rules.filter((rule) => rule.image.test(repository));
      if (matching.length === 0) continue;
      const env = containerEnv(container, artifacts.objects);
      const config = [...podScripts(template, artifacts), ...podHostsEntries(template)].join('\n');
      const read = (name: string) => {
        const entry = env.get(name);
        return entry === undefined ? undefined : entry.value ?? null;
      };
      for (const rule of matching) {
        if (rule.safe(read, config)) continue;
        const cls = classifyHost(rule.host, scope);
        if (cls.kind === 'own' || cls.kind === 'internal' || (cls.kind !== 'unknown' && cls.inside)) continue;
        const operator = cls.kind === 'known' ? ` (${cls.endpoint.operator}, ${cls.endpoint.operatorCountry})` : '';
        out.push({
          resource: template.owner.address,
          message: `container ${container.name} keeps an upstream default and sends ${rule.sends} to ${rule.host}${operator}, outside ${where}; ${rule.fix}`,
          evidence: { file: template.owner.file, pointer: manifestPointer(template.owner, ...container.path, 'env'), value: rule.id },
        });
      }
    }
  }
  return out;
}

/** Commands, arguments and mounted ConfigMap files of a pod: what it runs beyond its image. */
function podScripts(template: PodTemplate, artifacts: Artifacts): string[] {
  const texts = containers(template).flatMap((c) => [...(Array.isArray(c.spec['command']) ? c.spec['command'] : []), ...(Array.isArray(c.spec['args']) ? c.spec['args'] : [])].map(String));
  const volumes = template.spec['volumes'];
  for (const volume of Array.isArray(volumes) ? volumes : []) {
    const names = [dig(volume, 'configMap', 'name'), ...((dig(volume, 'projected', 'sources') as unknown[] | undefined) ?? []).map((s) => dig(s, 'configMap', 'name'))];
    for (const name of names.filter((n): n is string => typeof n === 'string')) {
      const cm = artifacts.objects.find((o) => o.kind === 'ConfigMap' && o.name === name && o.namespace === template.owner.namespace);
      const data = dig(cm?.object, 'data');
      if (isObject(data)) texts.push(...Object.values(data).map(String));
    }
  }
  return texts;
}

/** The pod's own /etc/hosts entries (`hostAliases`), one `ip host…` line each. */
function podHostsEntries(template: PodTemplate): string[] {
  const aliases = template.spec['hostAliases'];
  return (Array.isArray(aliases) ? aliases : []).map((a) => [dig(a, 'ip'), ...((dig(a, 'hostnames') as unknown[] | undefined) ?? [])].map(String).join(' '));
}

/** Workloads that fetch code from a third party outside the jurisdiction while they run. */
export function runtimeDownloadViolations(artifacts: Artifacts): Violation[] {
  const scope = hostScope(artifacts);
  const where = jurisdictionName(artifacts.environment.residency.jurisdiction);
  const out: Violation[] = [];
  for (const template of podTemplates(artifacts.objects)) {
    const scripts = podScripts(template, artifacts);
    for (const download of RUNTIME_DOWNLOADS) {
      if (!scripts.some((text) => download.marker.test(text))) continue;
      const cls = classifyHost(download.host, scope);
      if (cls.kind === 'own' || cls.kind === 'internal' || (cls.kind !== 'unknown' && cls.inside)) continue;
      const operator = cls.kind === 'known' ? ` (${cls.endpoint.operator}, ${cls.endpoint.operatorCountry})` : '';
      out.push({
        resource: template.owner.address,
        rule: 'residency-external-download',
        message: `fetches ${download.fetches} from ${download.host}${operator}, outside ${where}, while it runs; ${download.fix}`,
        evidence: { file: template.owner.file, pointer: manifestPointer(template.owner, ...template.path), value: download.id },
      });
    }
  }
  return out;
}
