/** The text report, for a terminal: one line per control, then each finding with its evidence, the verdict last. */
import { table } from '../../scripts/terminal.js';
import type { Report } from '../report/report.js';
import { printableReport } from '../report/printable.js';
import type { RenderOptions } from './render-options.js';
import { placeLine, reportView, shortValue } from './report-parts.js';

export interface TextStyle {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const PLAIN: TextStyle = { red: (s) => s, yellow: (s) => s, green: (s) => s, bold: (s) => s, dim: (s) => s };

export function renderText(checked: Report, style: TextStyle = PLAIN, options: Omit<RenderOptions, 'locate'> & Partial<Pick<RenderOptions, 'locate'>> = {}): string {
  // Strings from the checked folder reach a terminal: control characters escaped (review D4).
  const report = printableReport(checked);
  const env = report.environment;
  const view = reportView(report, options);
  const { w } = view;
  const lines: string[] = [
    style.bold(`socle check — ${env.name} (${env.authority}), ${env.region}, ${w.header.jurisdiction.toLowerCase()} ${env.jurisdiction}, ${w.header.dataClassification.toLowerCase()} ${env.dataClassification} — ${report.checkedOn}`),
    style.dim(`socle ${report.tool.version}; fingerprint sha256:${report.fingerprint.sha256}; ${w.offline}`),
    '',
  ];
  const statusColour = { pass: style.green, fail: style.red, waived: style.yellow, 'not-applicable': style.dim } as const;
  const controls = view.categories.flatMap((c) => c.controls);
  lines.push(table(['STATUS', 'SEVERITY', 'POLICY', 'FINDINGS', 'TITLE'], controls.map((v) => [v.control.status, v.control.severity, v.control.id, v.control.findings.length, v.title])).trimEnd());
  lines.push('', style.bold(w.dataGoes.heading), `  ${view.summary}`, ...view.places.map((p) => (p.verdict === 'outside' || p.verdict === 'unknown' ? style.red : style.dim)(`  ${placeLine(p, w, view.jurisdiction)}`)));
  for (const v of controls.filter((c) => c.findings.length > 0 || c.designFindings > 0)) {
    const control = v.control;
    lines.push('', statusColour[control.status](style.bold(`${control.id} (${control.severity}) — ${v.title}`)));
    for (const f of v.findings) {
      const waiver = f.waiver !== undefined ? report.waivers[f.waiver]! : undefined;
      const mark = waiver ? style.yellow(w.text.waived) : f.blocking ? style.red(w.text.blocks) : ' '.repeat(w.text.blocks.length);
      const at = options.locate ? options.locate(f.evidence) : undefined;
      const where = at ? `${at.uri}:${at.line}` : f.evidence.file;
      lines.push(`  ${mark}${f.resource}: ${f.message}`, style.dim(`         ${where} ${f.evidence.pointer}${f.evidence.value === undefined ? '' : ` = ${shortValue(f.evidence.value)}`}`));
      if (waiver) lines.push(style.dim(`         ${w.text.waiver(waiver.justification, waiver.owner, waiver.expires ?? w.neverExpires)}`));
    }
    if (v.designFindings) lines.push(style.dim(`  ${w.designHidden(v.designFindings)}`));
    if (control.status === 'fail') lines.push(style.dim(`  ${w.text.fix}${w.colon} ${v.remediation}`));
  }
  if (view.design.length) {
    lines.push('', style.bold(w.design.heading));
    for (const g of view.design) lines.push(`  ${g.rule}: ${g.findings} (${g.resources}) — ${g.justification}`);
  }
  if (view.waivers.length) {
    lines.push('', style.bold(w.waivers.heading));
    for (const { waiver: x } of view.waivers) lines.push(`  [${w.waiverStatus[x.status]}] ${x.policy} ${w.text.on} ${x.resource} — ${x.owner}, ${x.expires ?? w.neverExpires}, ${x.matched} (${x.source.kind})`);
  }
  if (report.warnings.length) {
    lines.push('', style.bold(w.warnings));
    for (const x of report.warnings) lines.push(style.yellow(`  ${x}`));
  }
  lines.push('', (report.verdict === 'pass' ? style.green : style.red)(style.bold(view.verdict)), '');
  return lines.join('\n');
}
