/** The `--help` text plan, deploy and destroy share: what they need from the environment, and exit codes. */

export const OPERATE_ENVIRONMENT_HELP = [
  'Needs: OpenTofu ≥ 1.8 (or Terraform ≥ 1.9; ≥ 1.10 for S3 state locking), the Pulumi CLI ≥ 3,',
  'kubectl ≥ 1.30 for deploy and destroy — found on PATH, or named by SOCLE_TOFU, SOCLE_PULUMI, SOCLE_KUBECTL.',
  'Credentials from the environment only: OS_CLOUD (clouds.yaml) or OS_* variables for OpenStack;',
  'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for the S3 state; PULUMI_CONFIG_PASSPHRASE (or',
  'SOCLE_PULUMI_SECRETS_PROVIDER) for Pulumi secrets; licences and the Wekan OIDC secret from the files',
  'SOCLE_ONLYOFFICE_LICENCE_FILE, SOCLE_ROCKETCHAT_LICENCE_FILE, SOCLE_WEKAN_OIDC_CLIENT_SECRET_FILE name.',
  'Secrets never appear in arguments, logs or reports.',
  'Full log of each run: out/<name>/logs/.',
].join('\n');

export const OPERATE_EXIT_HELP = 'Exit codes: 0 done; 1 a step failed or found blocking problems (re-run to resume); 2 bad input, or the preflight failed (nothing changed).';
