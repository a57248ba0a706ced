/**
 * Getting a kubeconfig for the cluster, by cluster mode:
 * - `existing`: the file `cluster.kubeconfig` names (relative to the environment file);
 * - `instances` and `magnum`: the sensitive `kubeconfig` output of the stack that builds the
 *   cluster, written to `out/<name>/kubeconfig` readable by its owner only; while no stack has
 *   that output, a kubeconfig the operator placed at that path (RKE2: the first control-plane
 *   node's /etc/rancher/rke2/rke2.yaml, its server set to the `api_endpoint` output).
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { OperateContext } from '../flows/operate-context.js';
import { tofuOutputs } from '../tools/terraform-commands.js';

/** The output name a cluster stack exposes its admin kubeconfig under. */
export const KUBECONFIG_OUTPUT = 'kubeconfig';

export type ClusterAccess = { kubeconfig: string } | { unavailable: string };

function generatedKubeconfigPath(outDir: string): string {
  return join(outDir, 'kubeconfig');
}

function existingKubeconfigPath(ctx: Pick<OperateContext, 'environment' | 'environmentFile' | 'env'>): string | undefined {
  const given = ctx.environment.cluster.kubeconfig;
  if (!given) return undefined;
  if (given.startsWith('~/')) return join(ctx.env['HOME'] ?? homedir(), given.slice(2));
  return isAbsolute(given) ? given : resolve(dirname(ctx.environmentFile), given);
}

/** The stack that outputs the kubeconfig, if any. */
export function clusterStack(ctx: Pick<OperateContext, 'stacks'>): string | undefined {
  return ctx.stacks.find((s) => s.outputs.includes(KUBECONFIG_OUTPUT))?.name;
}

export async function obtainClusterAccess(ctx: OperateContext, step: string): Promise<ClusterAccess> {
  if (ctx.environment.cluster.mode === 'existing') {
    const path = existingKubeconfigPath(ctx);
    if (!path || !existsSync(path)) return { unavailable: `cluster.kubeconfig ${path ?? '(unset)'} does not exist` };
    return { kubeconfig: path };
  }
  const stack = clusterStack(ctx);
  const path = generatedKubeconfigPath(ctx.outDir);
  if (!stack) {
    if (existsSync(path)) return { kubeconfig: path };
    return { unavailable: `no stack outputs a ${KUBECONFIG_OUTPUT}, and there is no ${path} (copy the cluster's admin kubeconfig there)` };
  }
  const outputs = await tofuOutputs(ctx, step, stack);
  const value = outputs[KUBECONFIG_OUTPUT]?.value;
  if (typeof value !== 'string' || value.trim() === '') return { unavailable: `the ${stack} stack has not been applied yet (no ${KUBECONFIG_OUTPUT} output)` };
  writeFileSync(path, value, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { kubeconfig: path };
}
