/**
 * SARIF 2.1.0, for GitHub/GitLab code scanning: one rule per policy (stable ids), one result per
 * finding, waived findings as accepted external suppressions (reported, not hidden). Each result
 * names a file relative to the SARIF root (the repository) and the line and column of the
 * offending field: GitHub places a result only by `artifactLocation.uri` relative to the
 * repository root and `region.startLine` (docs.github.com, code-security/reference/code-scanning/
 * sarif-files/sarif-support-for-code-scanning, "physicalLocation" and "region" objects); it
 * ignores `originalUriBaseIds`.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../policy.js';
import type { Report } from '../report/report.js';
import { OFFLINE_STATEMENT, waiverExpiry } from './describe.js';
import { escapedJson } from '../report/printable.js';
import type { RenderOptions } from './render-options.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
// GitHub maps security-severity to its own levels: > 9 critical, ≥ 7 high, ≥ 4 medium, else low.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export function renderSarif(report: Report, options: RenderOptions): string {
  const rules = report.controls.map((c) => ({
    id: c.id,
    name: c.id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    fullDescription: { text: c.rationale },
    help: { text: c.remediation, markdown: `${c.remediation}\n\n${c.references.map((r) => (r.url ? `- [${r.title}](${r.url})` : `- ${r.title}`)).join('\n')}` },
    ...(c.references[0]?.url ? { helpUri: c.references[0].url } : {}),
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: { tags: ['socle', c.category], 'security-severity': SECURITY_SEVERITY[c.severity], precision: 'high' },
  }));
  const results = report.controls.flatMap((c, ruleIndex) =>
    c.findings.map((f) => {
      const waiver = f.waiver !== undefined ? report.waivers[f.waiver]! : undefined;
      const at = options.locate(f.evidence);
      return {
        ruleId: c.id,
        ruleIndex,
        level: LEVEL[f.severity],
        message: { text: `${f.resource}: ${f.message}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: at.uri },
              region: { startLine: at.line, startColumn: at.column },
            },
            logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
          },
        ],
        partialFingerprints: { 'socleFinding/v1': createHash('sha256').update(`${f.policy}\n${f.resource}\n${f.message}`).digest('hex') },
        properties: { file: f.evidence.file, pointer: f.evidence.pointer, ...(f.evidence.value !== undefined ? { value: f.evidence.value } : {}), blocking: f.blocking },
        ...(waiver ? { suppressions: [{ kind: 'external', status: 'accepted', justification: waiver.justification, properties: { owner: waiver.owner, expires: waiverExpiry(waiver), source: waiver.source.kind } }] } : {}),
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'socle', version: report.tool.version, rules } },
        automationDetails: { id: `socle/${report.environment.name}/` },
        invocations: [{ executionSuccessful: true, properties: { checkedOn: report.checkedOn, failOn: report.failOn, verdict: report.verdict, offline: OFFLINE_STATEMENT } }],
        properties: { fingerprint: report.fingerprint.sha256 },
        results,
      },
    ],
  };
  return `${escapedJson(JSON.stringify(log, null, 2))}\n`;
}
