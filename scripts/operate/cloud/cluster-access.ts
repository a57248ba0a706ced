/**
 * Getting a kubeconfig for the cluster, by cluster mode:
 * - `existing`: the file `cluster.kubeconfig` names (relative to the environment file);
 * - `instances`: an admin kubeconfig signed for this run (admin-kubeconfig.ts) with the client CA
 *   of the cluster stack's sensitive `admin_certificate_signer` output, its server the
 *   `api_endpoint` output;
 * - `magnum`: the sensitive `kubeconfig` output Magnum returns.
 * Either is written to `out/<name>/kubeconfig`, readable by its owner only. While no stack has such
 * an output, a kubeconfig the operator placed at that path.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ADMIN_SIGNER_OUTPUT, type AdminCertificateSigner } from '../../../stacks/compute/cluster-bootstrap-bundle.js';
import { objectName } from '../../../stacks/naming.js';
import { adminKubeconfig } from './admin-kubeconfig.js';
import type { OperateContext } from '../flows/operate-context.js';
import { tofuOutputs, type TofuOutputs } from '../tools/terraform-commands.js';

/** The output name a Magnum cluster stack exposes its admin kubeconfig under. */
export const KUBECONFIG_OUTPUT = 'kubeconfig';
const API_ENDPOINT_OUTPUT = 'api_endpoint';
/** The outputs a kubeconfig is made from, by the stack that builds the cluster. */
const ACCESS_OUTPUTS = [ADMIN_SIGNER_OUTPUT, KUBECONFIG_OUTPUT];

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

/** The stack that outputs what the kubeconfig is made from, if any. */
export function clusterStack(ctx: Pick<OperateContext, 'stacks'>): string | undefined {
  return ctx.stacks.find((s) => s.outputs.some((o) => ACCESS_OUTPUTS.includes(o)))?.name;
}

function signerIn(outputs: TofuOutputs): AdminCertificateSigner | undefined {
  const value = outputs[ADMIN_SIGNER_OUTPUT]?.value as Partial<Record<keyof AdminCertificateSigner, unknown>> | undefined;
  if (!value || typeof value !== 'object') return undefined;
  const { server_ca_certificate, client_ca_certificate, client_ca_private_key } = value;
  if (typeof server_ca_certificate !== 'string' || typeof client_ca_certificate !== 'string' || typeof client_ca_private_key !== 'string') return undefined;
  return { server_ca_certificate, client_ca_certificate, client_ca_private_key };
}

/** The kubeconfig text the stack's outputs give, or why there is none. */
async function kubeconfigFromOutputs(ctx: OperateContext, stack: string, outputs: TofuOutputs): Promise<{ text: string } | { unavailable: string }> {
  if (stackOutputs(ctx, stack).includes(ADMIN_SIGNER_OUTPUT)) {
    const signer = signerIn(outputs);
    const server = outputs[API_ENDPOINT_OUTPUT]?.value;
    if (!signer || typeof server !== 'string' || server === '') return { unavailable: `the ${stack} stack has not been applied yet (no ${ADMIN_SIGNER_OUTPUT} and ${API_ENDPOINT_OUTPUT} outputs)` };
    ctx.bus.addSecret(signer.client_ca_private_key);
    const kubeconfig = await adminKubeconfig(signer, { cluster: objectName(ctx.environment), server, now: new Date() });
    ctx.bus.addSecret(kubeconfig.privateKey);
    return { text: kubeconfig.text };
  }
  const value = outputs[KUBECONFIG_OUTPUT]?.value;
  if (typeof value !== 'string' || value.trim() === '') return { unavailable: `the ${stack} stack has not been applied yet (no ${KUBECONFIG_OUTPUT} output)` };
  return { text: value };
}

function stackOutputs(ctx: OperateContext, stack: string): string[] {
  return ctx.stacks.find((s) => s.name === stack)?.outputs ?? [];
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
    return { unavailable: `no stack outputs a ${KUBECONFIG_OUTPUT} or an ${ADMIN_SIGNER_OUTPUT}, and there is no ${path} (copy the cluster's admin kubeconfig there)` };
  }
  const made = await kubeconfigFromOutputs(ctx, stack, await tofuOutputs(ctx, step, stack));
  if ('unavailable' in made) return made;
  writeFileSync(path, made.text, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { kubeconfig: path };
}
