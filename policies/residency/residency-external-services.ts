/** Avatars, SMTP relays, identity providers, DNS providers and web resources the apps use are run inside the jurisdiction. */
import type { Artifacts } from '../artifacts/artifacts.js';
import { dig, isObject } from '../artifacts/json.js';
import { containers, imageRepository, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import { DNS_PROVIDERS } from '../catalogue/dns-providers.js';
import { implicitEndpointViolations, outsideHostViolations } from '../hosts/endpoint-violations.js';
import { inJurisdiction, jurisdictionName } from '../jurisdiction.js';
import type { Evidence, Policy, Violation } from '../policy.js';

export const SERVICES = ['avatar', 'smtp', 'identity', 'web', 'cloud', 'state-backend'] as const;

/**
 * DNS providers that get the zone: cert-manager DNS-01 solvers and external-dns. A webhook solver
 * names no provider the artifacts can place, so it is reported too.
 */
function dnsProviderViolations(artifacts: Artifacts): Violation[] {
  const jurisdiction = artifacts.environment.residency.jurisdiction;
  const out: Violation[] = [];
  const judge = (resource: string, name: string, what: string, evidence: Evidence) => {
    const provider = DNS_PROVIDERS[name.toLowerCase()];
    if (!provider) out.push({ resource, rule: 'dns-provider', message: `${what} uses DNS provider "${name}", whose operator the catalogue doesn’t know`, evidence });
    else if (!inJurisdiction(provider.operatorCountry, jurisdiction)) out.push({ resource, rule: 'dns-provider', message: `${what} pushes zone data to ${provider.operator} (${provider.operatorCountry}), outside ${jurisdictionName(jurisdiction)}`, evidence });
  };
  for (const o of artifacts.objects.filter((o) => o.kind === 'Issuer' || o.kind === 'ClusterIssuer')) {
    const solvers = dig(o.object, 'spec', 'acme', 'solvers');
    (Array.isArray(solvers) ? solvers : []).forEach((solver, i) => {
      const dns01 = dig(solver, 'dns01');
      // acmeDNS and rfc2136 point at a server by URL or address, which the host checks read.
      for (const name of Object.keys(isObject(dns01) ? dns01 : {}).filter((k) => !['cnameStrategy', 'acmeDNS', 'rfc2136'].includes(k))) {
        const provider = name === 'webhook' ? String(dig(dns01, 'webhook', 'solverName') ?? 'webhook') : name;
        judge(o.address, provider, 'ACME DNS-01 solver', { file: o.file, pointer: manifestPointer(o, 'spec', 'acme', 'solvers', i, 'dns01', name), value: provider });
      }
    });
  }
  for (const template of podTemplates(artifacts.objects)) {
    for (const container of containers(template)) {
      if (!/(^|\/)external-dns$/.test(imageRepository(container.image))) continue;
      const args = [...(Array.isArray(container.spec['command']) ? container.spec['command'] : []), ...(Array.isArray(container.spec['args']) ? container.spec['args'] : [])].map(String);
      args.forEach((arg, i) => {
        const provider = arg.startsWith('--provider=') ? arg.slice('--provider='.length) : arg === '--provider' ? args[i + 1] : undefined;
        if (provider) judge(template.owner.address, provider, `external-dns (container ${container.name})`, { file: template.owner.file, pointer: manifestPointer(template.owner, ...container.path), value: arg });
      });
    }
  }
  return out;
}

export const residencyExternalServices: Policy = {
  id: 'residency-external-services',
  title: 'Mail relays, identity and DNS providers, avatars and web resources are inside the jurisdiction',
  category: 'residency',
  severity: 'high',
  rationale:
    'An SMTP relay reads every notification mail, an identity provider sees every login, an avatar service receives a hash of every e-mail address from every browser (Gravatar, Automattic, US). A DNS provider driven by cert-manager or external-dns holds the whole zone. The apps’ own defaults are local; the leak is the relay or provider someone configures.',
  remediation: 'Use the authority’s own (or an EU-operated) SMTP relay and identity provider in `smtp.host` and `identity.oidc.issuer`; turn avatar services off.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'CNIL, Les transferts de données hors de l’UE', url: 'https://www.cnil.fr/fr/les-transferts-de-donnees-hors-de-lue' },
  ],
  rules: ['dns-provider'],
  check(artifacts) {
    return [...outsideHostViolations(artifacts, SERVICES), ...implicitEndpointViolations(artifacts, SERVICES), ...dnsProviderViolations(artifacts)];
  },
};
