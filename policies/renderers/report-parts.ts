/**
 * What the human reports (text, Markdown, HTML) show, computed once from the result model: the
 * verdict line, the controls in view, each control's evidence, findings with socle's own design
 * exceptions set apart and grouped, values shortened, policy texts in the report's language.
 */
import type { Jurisdiction } from '../../environments/environment.js';
import { CATEGORIES, type Category } from '../policy.js';
import { policyTexts } from '../policy-texts.js';
import type { DataPlace } from '../report/data-map.js';
import type { Control, Finding, Report, WaiverUse } from '../report/report.js';
import type { RenderOptions } from './render-options.js';
import { REPORT_WORDS, type ReportWords } from './report-words.js';

/** Values longer than this are cut: the pointer names the field, the file holds the rest. */
const VALUE_CHARS = 80;

export function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
}

export function wordsFor(options: Pick<RenderOptions, 'lang'>): ReportWords {
  return REPORT_WORDS[options.lang ?? 'en'];
}

export function verdictLine(report: Report, w: ReportWords): string {
  const { blocking, findings, waived } = report.summary;
  const failOn = w.severity[report.failOn];
  return report.verdict === 'pass' ? w.verdictPass(failOn, findings - waived, findings, waived) : w.verdictFail(failOn, blocking, findings, waived);
}

export interface DesignGroup {
  rule: string;
  justification: string;
  resources: number;
  findings: number;
}

export interface ControlView {
  control: Control;
  title: string;
  rationale: string;
  remediation: string;
  /** Findings shown one by one: unwaived ones, and those waived by the authority (not by socle's design exceptions); compact: unwaived only. */
  findings: Finding[];
  /** Findings accepted by socle's design exceptions, counted, not listed. */
  designFindings: number;
  /** What was checked, one line each. */
  checked: string[];
}

export interface ReportView {
  w: ReportWords;
  verdict: string;
  jurisdiction: Jurisdiction;
  categories: { category: Category; meaning: string; controls: ControlView[] }[];
  design: DesignGroup[];
  /** Waivers other than socle's design exceptions, with their 1-based number in the report. */
  waivers: { n: number; waiver: WaiverUse }[];
  places: DataPlace[];
  summary: string;
}

const isDesign = (report: Report, f: Finding) => f.waiver !== undefined && report.waivers[f.waiver]!.source.kind === 'design';

export function placeLine(p: DataPlace, w: ReportWords, jurisdiction: Jurisdiction): string {
  const operator = p.operator ? `${p.operator}${p.operatorCountry ? `, ${p.operatorCountry}` : ''}` : '?';
  return `${p.where} — ${p.uses.map((u) => w.use[u]).join(', ')} — ${operator}${p.location ? ` — ${p.location}` : ''} — ${w.placeVerdict(p.verdict, jurisdiction)}`;
}

function checkedLines(report: Report, control: Control, w: ReportWords, jurisdiction: Jurisdiction): string[] {
  switch (control.category) {
    case 'residency': {
      const places = report.dataMap.places.filter((p) => p.policies.includes(control.id));
      return places.length ? places.map((p) => placeLine(p, w, jurisdiction)) : [w.nothingChecked];
    }
    case 'sensitive-data':
      return [w.scopeSensitive(report.environment.dataClassification, report.environment.region)];
    case 'licences':
      return [w.scopeLicences(report.fingerprint.files.some((f) => f.path === 'sizing.json'))];
    case 'governance':
      return [w.scopeGovernance(report.waivers.length)];
    default:
      return [w.scope(report.scope)];
  }
}

export function reportView(report: Report, options: Pick<RenderOptions, 'lang' | 'compact'>): ReportView {
  const w = wordsFor(options);
  const lang = options.lang ?? 'en';
  const jurisdiction = report.environment.jurisdiction as Jurisdiction;
  const open = (f: Finding) => f.waiver === undefined;
  const categories = CATEGORIES.map((category) => {
    const controls = report.controls
      .filter((c) => c.category === category)
      .filter((c) => !options.compact || c.status === 'fail' || c.findings.some(open))
      .map((control): ControlView => {
        const texts = policyTexts(control, lang);
        return {
          control,
          ...texts,
          findings: control.findings.filter((f) => (options.compact ? open(f) : !isDesign(report, f))),
          designFindings: options.compact ? 0 : control.findings.filter((f) => isDesign(report, f)).length,
          checked: checkedLines(report, control, w, jurisdiction),
        };
      });
    return { category, meaning: w.categoryMeaning[category], controls };
  }).filter((c) => c.controls.length > 0);

  const groups = new Map<string, DesignGroup & { names: Set<string> }>();
  for (const f of report.controls.flatMap((c) => c.findings).filter((f) => isDesign(report, f))) {
    const waiver = report.waivers[f.waiver!]!;
    const key = `${waiver.policy}\n${waiver.justification}`;
    const group = groups.get(key) ?? { rule: waiver.policy, justification: waiver.justification, resources: 0, findings: 0, names: new Set<string>() };
    group.findings += 1;
    group.names.add(f.resource);
    group.resources = group.names.size;
    groups.set(key, group);
  }
  const design = [...groups.values()].map(({ names: _names, ...g }) => g).sort((a, b) => b.findings - a.findings || a.rule.localeCompare(b.rule));

  const places = report.dataMap.places;
  const named = (roles: DataPlace['role'][]) => {
    // Backup buckets made in the object store's region are not where the backups are said to go.
    const found = places.filter((p) => roles.includes(p.role) && !(p.uses.length === 1 && p.uses[0] === 'backup-resources'));
    return found.length ? [...new Set(found.map((p) => p.where))].join(', ') : w.dataGoes.none;
  };
  const primary = places.find((p) => p.role === 'region');
  const externals = places.filter((p) => p.role === 'external');
  const summary = w.dataGoes.summary({
    primary: primary ? `${primary.where} (${primary.operator}, ${primary.location ?? '?'})` : w.dataGoes.none,
    backup: named(['backup']),
    state: named(['state']),
    external: externals.length,
    outside: externals.filter((p) => p.verdict === 'outside' || p.verdict === 'unknown').length,
    jurisdiction,
  });
  return {
    w,
    verdict: verdictLine(report, w),
    jurisdiction,
    categories,
    design: options.compact ? [] : design,
    waivers: report.waivers.map((waiver, i) => ({ n: i + 1, waiver })).filter(({ waiver }) => waiver.source.kind !== 'design' && (!options.compact || waiver.status !== 'active')),
    places: options.compact ? places.filter((p) => p.verdict === 'outside' || p.verdict === 'unknown') : places,
    summary,
  };
}
