/** The reports `socle synth` writes beside the artifacts: the checks run on exactly those files. */
import { readArtifacts } from './artifacts/read-artifacts.js';
import { evaluate } from './evaluate.js';
import { reportFiles } from './renderers/index.js';

/** `reports/*` for these artifact files, as of `now` (the default fail-on, the environment's waivers). */
export function checkReports(files: ReadonlyMap<string, string>, now: Date): Map<string, string> {
  return reportFiles(evaluate(readArtifacts(files), { now }));
}
