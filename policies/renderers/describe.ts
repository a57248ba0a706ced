/** Wording shared by the human-readable renderers (text, Markdown), so both say the same thing. */
import type { Evidence } from '../policy.js';
import type { Report, WaiverUse } from '../report/report.js';

export const OFFLINE_STATEMENT = 'Evaluated offline from the artifacts alone: no cloud credentials, no network access, no telemetry.';

export function evidenceText(evidence: Evidence): string {
  const where = `${evidence.file}${evidence.line !== undefined ? `:${evidence.line}` : ''}${evidence.pointer ? ` ${evidence.pointer}` : ''}`;
  return evidence.value === undefined ? where : `${where} = ${JSON.stringify(evidence.value)}`;
}

export function waiverExpiry(waiver: WaiverUse): string {
  return waiver.expires ?? 'with this socle version';
}

export function verdictLine(report: Report): string {
  const { blocking, findings, waived } = report.summary;
  return report.verdict === 'pass'
    ? `PASS — no unwaived finding at or above ${report.failOn} (${findings} finding${findings === 1 ? '' : 's'}, ${waived} waived)`
    : `FAIL — ${blocking} unwaived finding${blocking === 1 ? '' : 's'} at or above ${report.failOn} (${findings} in all, ${waived} waived)`;
}
