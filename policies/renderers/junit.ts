/**
 * JUnit XML for any CI: one test suite per category, one test case per policy. A policy with
 * blocking findings fails; waived and non-blocking findings are listed in its output; a policy
 * that doesn't apply is skipped.
 */
import { CATEGORIES } from '../policy.js';
import type { Report } from '../report/report.js';
import { evidenceText } from './describe.js';
import { printableReport } from '../report/printable.js';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderJunit(checked: Report): string {
  const report = printableReport(checked);
  const suites = CATEGORIES.map((category) => report.controls.filter((c) => c.category === category)).filter((controls) => controls.length > 0);
  const failing = (c: Report['controls'][number]) => c.findings.some((f) => f.blocking);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="socle check ${xml(report.environment.name)}" tests="${report.controls.length}" failures="${report.controls.filter(failing).length}">`];
  for (const controls of suites) {
    const category = controls[0]!.category;
    const skipped = controls.filter((c) => c.status === 'not-applicable').length;
    lines.push(`  <testsuite name="${category}" tests="${controls.length}" failures="${controls.filter(failing).length}" skipped="${skipped}" errors="0">`);
    for (const c of controls) {
      lines.push(`    <testcase classname="socle.${category}" name="${xml(c.id)}">`);
      if (c.status === 'not-applicable') lines.push(`      <skipped message="${xml(c.notApplicable ?? 'not applicable')}"/>`);
      const blocking = c.findings.filter((f) => f.blocking);
      if (blocking.length) {
        lines.push(`      <failure message="${xml(`${blocking.length} ${c.severity} finding${blocking.length === 1 ? '' : 's'}: ${c.title}`)}" type="${c.severity}">${xml(blocking.map((f) => `${f.resource}: ${f.message}\n  ${evidenceText(f.evidence)}`).join('\n'))}\n${xml(`fix: ${c.remediation}`)}</failure>`);
      }
      const others = c.findings.filter((f) => !f.blocking);
      if (others.length) {
        lines.push(`      <system-out>${xml(others.map((f) => `${f.waiver !== undefined ? `waived (${report.waivers[f.waiver]!.owner})` : `below fail-on ${report.failOn}`}: ${f.resource}: ${f.message}`).join('\n'))}</system-out>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
