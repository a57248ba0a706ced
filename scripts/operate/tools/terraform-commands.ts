/**
 * The OpenTofu/Terraform invocations socle makes, one function each, with their exact flags:
 * no prompts (`-input=false`), no colours in logs (`-no-color`), a wait on a held state lock
 * rather than an immediate failure (`-lock-timeout`), and plans saved to files so that what is
 * applied is exactly what was reviewed.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnvironment } from '../flows/child-environment.js';
import { clusterBootstrapEnv } from '../cloud/cluster-bootstrap-variable.js';
import { DELETE_DATA_OVERRIDE_FILE, removeLeftoverOverride } from '../state/delete-data-override.js';
import type { OperateContext } from '../flows/operate-context.js';
import { stackByName } from '../flows/operate-context.js';
import { planChanges, type PlanChanges } from '../state/plan-changes.js';
import { redactPlanJson } from '../progress/plan-json-redaction.js';
import { backendConfigArgs, ensureBackend } from './terraform-backend.js';
import { runToolOk, ToolFailed, type ToolCall } from './tool-process.js';

/** Long enough for a colleague's apply to finish, short enough that a stale lock surfaces. */
export const LOCK_TIMEOUT = '-lock-timeout=5m';

export function plansDir(outDir: string): string {
  return join(outDir, 'plans');
}

export function planFile(outDir: string, stack: string, kind: 'apply' | 'destroy' = 'apply'): string {
  return join(plansDir(outDir), kind === 'apply' ? `${stack}.tfplan` : `${stack}.destroy.tfplan`);
}

function planJsonFile(outDir: string, stack: string, kind: 'apply' | 'destroy' = 'apply'): string {
  return join(plansDir(outDir), kind === 'apply' ? `${stack}.plan.json` : `${stack}.destroy.plan.json`);
}

/** Provider plugins and backend settings live outside the stack folder, which every synth replaces. */
function tofuDataDir(outDir: string, stack: string): string {
  return join(outDir, 'terraform-data', stack);
}

function tofuCall(ctx: OperateContext, step: string, stack: string, args: string[], captureStdout = false, variables: Record<string, string> = {}): ToolCall {
  return {
    step,
    program: ctx.tools.tofu.path,
    args,
    cwd: stackByName(ctx, stack).dir,
    env: childEnvironment(ctx.env, { TF_DATA_DIR: tofuDataDir(ctx.outDir, stack), ...variables }),
    captureStdout,
  };
}

export async function tofuInit(ctx: OperateContext, step: string, stack: string): Promise<void> {
  const dir = stackByName(ctx, stack).dir;
  if (removeLeftoverOverride(dir)) {
    ctx.bus.emit({ type: 'message', level: 'warn', text: `stack ${stack}: removed ${DELETE_DATA_OVERRIDE_FILE}, left by an interrupted --delete-data run (its data stores are protected again)` });
  }
  ensureBackend(ctx.environment, dir, stack);
  // No -reconfigure: it forgets the previous backend, and for a local state file at the default
  // path it starts an empty state over the existing one (seen with Terraform 1.11). A changed
  // backend makes init fail instead, asking for a deliberate `-migrate-state`.
  const args = ['init', '-input=false', '-no-color', ...backendConfigArgs(ctx.environment, stack, ctx.tools.tofu.version)];
  await runToolOk(ctx, tofuCall(ctx, step, stack, args));
}

export interface SavedPlan {
  planFile: string;
  jsonFile: string;
  changes: PlanChanges;
}

/**
 * `tofu plan -out`, then `tofu show -json` of it, kept beside it (readable by the owner only) with
 * its sensitive values replaced (plan-json-redaction.ts). Only the plan gets the cluster bootstrap
 * bundle: an apply takes the value saved in the plan.
 */
export async function tofuPlan(ctx: OperateContext, step: string, stack: string, kind: 'apply' | 'destroy'): Promise<SavedPlan> {
  mkdirSync(plansDir(ctx.outDir), { recursive: true });
  const out = planFile(ctx.outDir, stack, kind);
  const args = ['plan', '-input=false', '-no-color', LOCK_TIMEOUT, '-detailed-exitcode', ...(kind === 'destroy' ? ['-destroy'] : []), `-out=${out}`];
  // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
  await runToolOk(ctx, tofuCall(ctx, step, stack, args, false, await clusterBootstrapEnv(ctx, stack)), [0, 2]);
  chmodSync(out, 0o600);
  const shown = await runToolOk(ctx, tofuCall(ctx, step, stack, ['show', '-json', '-no-color', out], true));
  const jsonFile = planJsonFile(ctx.outDir, stack, kind);
  let read: { changes: PlanChanges; redacted: string };
  try {
    read = { changes: planChanges(shown.stdout), redacted: redactPlanJson(shown.stdout) };
  } catch (e) {
    throw new ToolFailed('tofu show -json', undefined, `it exited 0, but ${(e as Error).message}`);
  }
  writeFileSync(jsonFile, read.redacted, { mode: 0o600 });
  chmodSync(jsonFile, 0o600);
  return { planFile: out, jsonFile, changes: read.changes };
}

export async function tofuApply(ctx: OperateContext, step: string, stack: string, savedPlan: string): Promise<void> {
  await runToolOk(ctx, tofuCall(ctx, step, stack, ['apply', '-input=false', '-no-color', LOCK_TIMEOUT, savedPlan]));
}

export type TofuOutputs = Record<string, { sensitive: boolean; type?: unknown; value: unknown }>;

/** `tofu output -json`: sensitive values come back in clear, so stdout is captured, never logged. */
export async function tofuOutputs(ctx: OperateContext, step: string, stack: string): Promise<TofuOutputs> {
  const result = await runToolOk(ctx, tofuCall(ctx, step, stack, ['output', '-json', '-no-color'], true));
  try {
    return JSON.parse(result.stdout || '{}') as TofuOutputs;
  } catch {
    throw new ToolFailed('tofu output -json', undefined, 'it exited 0, but what it printed is not JSON');
  }
}
