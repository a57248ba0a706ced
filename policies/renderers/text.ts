/** The text report, for a terminal: one line per control, then each finding with its evidence. */
import { table } from '../../scripts/terminal.js';
import type { Report } from '../report/report.js';
import { evidenceText, OFFLINE_STATEMENT, verdictLine, waiverExpiry } from './describe.js';
import { printableReport } from '../report/printable.js';

export interface TextStyle {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const PLAIN: TextStyle = { red: (s) => s, yellow: (s) => s, green: (s) => s, bold: (s) => s, dim: (s) => s };

export function renderText(checked: Report, style: TextStyle = PLAIN): string {
  const report = printableReport(checked);
  const env = report.environment;
  const lines: string[] = [
    style.bold(`socle check — ${env.name} (${env.authority}), ${env.region}, jurisdiction ${env.jurisdiction}, data ${env.dataClassification} — ${report.checkedOn}`),
    style.dim(`socle ${report.tool.version}; fingerprint sha256:${report.fingerprint.sha256}; ${OFFLINE_STATEMENT}`),
    '',
  ];
  const statusColour = { pass: style.green, fail: style.red, waived: style.yellow, 'not-applicable': style.dim } as const;
  lines.push(table(['STATUS', 'SEVERITY', 'POLICY', 'FINDINGS', 'TITLE'], report.controls.map((c) => [c.status, c.severity, c.id, c.findings.length, c.title])).trimEnd());
  for (const control of report.controls.filter((c) => c.findings.length > 0)) {
    lines.push('', statusColour[control.status](style.bold(`${control.id} (${control.severity}) — ${control.title}`)));
    for (const f of control.findings) {
      const waiver = f.waiver !== undefined ? report.waivers[f.waiver]! : undefined;
      const mark = waiver ? style.yellow('waived ') : f.blocking ? style.red('BLOCKS ') : '       ';
      lines.push(`  ${mark}${f.resource}: ${f.message}`, style.dim(`         ${evidenceText(f.evidence)}`));
      if (waiver) lines.push(style.dim(`         waiver: ${waiver.justification} (owner ${waiver.owner}, expires ${waiverExpiry(waiver)})`));
    }
    if (control.status === 'fail') lines.push(style.dim(`  fix: ${control.remediation}`));
  }
  if (report.waivers.length) {
    lines.push('', style.bold('Waivers'));
    for (const w of report.waivers) lines.push(`  [${w.status}] ${w.policy} on ${w.resource} — ${w.owner}, expires ${waiverExpiry(w)}, ${w.matched} finding${w.matched === 1 ? '' : 's'} (${w.source.kind})`);
  }
  if (report.warnings.length) {
    lines.push('', style.bold('Warnings'));
    for (const w of report.warnings) lines.push(style.yellow(`  ${w}`));
  }
  lines.push('', (report.verdict === 'pass' ? style.green : style.red)(style.bold(verdictLine(report))), '');
  return lines.join('\n');
}
