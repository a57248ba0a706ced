/** The ACME certificate authority is operated inside the jurisdiction (or consciously waived). */
import { implicitEndpointViolations, outsideHostViolations } from '../hosts/endpoint-violations.js';
import type { Policy } from '../policy.js';

export const residencyAcmeCa: Policy = {
  id: 'residency-acme-ca',
  title: 'The ACME certificate authority is inside the jurisdiction',
  category: 'residency',
  severity: 'medium',
  rationale:
    'The ACME CA learns every public host name and decides whether the services get certificates: a trust and availability dependency. Let’s Encrypt (ISRG) and ZeroSSL — acme.sh’s hidden default in docker-jitsi-meet — are US operators. No user data reaches the CA, which is why this is usually waived with a review date.',
  remediation: 'Set `tls.acmeServer` to an ACME CA operated in the jurisdiction, or waive this policy with a justification, an owner and a review date.',
  references: [
    { title: 'RFC 8555 (ACME)', url: 'https://www.rfc-editor.org/rfc/rfc8555' },
    { title: 'docker-jitsi-meet env.example: "Default is zerossl"', url: 'https://github.com/jitsi/docker-jitsi-meet/blob/master/env.example' },
    { title: 'ANSSI Référentiel général de sécurité (RGS), certificate authorities' },
  ],
  check(artifacts) {
    return [...outsideHostViolations(artifacts, ['acme']), ...implicitEndpointViolations(artifacts, ['acme'])];
  },
};
