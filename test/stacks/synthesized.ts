/** Test helpers: the example environments, their stacks, and typed access into Terraform JSON. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../../environments/environment.js';
import { loadEnvironmentFile } from '../../environments/load-environment.js';
import { size } from '../../sizing/size.js';
import { synthStacks } from '../../stacks/socle-stacks.js';
import { EXAMPLE_NAMES, environmentFile } from '../charts/examples.js';
import type { StackName } from '../../stacks/stack-names.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shipped examples and the Magnum fixture. */
export const EXAMPLES = EXAMPLE_NAMES;

export type TfDoc = Record<string, any>;

export function example(name: (typeof EXAMPLES)[number]): Environment {
  return loadEnvironmentFile(environmentFile(name));
}

/** A copy of an environment with changes (environments are frozen). */
export function variant(env: Environment, change: (copy: Environment) => void): Environment {
  const copy = structuredClone(env) as Environment;
  change(copy);
  return copy;
}

export function stacksOf(env: Environment): Map<StackName, TfDoc> {
  return synthStacks(env, size(env));
}

export function stack(env: Environment, name: StackName): TfDoc {
  const doc = stacksOf(env).get(name);
  if (!doc) throw new Error(`no ${name} stack for ${env.name}`);
  return doc;
}

/** `type → name → body` of a stack's resources of one type (empty when none). */
export function resources(doc: TfDoc, type: string): Record<string, TfDoc> {
  return doc['resource']?.[type] ?? {};
}
