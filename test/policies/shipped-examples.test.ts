/**
 * The shipped examples, through whatever `synthArtifacts` produces today (sizing, Terraform,
 * manifests, design exceptions): they pass with only documented waivers, and `socle synth` writes
 * the four reports, deterministically, dated only in their header.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { readArtifacts } from '../../policies/artifacts/read-artifacts.js';
import { isArtifactPath } from '../../policies/artifacts/read-artifacts.js';
import { evaluate } from '../../policies/evaluate.js';
import type { Report } from '../../policies/report/report.js';
import { REPORT_FILES } from '../../policies/renderers/index.js';
import { synthArtifacts } from '../../scripts/synth-pipeline.js';
import { EXAMPLE_NAMES, loadExample } from '../charts/examples.js';
import { sarifValidator } from './sarif-schema.js';

const NOW = new Date('2026-11-23T12:00:00Z');

describe.each(EXAMPLE_NAMES)('example %s', (name) => {
  const environment = loadExample(name);
  const { files } = synthArtifacts(environment, NOW);
  const report = JSON.parse(files.get('reports/findings.json')!) as Report;

  it('passes, every finding accepted by a documented waiver', () => {
    const open = report.controls.flatMap((c) => c.findings.filter((f) => f.waiver === undefined).map((f) => `${f.severity} ${f.policy} ${f.resource}: ${f.message}`));
    expect(open, 'unwaived findings (a deviation socle needs by design belongs in charts/design-exceptions.ts)').toEqual([]);
    expect(report.verdict).toBe('pass');
  });

  it('uses only documented waivers: the environment’s own, with owner and expiry, and socle’s design exceptions', () => {
    const used = report.waivers.filter((w) => w.matched > 0);
    for (const w of used) {
      expect(['environment', 'design']).toContain(w.source.kind);
      expect(w.justification.length).toBeGreaterThan(20);
      if (w.source.kind === 'environment') expect(w).toMatchObject({ status: 'active', owner: expect.any(String), expires: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
    expect(used.filter((w) => w.source.kind === 'environment').map((w) => w.policy)).toEqual(environment.waivers.map((w) => w.policy));
    expect(report.warnings).toEqual([]);
  });

  it('writes the four reports, the same bytes for the same inputs and date', () => {
    expect([...files.keys()].filter((p) => p.startsWith('reports/')).sort()).toEqual(Object.keys(REPORT_FILES).sort());
    const again = synthArtifacts(environment, NOW).files;
    for (const path of Object.keys(REPORT_FILES)) expect(again.get(path), path).toBe(files.get(path));
  });

  it('writes a SARIF report valid against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    expect(validate(JSON.parse(files.get('reports/report.sarif')!)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('dates the reports in their header only, and stays pure without a date (no reports then)', () => {
    expect(files.get('reports/report.md')!.match(/2026-11-23/g)).toHaveLength(1);
    expect(report.checkedOn).toBe('2026-11-23');
    expect([...synthArtifacts(environment).files.keys()].some((p) => p.startsWith('reports/'))).toBe(false);
  });

  it('fingerprints every artifact it checked, and nothing else', () => {
    const artifacts = [...files.keys()].filter(isArtifactPath).sort();
    expect(report.fingerprint.files.map((f) => f.path)).toEqual(artifacts);
    expect(artifacts).toContain('environment.json');
    expect(artifacts.some((p) => p.startsWith('terraform/'))).toBe(true);
  });
});

describe('speed', () => {
  // The target is 100 ms (about 30 ms measured alone); the bound leaves room for a test machine
  // busy with the other test files, so that the test catches an order-of-magnitude regression only.
  it('evaluates the 9,000-user example quickly once its artifacts are loaded (median of 7)', () => {
    const { files } = synthArtifacts(loadExample('metropole-9000'));
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const artifacts = readArtifacts(files);
      const start = performance.now();
      evaluate(artifacts, { now: NOW });
      if (i > 0) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(times[3]!).toBeLessThan(250);
  });
});
