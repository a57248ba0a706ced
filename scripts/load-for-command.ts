/** Loading the `[environment]` argument for a command, with problems in the requested format. */
import { isAbsolute, relative } from 'node:path';
import type { Environment } from '../environments/environment.js';
import { loadEnvironmentFile } from '../environments/load-environment.js';
import { EnvironmentError } from '../environments/problems.js';
import { UsageError } from './command.js';
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
    return { environment: loadEnvironmentFile(absolute, file), file };
  } catch (e) {
    if (e instanceof EnvironmentError && format === 'json') {
      io.stdout.write(`${JSON.stringify({ ok: false, file, problems: e.problems }, null, 2)}\n`);
      throw new ProblemsPrinted();
    }
    throw e;
  }
}

/** The problems were already printed (as JSON); the caller exits 2. */
export class ProblemsPrinted extends Error {}
