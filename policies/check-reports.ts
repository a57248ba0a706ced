/** The reports `socle synth` writes beside the artifacts: the checks run on exactly those files. */
import { readArtifacts } from './artifacts/read-artifacts.js';
import { evaluate } from './evaluate.js';
import type { Report } from './report/report.js';
import { reportFiles } from './renderers/index.js';

/** The report on these artifact files as of `now` (default fail-on, the environment's waivers), and its `reports/*` files. */
export function checkReports(files: ReadonlyMap<string, string>, now: Date): { report: Report; files: Map<string, string> } {
  const report = evaluate(readArtifacts(files), { now });
  return { report, files: reportFiles(report) };
}
