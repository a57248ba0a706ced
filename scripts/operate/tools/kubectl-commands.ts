/** The kubectl invocations socle makes, always against an explicit kubeconfig. */
import { childEnvironment } from '../flows/child-environment.js';
import type { OperateContext } from '../flows/operate-context.js';
import { runToolOk, type ToolResult } from './tool-process.js';

/** `input` goes to kubectl's stdin (`apply -f -`): how a Secret's data reaches the cluster, never argv or a file. */
export async function kubectl(ctx: OperateContext, step: string, kubeconfig: string, args: string[], captureStdout = false, input?: string): Promise<ToolResult> {
  if (!ctx.tools.kubectl) throw new Error('kubectl was not resolved by the preflight');
  return runToolOk(ctx, {
    step,
    program: ctx.tools.kubectl.path,
    args: ['--kubeconfig', kubeconfig, ...args],
    cwd: ctx.cwd,
    env: childEnvironment(ctx.env),
    captureStdout,
    ...(input === undefined ? {} : { input }),
  });
}

/** The API server answers and reports itself ready. */
export async function kubectlReady(ctx: OperateContext, step: string, kubeconfig: string): Promise<void> {
  await kubectl(ctx, step, kubeconfig, ['get', '--raw', '/readyz'], true);
}
