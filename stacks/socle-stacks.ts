/**
 * Environment + sizing plan → the Terraform JSON of each stack (`terraform/<stack>/cdk.tf.json`).
 * Pure: built in memory (nothing written, no clock), byte-identical from run to run.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { backupsStack } from './backups-stack.js';
import { App, TerraformStack } from './cdktf.js';
import { clusterStack } from './cluster-stack.js';
import { dataStack } from './data-stack.js';
import { networkStack } from './network-stack.js';
import type { StackName } from './stack-names.js';
import { terraformLiterals } from './terraform-literals.js';

/**
 * cdktf captures a full stack trace for every token it creates, for its own error messages; under
 * tsx every trace is mapped through source maps, which costs more than the synth itself. socle
 * reports problems by Terraform address instead, so traces are left empty while synthesizing.
 */
function withoutStackTraces<T>(run: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return run();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** Stack name → Terraform JSON document, in apply order. */
export function synthStacks(env: Environment, plan: SizingPlan): Map<StackName, Record<string, unknown>> {
  return withoutStackTraces(() => build(env, plan));
}

function build(input: Environment, plan: SizingPlan): Map<StackName, Record<string, unknown>> {
  const env = terraformLiterals(input);
  // No stack traces in the metadata (they carry local paths). The App insists on creating
  // `<outdir>/stacks` even when nothing is written to it: keep that out of the user's folders.
  const app = new App({ stackTraces: false, skipValidation: true, outdir: join(tmpdir(), 'socle-cdktf') });
  if (env.cluster.mode !== 'existing') clusterStack(app, env, plan, networkStack(app, env));
  dataStack(app, env, plan);
  if (env.backups) backupsStack(app, env, plan, env.backups);
  // Created in apply order, which children keep.
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  // Cross-stack references add outputs and remote-state reads: prepare every stack first.
  for (const stack of stacks) stack.prepareStack();
  return new Map(stacks.map((stack) => [stack.node.id as StackName, stack.toTerraform() as Record<string, unknown>]));
}
