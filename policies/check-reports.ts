/** The reports `socle synth` writes beside the artifacts: the checks run on exactly those files. */
import { join } from 'node:path';
import { readArtifacts } from './artifacts/read-artifacts.js';
import { evaluate } from './evaluate.js';
import { evidenceLocator, type EvidenceSources } from './report/locate-evidence.js';
import type { Report } from './report/report.js';
import { reportFiles } from './renderers/index.js';

/** Where the artifacts and the environment file stand, for the SARIF locations. */
export type ReportPlace = Omit<EvidenceSources, 'files' | 'others'>;

/**
 * A place that depends on nothing but the environment's name: the artifacts in `out/<name>/` of
 * a repository root, the environment's fields in `environment.json` there.
 */
export function defaultPlace(name: string): ReportPlace {
  const root = '/repository';
  return { root, cwd: root, artifactsDir: join(root, 'out', name) };
}

/** The report on these artifact files as of `now` (default fail-on, the environment's waivers), and its `reports/*` files. */
export function checkReports(files: ReadonlyMap<string, string>, now: Date, place?: ReportPlace): { report: Report; files: Map<string, string> } {
  const artifacts = readArtifacts(files);
  const report = evaluate(artifacts, { now });
  const locate = evidenceLocator({ ...(place ?? defaultPlace(artifacts.environment.name)), files: artifacts.files });
  return { report, files: reportFiles(report, { locate }) };
}
