/** Avatars, SMTP relays, identity providers and web resources the apps use are run inside the jurisdiction. */
import { implicitEndpointViolations, outsideHostViolations } from '../hosts/endpoint-violations.js';
import type { Policy } from '../policy.js';

const SERVICES = ['avatar', 'smtp', 'identity', 'web', 'cloud', 'state-backend'] as const;

export const residencyExternalServices: Policy = {
  id: 'residency-external-services',
  title: 'Mail relays, identity providers, avatars and web resources are inside the jurisdiction',
  category: 'residency',
  severity: 'high',
  rationale:
    'An SMTP relay reads every notification mail, an identity provider sees every login, an avatar service receives a hash of every e-mail address from every browser (Gravatar, Automattic, US). The apps’ own defaults are local; the leak is the relay or provider someone configures.',
  remediation: 'Use the authority’s own (or an EU-operated) SMTP relay and identity provider in `smtp.host` and `identity.oidc.issuer`; turn avatar services off.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'CNIL, Les transferts de données hors de l’UE', url: 'https://www.cnil.fr/fr/les-transferts-de-donnees-hors-de-lue' },
  ],
  check(artifacts) {
    return [...outsideHostViolations(artifacts, SERVICES), ...implicitEndpointViolations(artifacts, SERVICES)];
  },
};
