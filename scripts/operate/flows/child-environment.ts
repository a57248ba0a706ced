/**
 * The environment every tool runs with: the user's own (credentials come from there and only from
 * there: OS_*, OS_CLOUD, AWS_*, PULUMI_CONFIG_PASSPHRASE…), plus settings that make the tools
 * non-interactive, quiet about updates, and colour-free for the logs.
 */

export function childEnvironment(parent: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...parent,
    // OpenTofu/Terraform: no prompts, shorter "next steps" text, no version check.
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // Pulumi: no update check, no prompts, no colours.
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}
