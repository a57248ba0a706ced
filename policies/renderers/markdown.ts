/**
 * The auditor report (Markdown): verdict, every control with status and evidence, waivers with
 * owner and expiry, and the fingerprint of what was checked. The date is in the header only.
 */
import { CATEGORIES, type Category } from '../policy.js';
import type { ControlStatus, Report } from '../report/report.js';
import { OFFLINE_STATEMENT, verdictLine, waiverExpiry } from './describe.js';
import { printableReport } from '../report/printable.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => (text === '' ? '' : `\`${text.replace(/`/g, 'ʼ')}\``);

const STATUS: Record<ControlStatus, string> = { pass: '✅ pass', fail: '❌ fail', waived: '⚠️ waived', 'not-applicable': '➖ not applicable' };

export const CATEGORY_MEANING: Record<Category, string> = {
  residency: 'Where data is stored and processed, and every third party it flows to, against the environment’s jurisdiction.',
  'sensitive-data': 'Sensitive data requires a qualified (SecNumCloud-class) hosting offer.',
  security: 'Exposure, encryption in transit, secrets, workload isolation and supply chain.',
  availability: 'Redundancy, disruption budgets, zone spread, database quorum and off-site backups.',
  licences: 'The chosen editions against the planned load and their published limits.',
  governance: 'The waivers themselves: owned, justified and within their review date.',
};

export function renderMarkdown(checked: Report): string {
  const report = printableReport(checked);
  const env = report.environment;
  const out: string[] = [
    `# socle audit report — ${env.name}`,
    '',
    '| | |',
    '|---|---|',
    `| Authority | ${cell(env.authority)} |`,
    `| Environment | ${code(env.name)} — ${cell(env.region)} |`,
    `| Jurisdiction | ${env.jurisdiction} |`,
    `| Data classification | ${env.dataClassification} |`,
    `| Checked on | ${report.checkedOn} |`,
    `| socle version | ${report.tool.version} |`,
    `| Fingerprint | ${code(`sha256:${report.fingerprint.sha256}`)} |`,
    `| Fails on | ${report.failOn} and above, unwaived |`,
    '',
    `> ${OFFLINE_STATEMENT}`,
    '',
    `## Verdict: ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}`,
    '',
    verdictLine(report),
    '',
    `Controls: ${report.summary.controls.pass} pass, ${report.summary.controls.fail} fail, ${report.summary.controls.waived} waived, ${report.summary.controls['not-applicable']} not applicable.`,
    '',
  ];
  for (const category of CATEGORIES) {
    const controls = report.controls.filter((c) => c.category === category);
    if (controls.length === 0) continue;
    out.push(`## ${category[0]!.toUpperCase()}${category.slice(1)}`, '', CATEGORY_MEANING[category], '', '| Control | Severity | Status | Findings |', '|---|---|---|---|');
    for (const c of controls) out.push(`| ${code(c.id)} ${cell(c.title)} | ${c.severity} | ${STATUS[c.status]}${c.notApplicable ? ` (${cell(c.notApplicable)})` : ''} | ${c.findings.length} |`);
    out.push('');
    for (const c of controls.filter((c) => c.findings.length > 0)) {
      out.push(`### ${code(c.id)} — ${STATUS[c.status]}`, '', `${c.rationale}`, '', `**Remediation:** ${c.remediation}`, '', '| | Resource | Finding | File | Pointer | Value |', '|---|---|---|---|---|---|');
      for (const f of c.findings) {
        const mark = f.waiver !== undefined ? `waived (#${f.waiver + 1})` : f.blocking ? '**blocking**' : 'open';
        out.push(`| ${mark} | ${code(f.resource)} | ${cell(f.message)} | ${code(f.evidence.file)}${f.evidence.line !== undefined ? `:${f.evidence.line}` : ''} | ${code(f.evidence.pointer)} | ${f.evidence.value === undefined ? '' : code(JSON.stringify(f.evidence.value))} |`);
      }
      out.push('', `References: ${c.references.map((r) => (r.url ? `[${r.title}](${r.url})` : r.title)).join('; ')}`, '');
    }
  }
  out.push('## Waivers', '');
  if (report.waivers.length === 0) out.push('None.', '');
  else {
    out.push('| # | Policy | Resource | Owner | Expires | Status | Findings | Source | Justification |', '|---|---|---|---|---|---|---|---|---|');
    report.waivers.forEach((w, i) => out.push(`| ${i + 1} | ${code(w.policy)} | ${code(w.resource)} | ${cell(w.owner)} | ${waiverExpiry(w)} | ${w.status} | ${w.matched} | ${w.source.kind}: ${code(`${w.source.file}${w.source.pointer}`)} | ${cell(w.justification)} |`));
    out.push('');
  }
  if (report.warnings.length) out.push('## Warnings', '', ...report.warnings.map((w) => `- ${w}`), '');
  out.push('## Artifacts checked', '', '| File | sha256 |', '|---|---|', ...report.fingerprint.files.map((f) => `| ${code(f.path)} | ${code(f.sha256)} |`), '');
  return out.join('\n');
}
