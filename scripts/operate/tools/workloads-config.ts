/**
 * Secrets the workloads read from Pulumi config (namespace `socle`), handed over on the stdin of
 * `pulumi config set --secret` (never argv), encrypted in the stack by its secrets provider:
 * - the S3 keys of the app and backup buckets, read from the stacks' `tofu output -json`;
 * - licences and the OIDC client secret, from the files the operator names in SOCLE_*_FILE
 *   variables (unset: whatever the stack already holds, set by hand, stays).
 */
import { readFileSync } from 'node:fs';
import { APPS_S3_CONFIG } from '../../../charts/data/object-storage.js';
import { CLOUD_PROVIDER_CONFIG } from '../../../charts/platform/openstack-cloud-provider.js';
import { INGRESS_LOAD_BALANCER_CONFIG_KEY } from '../../../charts/platform/operators.js';
import type { Environment } from '../../../environments/environment.js';
import { BACKUP_S3_CONFIG } from '../../../charts/data/postgresql-cluster.js';
import type { OperateContext } from '../flows/operate-context.js';
import { pulumiSetConfig, pulumiSetSecret } from './pulumi-commands.js';
import { cloudsYamlEntry } from '../progress/redaction.js';
import { tofuOutputs } from './terraform-commands.js';

export interface ConfigFromOutput {
  stack: string;
  output: string;
  /** Key in the `socle` config namespace the charts read (`config.requireSecret`). */
  configKey: string;
}

// The config keys are the charts' own: the cloud provider's credential (instances mode), the apps'
// S3 Secret and the database backups' S3 Secret.
export const CONFIG_FROM_OUTPUTS: readonly ConfigFromOutput[] = [
  { stack: 'cluster', output: 'cloud_provider_credential_id', configKey: CLOUD_PROVIDER_CONFIG.credentialId },
  { stack: 'cluster', output: 'cloud_provider_credential_secret', configKey: CLOUD_PROVIDER_CONFIG.credentialSecret },
  { stack: 'data', output: 's3_access_key', configKey: APPS_S3_CONFIG.accessKey },
  { stack: 'data', output: 's3_secret_key', configKey: APPS_S3_CONFIG.secretKey },
  { stack: 'backups', output: 's3_access_key', configKey: BACKUP_S3_CONFIG.accessKey },
  { stack: 'backups', output: 's3_secret_key', configKey: BACKUP_S3_CONFIG.secretKey },
];

/** The cluster stack's output naming the ingress load balancer (stacks/compute, Magnum and instances). */
export const INGRESS_LOAD_BALANCER_OUTPUT = 'ingress_load_balancer_id';

/** The Keystone URL: the environment's, else the one the operator's credentials name. */
export function keystoneUrl(environment: Environment, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (environment.cloud.authUrl) return environment.cloud.authUrl;
  if (env['OS_AUTH_URL']) return env['OS_AUTH_URL'];
  const auth = cloudsYamlEntry(env, cwd)?.entry['auth'] as { auth_url?: unknown } | undefined;
  return typeof auth?.auth_url === 'string' ? auth.auth_url : undefined;
}

export interface ConfigFromFile {
  /** Environment variable naming the file. */
  variable: string;
  configKey: string;
}

export const CONFIG_FROM_FILES: readonly ConfigFromFile[] = [
  { variable: 'SOCLE_ONLYOFFICE_LICENCE_FILE', configKey: 'onlyofficeLicence' },
  { variable: 'SOCLE_ROCKETCHAT_LICENCE_FILE', configKey: 'rocketchatLicence' },
  { variable: 'SOCLE_WEKAN_OIDC_CLIENT_SECRET_FILE', configKey: 'wekanOidcClientSecret' },
];

export type WorkloadsConfig = { ready: true; keys: string[] } | { ready: false; reason: string };

/** Sets every config value whose stack is synthesized; not ready while one of them is not applied yet. */
export async function configureWorkloads(ctx: OperateContext, step: string): Promise<WorkloadsConfig> {
  const wanted = CONFIG_FROM_OUTPUTS.filter((c) => ctx.stacks.some((s) => s.name === c.stack && s.outputs.includes(c.output)));
  const values = new Map<string, string>();
  for (const stack of [...new Set(wanted.map((c) => c.stack))]) {
    const outputs = await tofuOutputs(ctx, step, stack);
    for (const c of wanted.filter((w) => w.stack === stack)) {
      const value = outputs[c.output]?.value;
      if (typeof value !== 'string' || value === '') return { ready: false, reason: `the ${stack} stack has not been applied yet (no ${c.output} output)` };
      ctx.bus.addSecret(value);
      values.set(c.configKey, value);
    }
  }
  for (const c of CONFIG_FROM_FILES) {
    const file = ctx.env[c.variable];
    if (!file) continue;
    // The preflight checked the file can be read.
    const value = readFileSync(file, 'utf8');
    ctx.bus.addSecret(value.trim());
    values.set(c.configKey, value);
  }
  for (const [key, value] of values) await pulumiSetSecret(ctx, step, key, value);
  const plain: string[] = [];
  // Instances: the cloud controller and the CSI driver log in to the same Keystone as the stacks.
  if (ctx.environment.cluster.mode === 'instances') {
    const url = keystoneUrl(ctx.environment, ctx.env, ctx.cwd);
    if (!url) return { ready: false, reason: 'no Keystone URL for the cloud controller: set cloud.authUrl in the environment, OS_AUTH_URL, or auth.auth_url in the clouds.yaml entry OS_CLOUD names' };
    await pulumiSetConfig(ctx, step, CLOUD_PROVIDER_CONFIG.authUrl, url);
    plain.push(CLOUD_PROVIDER_CONFIG.authUrl);
  }
  // Magnum: the edge Service adopts the ingress load balancer the cluster stack made.
  if (ctx.environment.cluster.mode === 'magnum') {
    const id = (await tofuOutputs(ctx, step, 'cluster'))[INGRESS_LOAD_BALANCER_OUTPUT]?.value;
    if (typeof id !== 'string' || id === '') return { ready: false, reason: `the cluster stack has not been applied yet (no ${INGRESS_LOAD_BALANCER_OUTPUT} output)` };
    await pulumiSetConfig(ctx, step, INGRESS_LOAD_BALANCER_CONFIG_KEY, id);
    plain.push(INGRESS_LOAD_BALANCER_CONFIG_KEY);
  }
  return { ready: true, keys: [...values.keys(), ...plain] };
}
