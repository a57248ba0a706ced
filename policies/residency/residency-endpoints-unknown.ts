/** Every external host the artifacts name is known: an unknown host is reported, never passed. */
import { classifiedOccurrences, serviceWords } from '../hosts/endpoint-violations.js';
import type { Policy } from '../policy.js';

export const residencyEndpointsUnknown: Policy = {
  id: 'residency-endpoints-unknown',
  title: 'Every external host is in the endpoint catalogue',
  category: 'residency',
  severity: 'medium',
  rationale:
    'A host that is neither the authority’s own domain nor in socle’s catalogue of operators can’t be placed in a jurisdiction. Passing it silently is how leaks survive audits: it is reported until someone catalogues its operator.',
  remediation: 'Use a host under the authority’s domain, or add the host to policies/catalogue/endpoints.ts with its operator, country and a source.',
  references: [
    { title: 'GDPR Art. 30 (records of processing) and Chapter V', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'ANSSI SecNumCloud 3.2 (protection against non-EU law, third-party services)' },
  ],
  check(artifacts) {
    return classifiedOccurrences(artifacts)
      .filter((c) => c.cls.kind === 'unknown')
      .map(({ occurrence, service }) => ({
        resource: occurrence.resource,
        message: `${serviceWords(service)} ${occurrence.host} (${occurrence.key}) is not in the endpoint catalogue: its operator and jurisdiction are unknown`,
        evidence: occurrence.evidence,
      }));
  },
};
