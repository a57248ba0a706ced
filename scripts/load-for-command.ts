/** Loading the `[environment]` argument for a command, with problems in the requested format. */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Environment } from '../environments/environment.js';
import { loadEnvironmentFile } from '../environments/load-environment.js';
import { EnvironmentError } from '../environments/problems.js';
import { indexPositions } from '../environments/yaml-positions.js';
import { SizingError } from '../sizing/node-pools.js';
import { size } from '../sizing/size.js';
import { ProblemsPrinted, UsageError } from './command.js';
import { environmentPath } from './environment-argument.js';
import type { Io } from './command.js';

export interface LoadedEnvironment {
  environment: Environment;
  file: string;
}

/** Throws EnvironmentError (text) or prints JSON problems and throws a silent marker. */
export function loadForCommand(io: Io, positionals: string[], format: string): LoadedEnvironment {
  if (positionals.length > 1) throw new UsageError(`expected at most one environment, got ${positionals.length}: ${positionals.join(' ')}`);
  const absolute = environmentPath(positionals[0], io.cwd);
  // Messages name the file as the user would type it: relative to where they stand.
  const nearby = relative(io.cwd, absolute);
  const file = nearby.startsWith('..') || isAbsolute(nearby) ? absolute : nearby;
  try {
    const environment = loadEnvironmentFile(absolute, file);
    checkSizeable(environment, absolute, file);
    return { environment, file };
  } catch (e) {
    if (e instanceof EnvironmentError && format === 'json') {
      io.stdout.write(`${JSON.stringify({ ok: false, file, problems: e.problems }, null, 2)}\n`);
      throw new ProblemsPrinted();
    }
    throw e;
  }
}

/**
 * A valid file can still ask for what the plan can't do (a flavor override too small for the
 * largest pod): report it like any other problem, at the field's position.
 */
function checkSizeable(environment: Environment, absolute: string, file: string): void {
  try {
    size(environment);
  } catch (e) {
    if (!(e instanceof SizingError)) throw e;
    const at = indexPositions(readFileSync(absolute, 'utf8')).find(e.field);
    throw new EnvironmentError([{ code: 'flavor-too-small', file, ...at, path: e.field, message: e.message, hint: e.hint }]);
  }
}
