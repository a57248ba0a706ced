/**
 * The auditor report (Markdown): verdict, where the data goes (table and Mermaid map), every
 * control with what it checked and what it found, socle's design exceptions grouped, waivers with
 * owner and expiry, and the fingerprint of what was checked. The date is in the header only.
 */
import type { Report } from '../report/report.js';
import { dataGraph } from '../report/data-graph.js';
import { mermaidFlowchart } from './mermaid.js';
import { printableReport } from '../report/printable.js';
import type { RenderOptions } from './render-options.js';
import { reportView, shortValue } from './report-parts.js';
import { REPORT_WORDS } from './report-words.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => (text === '' ? '' : `\`${text.replace(/`/g, 'ʼ')}\``);

/** The category meanings of the policy index (policies/README.md), in English. */
export const CATEGORY_MEANING = REPORT_WORDS.en.categoryMeaning;

export function renderMarkdown(checked: Report, options: RenderOptions): string {
  // Strings from the checked folder: control characters escaped (review D4).
  const report = printableReport(checked);
  const env = report.environment;
  const view = reportView(report, options);
  const { w } = view;
  const out: string[] = [
    `# ${cell(w.title(env.name))}`,
    '',
    '| | |',
    '|---|---|',
    `| ${w.header.authority} | ${cell(env.authority)} |`,
    `| ${w.header.environment} | ${code(env.name)} — ${cell(env.region)} |`,
    `| ${w.header.jurisdiction} | ${env.jurisdiction} |`,
    `| ${w.header.dataClassification} | ${env.dataClassification} |`,
    `| ${w.header.checkedOn} | ${report.checkedOn} |`,
    `| ${w.header.version} | ${report.tool.version} |`,
    `| ${w.header.fingerprint} | ${code(`sha256:${report.fingerprint.sha256}`)} |`,
    `| ${w.header.failsOn} | ${w.failsOn(w.severity[report.failOn])} |`,
    '',
    `> ${w.offline}`,
    '',
    `## ${w.verdictHeading}${w.colon} ${report.verdict === 'pass' ? w.verdict.pass : w.verdict.fail}`,
    '',
    view.verdict,
    '',
    w.controlsSummary(report.summary.controls),
    '',
    ...(options.compact ? [`_${w.compactNote}_`, ''] : []),
    `## ${w.dataGoes.heading}`,
    '',
    cell(view.summary),
    '',
  ];
  if (view.places.length) {
    const c = w.placeColumns;
    out.push(`| ${c.place} | ${c.uses} | ${c.from} | ${c.operator} | ${c.country} | ${c.location} | ${c.verdict} |`, '|---|---|---|---|---|---|---|');
    for (const p of view.places) {
      out.push(`| ${code(p.where)} (${w.role[p.role]}) | ${p.uses.map((u) => w.use[u]).join(', ')} | ${cell(p.from.join(', '))} | ${cell(p.operator || '?')} | ${p.operatorCountry || '—'} | ${cell(p.location ?? '—')} | ${w.placeVerdict(p.verdict, view.jurisdiction)} |`);
    }
    out.push('');
  }
  if (!options.compact) {
    const graph = dataGraph(report.dataMap, env.authority, { ...w.graph, uses: (uses) => uses.map((u) => w.use[u]).join(', ') });
    out.push('```mermaid', mermaidFlowchart(graph), '```', '');
  }

  for (const { category, meaning, controls } of view.categories) {
    const cc = w.controlColumns;
    out.push(`## ${w.category[category]}`, '', meaning, '', `| ${cc.control} | ${cc.severity} | ${cc.status} | ${cc.findings} |`, '|---|---|---|---|');
    for (const { control: c, title } of controls) out.push(`| ${code(c.id)} ${cell(title)} | ${w.severity[c.severity]} | ${w.status[c.status]}${c.notApplicable ? ` (${cell(c.notApplicable)})` : ''} | ${c.findings.length} |`);
    out.push('');
    for (const v of controls) {
      const c = v.control;
      out.push(`### ${code(c.id)} — ${w.status[c.status]}`, '', `**${cell(v.title)}**`, '', `${w.checked}${w.colon}`, '', ...v.checked.map((line) => `- ${cell(line)}`), '');
      if (v.findings.length === 0 && v.designFindings === 0) continue;
      out.push(v.rationale, '', `**${w.remediation}${w.colon}** ${v.remediation}`, '');
      if (v.findings.length) {
        const fc = w.findingColumns;
        out.push(`| ${fc.mark} | ${fc.resource} | ${fc.finding} | ${fc.where} | ${fc.value} |`, '|---|---|---|---|---|');
        for (const f of v.findings) {
          const mark = f.waiver !== undefined ? w.mark.waived(f.waiver + 1) : f.blocking ? w.mark.blocking : w.mark.open;
          const at = options.locate(f.evidence);
          out.push(`| ${mark} | ${code(f.resource)} | ${cell(f.message)} | ${code(`${at.uri}:${at.line}`)} ${code(f.evidence.pointer)} | ${f.evidence.value === undefined ? '' : code(cell(shortValue(f.evidence.value)))} |`);
        }
        out.push('');
      }
      if (v.designFindings) out.push(w.designHidden(v.designFindings), '');
      out.push(`${w.references}${w.colon} ${c.references.map((r) => (r.url ? `[${r.title}](${r.url})` : r.title)).join('; ')}`, '');
    }
  }

  if (view.design.length) {
    const dc = w.design.columns;
    out.push(`## ${w.design.heading}`, '', w.design.intro, '', `| ${dc.rule} | ${dc.resources} | ${dc.findings} | ${dc.justification} |`, '|---|---|---|---|');
    for (const g of view.design) out.push(`| ${code(g.rule)} | ${g.resources} | ${g.findings} | ${cell(g.justification)} |`);
    out.push('');
  }
  const wc = w.waivers.columns;
  out.push(`## ${w.waivers.heading}`, '');
  if (view.waivers.length === 0) out.push(w.waivers.none, '');
  else {
    out.push(`| ${wc.n} | ${wc.policy} | ${wc.resource} | ${wc.owner} | ${wc.expires} | ${wc.status} | ${wc.findings} | ${wc.source} | ${wc.justification} |`, '|---|---|---|---|---|---|---|---|---|');
    for (const { n, waiver: x } of view.waivers) out.push(`| ${n} | ${code(x.policy)} | ${code(x.resource)} | ${cell(x.owner)} | ${x.expires ?? w.neverExpires} | ${w.waiverStatus[x.status]} | ${x.matched} | ${x.source.kind}: ${code(`${x.source.file}${x.source.pointer}`)} | ${cell(x.justification)} |`);
    out.push('');
  }
  if (report.warnings.length) out.push(`## ${w.warnings}`, '', ...report.warnings.map((x) => `- ${cell(x)}`), '');
  if (!options.compact) out.push(`## ${w.artifacts.heading}`, '', `| ${w.artifacts.file} | sha256 |`, '|---|---|', ...report.fingerprint.files.map((f) => `| ${code(f.path)} | ${code(f.sha256)} |`), '');
  return out.join('\n');
}
