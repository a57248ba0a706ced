/** HTTPS only: every ingress host has TLS and HSTS, plain-HTTP listeners only redirect, no external http:// URL. */
import { dig, isObject } from '../artifacts/json.js';
import { manifestPointer, type KubeObject } from '../artifacts/kubernetes.js';
import { classifiedOccurrences } from '../hosts/endpoint-violations.js';
import type { Policy, Violation } from '../policy.js';

// One year: the minimum max-age hstspreload.org accepts, and what browsers need to stay on HTTPS.
export const HSTS_MIN_SECONDS = 31_536_000;
const TRAEFIK_MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';

/** Traefik middlewares (as routers reference them: `<namespace>-<name>@kubernetescrd`) that send HSTS for a year or more. */
function hstsMiddlewares(objects: readonly KubeObject[]): Set<string> {
  return new Set(
    objects
      .filter((o) => o.kind === 'Middleware' && /^traefik\.(io|containo\.us)\//.test(o.apiVersion) && Number(dig(o.object, 'spec', 'headers', 'stsSeconds') ?? 0) >= HSTS_MIN_SECONDS)
      .map((o) => `${o.namespace}-${o.name}@kubernetescrd`),
  );
}

function redirectsToHttps(rule: unknown): boolean {
  const filters = dig(rule, 'filters');
  return Array.isArray(filters) && filters.some((f) => dig(f, 'type') === 'RequestRedirect' && dig(f, 'requestRedirect', 'scheme') === 'https');
}

export const securityHttpsOnly: Policy = {
  id: 'security-https-only',
  title: 'Services are reachable over HTTPS only',
  category: 'security',
  severity: 'high',
  rationale: 'Sessions, documents and credentials over plain HTTP can be read and altered on the way. ANSSI recommends TLS for every exposed service, and HSTS so that browsers never fall back.',
  remediation: 'Give every Ingress a `tls` section for each host (cert-manager issues the certificates) and an HSTS middleware (Traefik `headers.stsSeconds` ≥ one year); keep port 80 for redirects to HTTPS only; use https:// for every external URL.',
  references: [
    { title: 'ANSSI, Recommandations de sécurité relatives à TLS' },
    { title: 'RFC 6797 (HSTS)', url: 'https://www.rfc-editor.org/rfc/rfc6797' },
  ],
  rules: ['hsts'],
  check(artifacts) {
    const out: Violation[] = [];
    const hsts = hstsMiddlewares(artifacts.objects);
    for (const object of artifacts.objects) {
      if (object.kind === 'Ingress') {
        const middlewares = String(dig(object.object, 'metadata', 'annotations', TRAEFIK_MIDDLEWARES) ?? '').split(',').map((m) => m.trim());
        if (!middlewares.some((m) => hsts.has(m))) {
          out.push({ resource: object.address, rule: 'hsts', message: `no Strict-Transport-Security of at least ${HSTS_MIN_SECONDS} s (one year) on its responses: browsers may fall back to HTTP`, evidence: { file: object.file, pointer: manifestPointer(object, 'metadata', 'annotations'), value: middlewares.filter(Boolean) } });
        }
        const tls = dig(object.object, 'spec', 'tls');
        const covered = new Set((Array.isArray(tls) ? tls : []).flatMap((t) => (Array.isArray(dig(t, 'hosts')) ? (dig(t, 'hosts') as unknown[]).map(String) : [])));
        const rules = dig(object.object, 'spec', 'rules');
        (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
          const host = dig(rule, 'host');
          if (typeof host === 'string' && !covered.has(host)) out.push({ resource: object.address, message: `host ${host} is served without TLS`, evidence: { file: object.file, pointer: manifestPointer(object, 'spec', 'rules', i, 'host'), value: host } });
        });
      }
      if (object.kind === 'HTTPRoute') {
        // A route attached to a plain-HTTP Gateway listener may only redirect to HTTPS.
        const parents = dig(object.object, 'spec', 'parentRefs');
        const onHttp = (Array.isArray(parents) ? parents : []).some((ref) => {
          const gateway = artifacts.objects.find((o) => o.kind === 'Gateway' && o.name === dig(ref, 'name') && o.namespace === ((dig(ref, 'namespace') as string | undefined) ?? object.namespace));
          const listeners = dig(gateway?.object, 'spec', 'listeners');
          return (Array.isArray(listeners) ? listeners : []).some((l) => isObject(l) && l['protocol'] === 'HTTP' && (dig(ref, 'sectionName') === undefined || dig(ref, 'sectionName') === l['name']) && (dig(ref, 'port') === undefined || dig(ref, 'port') === l['port']));
        });
        const rules = dig(object.object, 'spec', 'rules');
        if (onHttp) {
          (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
            if (!redirectsToHttps(rule)) out.push({ resource: object.address, message: 'route on a plain-HTTP listener serves content instead of redirecting to HTTPS', evidence: { file: object.file, pointer: manifestPointer(object, 'spec', 'rules', i), value: 'no RequestRedirect to https' } });
          });
        }
      }
    }
    for (const config of artifacts.terraform) {
      const listeners = config.resources.filter((r) => r.type === 'openstack_lb_listener_v2' && r.values['protocol'] === 'HTTP');
      for (const listener of listeners) {
        const ref = listener.address.replace(/\[[^\]]*\]$/, '');
        const redirected = config.resources.some(
          (r) => r.type === 'openstack_lb_l7policy_v2' && String(r.values['listener_id'] ?? '').includes(ref) && /^REDIRECT_/.test(String(r.values['action'])) && /^https:/.test(String(r.values['redirect_url'] ?? r.values['redirect_prefix'] ?? '')),
        );
        if (!redirected) out.push({ resource: `${config.addressPrefix}/${listener.address}`, message: `HTTP listener on port ${String(listener.values['protocol_port'])} has no L7 policy redirecting to HTTPS`, evidence: { file: config.file, pointer: listener.pointer, value: 'HTTP' } });
      }
    }
    for (const { occurrence, cls } of classifiedOccurrences(artifacts)) {
      if (cls.kind === 'internal') continue;
      const value = String(occurrence.evidence.value ?? '');
      if (new RegExp(`\\b(http|ws)://([^/@\\s]*@)?${occurrence.host.replace(/\./g, '\\.')}\\b`, 'i').test(value)) {
        out.push({ resource: occurrence.resource, message: `${occurrence.key} reaches ${occurrence.host} over plain ${/ws:\/\//i.test(value) ? 'WebSocket' : 'HTTP'}`, evidence: occurrence.evidence });
      }
    }
    return out;
  },
};
