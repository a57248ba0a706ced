import type { TestProject } from 'vitest/node';
import { readBuiltTools, type BuiltTools } from './built-tools.js';

declare module 'vitest' {
  export interface ProvidedContext {
    builtTools: BuiltTools;
  }
}

/** Asks the tools cache once for the whole run; every suite reads the answer with `inject`. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('builtTools', await readBuiltTools(process.cwd()));
}
