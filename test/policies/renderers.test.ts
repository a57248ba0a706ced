/** One result model, one renderer per format: each carries the same findings, waivers and header. */
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../policies/renderers/json.js';
import { renderJunit } from '../../policies/renderers/junit.js';
import { renderMarkdown } from '../../policies/renderers/markdown.js';
import { renderSarif } from '../../policies/renderers/sarif.js';
import { renderText } from '../../policies/renderers/text.js';
import { sarifValidator } from './sarif-schema.js';
import { codeScanningProblems } from './github-code-scanning.js';
import { renderOptions, report } from './waiver-scenario.js';

const r = report();
const options = renderOptions();
const findings = r.controls.flatMap((c) => c.findings);

describe('renderers', () => {
  it('SARIF is valid against the SARIF 2.1.0 schema, and has what GitHub code scanning requires', () => {
    const validate = sarifValidator();
    const log = JSON.parse(renderSarif(r, options));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(codeScanningProblems(log)).toEqual([]);
  });

  it('SARIF has one rule per policy and one result per finding, waived ones as accepted suppressions', () => {
    const run = JSON.parse(renderSarif(r, options)).runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(r.controls.map((c) => c.id));
    expect(run.results).toHaveLength(findings.length);
    const suppressed = run.results.filter((res: { suppressions?: unknown[] }) => res.suppressions);
    expect(suppressed).toHaveLength(findings.filter((f) => f.waiver !== undefined).length);
    const design = suppressed.find((res: { ruleId: string }) => res.ruleId === 'security-pod-hardening');
    expect(design.suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted', properties: { owner: 'socle (built-in design exception)', source: 'design' } });
    const state = run.results.find((res: { ruleId: string }) => res.ruleId === 'residency-state-backend');
    expect(state).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'out/pilot/environment.json' }, region: { startLine: expect.any(Number), startColumn: expect.any(Number) } }, logicalLocations: [{ fullyQualifiedName: 'environment/state.pulumi.backend' }] }] });
  });

  it('JUnit: a test case per policy, failures for blocking findings only, skipped when not applicable', () => {
    const xml = renderJunit(r);
    expect(xml.match(/<testcase /g)).toHaveLength(r.controls.length);
    expect(xml.match(/<failure /g)).toHaveLength(r.controls.filter((c) => c.findings.some((f) => f.blocking)).length);
    expect(xml.match(/<skipped /g)).toHaveLength(r.controls.filter((c) => c.status === 'not-applicable').length);
    expect(xml.match(/<testsuite /g)!.length).toBe(xml.match(/<\/testsuite>/g)!.length);
    expect(xml).toContain('<testcase classname="socle.residency" name="residency-state-backend">');
    expect(xml).toMatch(/waived \(DSI\): environment\/tls.acmeServer/);
    // Text is escaped: no stray markup from messages (quotes, ampersands, angle brackets).
    expect(xml.replace(/^<\?xml[^>]*\?>/, '').replace(/<\/?[a-z-]+[^<>]*>/g, '')).not.toMatch(/[<>]/);
  });

  it('Markdown: verdict, header with date once, evidence, waivers with owner and expiry, fingerprint', () => {
    const md = renderMarkdown(r, options);
    expect(md.split('\n')[0]).toBe('# socle audit report — pilot');
    expect(md.match(/2026-11-23/g)).toHaveLength(1);
    expect(md).toContain('## Verdict: FAIL');
    expect(md).toContain(`| Fingerprint | \`sha256:${r.fingerprint.sha256}\` |`);
    expect(md).toContain('no cloud credentials, no network access, no telemetry');
    expect(md).toMatch(/\| \*\*blocking\*\* \| `environment\/state.pulumi.backend` \| Pulumi backend: api.pulumi.com is run by Pulumi Corp. \(US\), outside France \| `out\/pilot\/environment.json:\d+` `\/state\/pulumi\/backend` \| `https:\/\/api.pulumi.com` \|/);
    expect(md).toContain('| 2 | `residency-state-backend` | `environment/*` | DSI | 2026-10-31 | expired | 0 |');
    // socle's own design exceptions: one grouped section with counts, not a row per waiver or finding.
    expect(md).toContain('## Built-in design exceptions');
    expect(md).toMatch(/\| `k8s-host-network` \| 1 \| 1 \| .+ \|/);
    expect(md).not.toContain('socle (built-in design exception) |');
    expect(md).toContain('1 finding accepted by socle’s built-in design exceptions');
    for (const f of r.fingerprint.files) expect(md).toContain(`| \`${f.path}\` | \`${f.sha256}\` |`);
  });

  it('text: a line per control, each finding with its evidence, the verdict last', () => {
    const text = renderText(r);
    expect(text).toContain('BLOCKS environment/state.pulumi.backend: Pulumi backend: api.pulumi.com is run by Pulumi Corp. (US), outside France');
    expect(text).toContain('environment.json /state/pulumi/backend = https://api.pulumi.com');
    expect(text).toContain('1 finding accepted by socle’s built-in design exceptions');
    expect(text.trimEnd().split('\n').pop()).toBe('FAIL — 2 unwaived findings at or above high (8 in all, 3 waived)');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('JSON is the result model itself', () => {
    expect(JSON.parse(renderJson(r))).toEqual(JSON.parse(JSON.stringify(r)));
  });
});
