/**
 * Credentials the stacks create and the workloads need (the S3 keys of the app and backup
 * buckets), handed to Pulumi as secret config: read from `tofu output -json`, passed to `pulumi
 * config set --secret` on its stdin (never argv), encrypted in the stack with its secrets provider.
 * Licences and OIDC client secrets are the operator's to set (see the README).
 */
import type { OperateContext } from './operate-context.js';
import { pulumiSetSecret } from './pulumi-commands.js';
import { tofuOutputs } from './terraform-commands.js';

export interface ConfigFromOutput {
  stack: string;
  output: string;
  /** Key in the `socle` config namespace the charts read (`config.requireSecret`). */
  configKey: string;
}

export const CONFIG_FROM_OUTPUTS: readonly ConfigFromOutput[] = [
  { stack: 'data', output: 's3_access_key', configKey: 'nextcloudS3AccessKey' },
  { stack: 'data', output: 's3_secret_key', configKey: 'nextcloudS3SecretKey' },
  { stack: 'backups', output: 's3_access_key', configKey: 'backupS3AccessKey' },
  { stack: 'backups', output: 's3_secret_key', configKey: 'backupS3SecretKey' },
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
  for (const [key, value] of values) await pulumiSetSecret(ctx, step, key, value);
  return { ready: true, keys: [...values.keys()] };
}
