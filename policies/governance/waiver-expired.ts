/** An expired waiver no longer accepts anything, and is itself a finding until renewed or removed. */
import type { Policy } from '../policy.js';
import { isExpired } from '../waivers.js';

export const waiverExpired: Policy = {
  id: 'waiver-expired',
  title: 'No waiver is past its expiry date',
  category: 'governance',
  severity: 'high',
  rationale: 'A waiver is a decision with an owner and a review date. Past that date nobody has re-examined the risk; the findings it covered count again, and the lapse itself is reported.',
  remediation: 'Review the risk with the waiver’s owner: fix the findings, or renew the waiver with a new expiry and an updated justification.',
  references: [{ title: 'ISO/IEC 27001:2022, 6.1.3 (risk treatment, acceptance by risk owners)', url: 'https://www.iso.org/standard/27001' }],
  waivable: false,
  check(_artifacts, context) {
    return context.waivers
      .filter((w) => isExpired(w, context.now))
      .map((w) => ({
        resource: `waiver/${w.policy}/${w.resource}`,
        message: `waiver for ${w.policy} on "${w.resource}" (owner: ${w.owner}) expired on ${w.expires}`,
        evidence: { file: w.source.file, pointer: w.source.pointer, value: w.expires },
      }));
  },
};
