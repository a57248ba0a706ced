/**
 * The Pulumi CLI invocations socle makes. The backend is the environment's (PULUMI_BACKEND_URL),
 * the passphrase or secrets provider comes from the operator's environment, never from arguments.
 */
import { childEnvironment } from '../flows/child-environment.js';
import { pulumiSecretsProvider } from '../cloud/credentials.js';
import type { OperateContext } from '../flows/operate-context.js';
import { pulumiBackendUrl } from './pulumi-backend.js';
import { pulumiProjectDir } from './pulumi-project.js';
import { runToolOk, ToolFailed, type ToolCall } from './tool-process.js';

export interface PulumiChangeSummary {
  create: number;
  update: number;
  delete: number;
  replace: number;
  same: number;
}

/** The config namespace the workloads program reads. */
const CONFIG_NAMESPACE = 'socle';

function pulumiCall(ctx: OperateContext, step: string, args: string[], kubeconfig: string | undefined, captureStdout = false): ToolCall {
  if (!ctx.tools.pulumi) throw new Error('pulumi was not resolved by the preflight');
  return {
    step,
    program: ctx.tools.pulumi.path,
    args: [...args, '--stack', ctx.environment.name, '--cwd', pulumiProjectDir(ctx.outDir), '--non-interactive'],
    cwd: ctx.cwd,
    env: childEnvironment(ctx.env, {
      PULUMI_BACKEND_URL: pulumiBackendUrl(ctx.environment, ctx.cwd),
      // The workloads program reads the environment and artifacts it deploys from here.
      SOCLE_ENVIRONMENT_FILE: ctx.environmentFile,
      SOCLE_OUT_DIR: ctx.outDir,
      ...(kubeconfig ? { KUBECONFIG: kubeconfig } : {}),
    }),
    captureStdout,
  };
}

/** Selects the environment's stack, creating it (with its secrets provider) the first time. */
export async function pulumiSelectStack(ctx: OperateContext, step: string): Promise<void> {
  await runToolOk(ctx, pulumiCall(ctx, step, ['stack', 'select', '--create', '--secrets-provider', pulumiSecretsProvider(ctx.env)], undefined));
}

/** `pulumi config set` of a value that is no secret (a resource id): in argv, stored in clear. */
export async function pulumiSetConfig(ctx: OperateContext, step: string, key: string, value: string): Promise<void> {
  await runToolOk(ctx, pulumiCall(ctx, step, ['config', 'set', `${CONFIG_NAMESPACE}:${key}`, value], undefined));
}

/** `pulumi config set --secret`, the value on stdin: Pulumi reads it there when none is given. */
export async function pulumiSetSecret(ctx: OperateContext, step: string, key: string, value: string): Promise<void> {
  await runToolOk(ctx, { ...pulumiCall(ctx, step, ['config', 'set', '--secret', `${CONFIG_NAMESPACE}:${key}`], undefined), input: value });
}

export async function pulumiPreview(ctx: OperateContext, step: string, kubeconfig: string): Promise<PulumiChangeSummary> {
  const result = await runToolOk(ctx, pulumiCall(ctx, step, ['preview', '--json'], kubeconfig, true));
  return changeSummary(result.stdout);
}

export async function pulumiUp(ctx: OperateContext, step: string, kubeconfig: string): Promise<void> {
  await runToolOk(ctx, pulumiCall(ctx, step, ['up', '--yes', '--color', 'never'], kubeconfig));
}

/** Workloads down; with `keepProtected`, resources the program marks `protect` (data) stay. */
export async function pulumiDestroy(ctx: OperateContext, step: string, kubeconfig: string, keepProtected: boolean): Promise<void> {
  await runToolOk(ctx, pulumiCall(ctx, step, ['destroy', '--yes', '--color', 'never', ...(keepProtected ? ['--exclude-protected'] : [])], kubeconfig));
}

/** Lifts `protect` from every resource: only after the operator confirmed deleting the data. */
export async function pulumiUnprotectAll(ctx: OperateContext, step: string): Promise<void> {
  await runToolOk(ctx, pulumiCall(ctx, step, ['state', 'unprotect', '--all', '--yes'], undefined));
}

/** `pulumi preview --json`: `changeSummary` counts operations by kind. */
export function changeSummary(previewJson: string): PulumiChangeSummary {
  let doc: { changeSummary?: Record<string, number> };
  try {
    doc = JSON.parse(previewJson) as typeof doc;
  } catch {
    throw new ToolFailed('pulumi preview', 0, 'the preview was not JSON');
  }
  const s = doc.changeSummary ?? {};
  return { create: s['create'] ?? 0, update: s['update'] ?? 0, delete: s['delete'] ?? 0, replace: s['replace'] ?? 0, same: s['same'] ?? 0 };
}
