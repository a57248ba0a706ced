/**
 * SARIF 2.1.0, for GitHub/GitLab code scanning: one rule per policy (stable ids), one result per
 * finding, waived findings as accepted external suppressions (reported, not hidden).
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../policy.js';
import type { Report } from '../report/report.js';
import { OFFLINE_STATEMENT, waiverExpiry } from './describe.js';
import { escapedJson } from '../report/printable.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
// GitHub maps security-severity to its own levels: > 9 critical, ≥ 7 high, ≥ 4 medium, else low.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

const BASE = 'ARTIFACTS';

export function renderSarif(report: Report): string {
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
      const isArtifact = report.fingerprint.files.some((file) => file.path === f.evidence.file);
      return {
        ruleId: c.id,
        ruleIndex,
        level: LEVEL[f.severity],
        message: { text: `${f.resource}: ${f.message}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: isArtifact ? { uri: f.evidence.file, uriBaseId: BASE } : { uri: f.evidence.file.split('\\').join('/') },
              ...(f.evidence.line !== undefined ? { region: { startLine: f.evidence.line } } : {}),
            },
            logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
          },
        ],
        partialFingerprints: { 'socleFinding/v1': createHash('sha256').update(`${f.policy}\n${f.resource}\n${f.message}`).digest('hex') },
        properties: { pointer: f.evidence.pointer, ...(f.evidence.value !== undefined ? { value: f.evidence.value } : {}), blocking: f.blocking },
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
        originalUriBaseIds: { [BASE]: { uri: `out/${report.environment.name}/`, description: { text: 'the environment’s artifacts folder' } } },
        invocations: [{ executionSuccessful: true, properties: { checkedOn: report.checkedOn, failOn: report.failOn, verdict: report.verdict, offline: OFFLINE_STATEMENT } }],
        properties: { fingerprint: report.fingerprint.sha256 },
        results,
      },
    ],
  };
  return `${escapedJson(JSON.stringify(log, null, 2))}\n`;
}
