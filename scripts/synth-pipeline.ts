/**
 * `socle synth`, the main job: environment → sizing plan → artifacts under `out/<name>/`.
 * Each step is a pure function of the environment; this file only hands what they return to the
 * output folder (synth-output.ts), which swaps it in whole and touches nothing else.
 */
import { manifestArtifacts } from '../charts/manifest-artifacts.js';
import type { Environment } from '../environments/environment.js';
import { checkReports, type ReportPlace } from '../policies/check-reports.js';
import type { Report } from '../policies/report/report.js';
import { size } from '../sizing/size.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { stableJson } from './stable-json.js';
import { terraformArtifacts } from '../stacks/terraform-artifacts.js';
import { writeOutputFolder } from './synth-output.js';

export interface SynthResult {
  outDir: string;
  plan: SizingPlan;
  /** The policy report written to `reports/`. */
  report: Report;
  /** Paths written, relative to `outDir`, sorted. */
  files: string[];
}


/**
 * Every artifact of an environment, as relative path → content. Pure: with `now` (the date the
 * policy reports judge waivers against) it adds `reports/*`; without it, no reports. `place` says
 * where the output folder and the environment file stand, for the SARIF locations.
 */
export function synthArtifacts(environment: Environment): { plan: SizingPlan; files: Map<string, string> };
export function synthArtifacts(environment: Environment, now: Date, place?: ReportPlace): { plan: SizingPlan; files: Map<string, string>; report: Report };
export function synthArtifacts(environment: Environment, now?: Date, place?: ReportPlace): { plan: SizingPlan; files: Map<string, string>; report?: Report } {
  const plan = size(environment);
  const files = new Map<string, string>();
  files.set('environment.json', stableJson(environment));
  files.set('sizing.json', stableJson(plan));
  for (const [path, content] of terraformArtifacts(environment, plan)) files.set(path, content);
  for (const [path, content] of manifestArtifacts(environment, plan)) files.set(path, content);
  if (!now) return { plan, files };
  // Keep last: the reports check every artifact added above.
  const checked = checkReports(files, now, place);
  for (const [path, content] of checked.files) files.set(path, content);
  return { plan, files, report: checked.report };
}

export function writeSynth(environment: Environment, outDir: string, now: Date = new Date()): SynthResult {
  const { plan, files, report } = synthArtifacts(environment, now);
  writeOutputFolder(outDir, files);
  return { outDir, plan, report, files: [...files.keys()].sort() };
}
