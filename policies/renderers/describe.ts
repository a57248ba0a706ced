/** Wording shared by the machine-readable renderers (SARIF, JUnit), in English. */
import type { Evidence } from '../policy.js';
import type { WaiverUse } from '../report/report.js';
import { REPORT_WORDS } from './report-words.js';

export const OFFLINE_STATEMENT = REPORT_WORDS.en.offline;

export function evidenceText(evidence: Evidence): string {
  const where = `${evidence.file}${evidence.line !== undefined ? `:${evidence.line}` : ''}${evidence.pointer ? ` ${evidence.pointer}` : ''}`;
  return evidence.value === undefined ? where : `${where} = ${JSON.stringify(evidence.value)}`;
}

export function waiverExpiry(waiver: WaiverUse): string {
  return waiver.expires ?? REPORT_WORDS.en.neverExpires;
}
