/**
 * The policy gate between a plan and its apply: `socle check` on the synthesized artifacts and
 * the saved plans (`tofu show -json`), waivers of the environment applied by the check itself.
 * Exit 1 from the check means blocking findings: the run stops there.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../environment-argument.js';
import { childEnvironment } from './child-environment.js';
import type { OperateContext } from './operate-context.js';
import { runTool, ToolFailed, toolErrorText } from './tool-process.js';

export interface PolicyVerdict {
  blocking: boolean;
  /** The check's own report, as it printed it. */
  report: string;
}

export type PolicyGate = (ctx: OperateContext, step: string, planJsonFiles: readonly string[]) => Promise<PolicyVerdict>;

/** Runs `socle check <environment> --plan <file>…` as its own process, the way an operator would. */
export const checkCommandGate: PolicyGate = async (ctx, step, planJsonFiles) => {
  const args = [join(PACKAGE_ROOT, 'bin', 'socle.js'), 'check', ctx.environmentFile, ...planJsonFiles.flatMap((f) => ['--plan', f])];
  const result = await runTool(ctx.bus, { step, program: process.execPath, args, cwd: ctx.cwd, env: childEnvironment(ctx.env) });
  if (result.exitCode === 0 || result.exitCode === 1) return { blocking: result.exitCode === 1, report: ctx.bus.redact(result.stdout.trim()) };
  throw new ToolFailed('socle check', result.exitCode, ctx.bus.redact(toolErrorText(result.stderr, result.stdout)));
};
