/**
 * The Terraform step of `socle synth`: each stack's JSON at `terraform/<stack>/cdk.tf.json`,
 * checked against the provider schemas first — a problem here is a bug in socle, and it stops the
 * synth before anything is written.
 */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { synthStacks } from './socle-stacks.js';
import { validateTerraformJson } from './validation/terraform-json-validator.js';
import type { ValidationProblem } from './validation/validation-problem.js';

export class InvalidTerraformError extends Error {
  constructor(readonly problems: (ValidationProblem & { stack: string })[]) {
    super(`the synthesized Terraform fails validation against the provider schema:\n${problems.map((p) => `  ${p.stack}: ${p.address}: ${p.message}`).join('\n')}`);
  }
}

/** Relative path → file content. */
export function terraformArtifacts(env: Environment, plan: SizingPlan): Map<string, string> {
  const stacks = synthStacks(env, plan);
  const problems = [...stacks].flatMap(([stack, doc]) => validateTerraformJson(doc).map((p) => ({ ...p, stack })));
  if (problems.length > 0) throw new InvalidTerraformError(problems);
  return new Map([...stacks].map(([stack, doc]) => [`terraform/${stack}/cdk.tf.json`, `${JSON.stringify(doc, null, 2)}\n`]));
}
