/**
 * The auditor report as one self-contained HTML page: the Markdown report's content, the data
 * map drawn as inline SVG (data-map-svg.ts), CSS inline with print rules. It asks for nothing:
 * no font, script, stylesheet or image, and a Content-Security-Policy that forbids any fetch, so
 * a browser opening it (or printing it to PDF) makes no network request.
 */
import type { Report } from '../report/report.js';
import { dataGraph } from '../report/data-graph.js';
import { dataMapSvg, xml } from './data-map-svg.js';
import type { RenderOptions } from './render-options.js';
import { reportView, shortValue } from './report-parts.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#111;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:24px}h2{font-size:19px;border-bottom:2px solid #000091;padding-bottom:2px;margin-top:28px}h3{font-size:15px;margin:18px 0 4px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #c8c8d8;padding:3px 6px;text-align:left;vertical-align:top}th{background:#eef1fa}
code{font:12px/1.3 ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
.verdict{font-size:17px;font-weight:bold;padding:8px 12px;border-left:6px solid}.verdict.pass{border-color:#18753c;background:#e8f5ec}.verdict.fail{border-color:#c9191e;background:#fde2e1}
.outside td{background:#fde2e1}.unknown td{background:#fff4ce}.offline{color:#444;font-style:italic}
.data-map{border:1px solid #c8c8d8;margin:8px 0}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}h3,tr,.data-map{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;

/** The status marks as text symbols the common fonts have (DejaVu, Liberation), not colour emoji a printer may lack. */
const MARKS: Record<string, string> = { '✅': '✔', '❌': '✘', '⚠️': '⚠', '➖': '–' };
const marks = (text: string) => text.replace(/✅|❌|⚠️|➖/g, (m) => MARKS[m]!);

export function renderHtml(report: Report, options: RenderOptions): string {
  const env = report.environment;
  const view = reportView(report, options);
  const { w } = view;
  const row = (cells: string[], tag = 'td', cls = '') => `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  const code = (text: string) => `<code>${xml(text)}</code>`;
  const out: string[] = [
    '<!doctype html>',
    `<html lang="${options.lang ?? 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may be fetched: styles are inline, the map is inline SVG.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${xml(w.title(env.name))}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${xml(w.title(env.name))}</h1>`,
    '<table>',
    row([xml(w.header.authority), xml(env.authority)]),
    row([xml(w.header.environment), `${code(env.name)} — ${xml(env.region)}`]),
    row([xml(w.header.jurisdiction), xml(env.jurisdiction)]),
    row([xml(w.header.dataClassification), xml(env.dataClassification)]),
    row([xml(w.header.checkedOn), xml(report.checkedOn)]),
    row([xml(w.header.version), xml(report.tool.version)]),
    row([xml(w.header.fingerprint), code(`sha256:${report.fingerprint.sha256}`)]),
    row([xml(w.header.failsOn), xml(w.failsOn(w.severity[report.failOn]))]),
    '</table>',
    `<p class="offline">${xml(w.offline)}</p>`,
    `<h2>${xml(w.verdictHeading)}</h2>`,
    `<p class="verdict ${report.verdict}">${xml(view.verdict)}</p>`,
    `<p>${xml(w.controlsSummary(report.summary.controls))}</p>`,
    ...(options.compact ? [`<p><em>${xml(w.compactNote)}</em></p>`] : []),
    `<h2>${xml(w.dataGoes.heading)}</h2>`,
    `<p>${xml(view.summary)}</p>`,
  ];
  if (view.places.length) {
    const c = w.placeColumns;
    out.push('<table class="places">', row([c.place, c.uses, c.from, c.operator, c.country, c.location, c.verdict].map(xml), 'th'));
    for (const p of view.places) {
      out.push(row([`${code(p.where)} (${xml(w.role[p.role])})`, xml(p.uses.map((u) => w.use[u]).join(', ')), xml(p.from.join(', ')), xml(p.operator || '?'), xml(p.operatorCountry || '—'), xml(p.location ?? '—'), xml(w.placeVerdict(p.verdict, view.jurisdiction))], 'td', p.verdict === 'outside' || p.verdict === 'unknown' ? p.verdict : ''));
    }
    out.push('</table>');
  }
  if (!options.compact) out.push(dataMapSvg(dataGraph(report.dataMap, env.authority, { ...w.graph, uses: (uses) => uses.map((u) => w.use[u]).join(', ') }), w.dataGoes.heading));

  for (const { category, meaning, controls } of view.categories) {
    const cc = w.controlColumns;
    out.push(`<h2>${xml(w.category[category])}</h2>`, `<p>${xml(meaning)}</p>`, '<table>', row([cc.control, cc.severity, cc.status, cc.findings].map(xml), 'th'));
    for (const { control: c, title } of controls) out.push(row([`${code(c.id)} ${xml(title)}`, xml(w.severity[c.severity]), xml(`${w.status[c.status]}${c.notApplicable ? ` (${c.notApplicable})` : ''}`), String(c.findings.length)]));
    out.push('</table>');
    for (const v of controls) {
      const c = v.control;
      out.push(`<h3 id="${xml(c.id)}">${code(c.id)} — ${xml(w.status[c.status])}</h3>`, `<p><strong>${xml(v.title)}</strong></p>`, `<p>${xml(w.checked)}${xml(w.colon)}</p>`, `<ul>${v.checked.map((l) => `<li>${xml(l)}</li>`).join('')}</ul>`);
      if (v.findings.length === 0 && v.designFindings === 0) continue;
      out.push(`<p>${xml(v.rationale)}</p>`, `<p><strong>${xml(w.remediation)}${xml(w.colon)}</strong> ${xml(v.remediation)}</p>`);
      if (v.findings.length) {
        const fc = w.findingColumns;
        out.push('<table>', row([fc.mark, fc.resource, fc.finding, fc.where, fc.value].map(xml), 'th'));
        for (const f of v.findings) {
          const mark = f.waiver !== undefined ? w.mark.waived(f.waiver + 1) : f.blocking ? w.mark.blocking.replace(/\*/g, '') : w.mark.open;
          const at = options.locate(f.evidence);
          out.push(row([xml(mark), code(f.resource), xml(f.message), `${code(`${at.uri}:${at.line}`)} ${code(f.evidence.pointer)}`, f.evidence.value === undefined ? '' : code(shortValue(f.evidence.value))], 'td', f.blocking ? 'outside' : ''));
        }
        out.push('</table>');
      }
      if (v.designFindings) out.push(`<p>${xml(w.designHidden(v.designFindings))}</p>`);
      out.push(`<p>${xml(w.references)}${xml(w.colon)} ${c.references.map((r) => (r.url ? `<a href="${xml(r.url)}">${xml(r.title)}</a>` : xml(r.title))).join('; ')}</p>`);
    }
  }
  if (view.design.length) {
    const dc = w.design.columns;
    out.push(`<h2>${xml(w.design.heading)}</h2>`, `<p>${xml(w.design.intro)}</p>`, '<table>', row([dc.rule, dc.resources, dc.findings, dc.justification].map(xml), 'th'));
    for (const g of view.design) out.push(row([code(g.rule), String(g.resources), String(g.findings), xml(g.justification)]));
    out.push('</table>');
  }
  const wc = w.waivers.columns;
  out.push(`<h2>${xml(w.waivers.heading)}</h2>`);
  if (view.waivers.length === 0) out.push(`<p>${xml(w.waivers.none)}</p>`);
  else {
    out.push('<table>', row([wc.n, wc.policy, wc.resource, wc.owner, wc.expires, wc.status, wc.findings, wc.source, wc.justification].map(xml), 'th'));
    for (const { n, waiver: x } of view.waivers) out.push(row([String(n), code(x.policy), code(x.resource), xml(x.owner), xml(x.expires ?? w.neverExpires), xml(w.waiverStatus[x.status]), String(x.matched), `${xml(x.source.kind)}: ${code(`${x.source.file}${x.source.pointer}`)}`, xml(x.justification)]));
    out.push('</table>');
  }
  if (report.warnings.length) out.push(`<h2>${xml(w.warnings)}</h2>`, `<ul>${report.warnings.map((x) => `<li>${xml(x)}</li>`).join('')}</ul>`);
  if (!options.compact) out.push(`<h2>${xml(w.artifacts.heading)}</h2>`, '<table>', row([xml(w.artifacts.file), 'sha256'], 'th'), ...report.fingerprint.files.map((f) => row([code(f.path), code(f.sha256)])), '</table>');
  out.push('</body>', '</html>', '');
  return marks(out.join('\n'));
}
