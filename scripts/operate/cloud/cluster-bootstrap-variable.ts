/**
 * How the cluster bootstrap bundle reaches tofu: as `TF_VAR_cluster_bootstrap` in the environment
 * of `tofu plan` only, for the stacks that declare the variable — never argv, never a file. A saved
 * plan carries the value it was made with, and OpenTofu refuses an apply given a different one
 * ("Mismatch between input and plan variable value", internal/tofu/context_apply.go@v1.12.6 L377).
 * One bundle per run, made when a plan first needs it; its tokens and keys are redacted from then on.
 */
import { CLUSTER_BOOTSTRAP_VARIABLE, type ClusterBootstrapBundle } from '../../../stacks/compute/cluster-bootstrap-bundle.js';
import { generateClusterBootstrap } from './cluster-bootstrap.js';
import { stackByName, type OperateContext } from '../flows/operate-context.js';

/** Not secrets: the certificates (the server CA's is in every kubeconfig). */
const SECRET_FIELDS: readonly (keyof ClusterBootstrapBundle)[] = ['server_token', 'agent_token', 'server_ca_private_key', 'client_ca_private_key'];

const bundles = new WeakMap<OperateContext, Promise<string>>();

async function bundleOfRun(ctx: OperateContext): Promise<string> {
  const bundle = await generateClusterBootstrap(ctx.environment, new Date());
  for (const field of SECRET_FIELDS) ctx.bus.addSecret(bundle[field]);
  return JSON.stringify(bundle);
}

/** The variables `tofu plan` of `stack` needs beyond the operator's own environment. */
export async function clusterBootstrapEnv(ctx: OperateContext, stack: string): Promise<Record<string, string>> {
  if (!stackByName(ctx, stack).variables.includes(CLUSTER_BOOTSTRAP_VARIABLE)) return {};
  let bundle = bundles.get(ctx);
  if (!bundle) bundles.set(ctx, (bundle = bundleOfRun(ctx)));
  return { [`TF_VAR_${CLUSTER_BOOTSTRAP_VARIABLE}`]: await bundle };
}
