/**
 * Are the credentials there? socle never reads them into arguments or files; it only checks that
 * the variables the tools read are set, so that a missing one is reported before anything runs.
 */
import { accessSync, constants } from 'node:fs';
import type { Environment } from '../../../environments/environment.js';
import { cloudsYamlCandidates, cloudsYamlEntry } from '../progress/redaction.js';
import { CONFIG_FROM_FILES } from '../tools/workloads-config.js';

export interface CredentialProblem {
  message: string;
  hint: string;
}

const has = (env: NodeJS.ProcessEnv, ...names: string[]) => names.every((n) => (env[n] ?? '') !== '');

export function openstackCredentialProblem(env: NodeJS.ProcessEnv, cwd: string): CredentialProblem | undefined {
  if (env['OS_CLOUD']) {
    if (cloudsYamlEntry(env, cwd)) return undefined;
    return {
      message: `OS_CLOUD=${env['OS_CLOUD']} but no clouds.yaml defines that cloud (looked in ${cloudsYamlCandidates(env, cwd).join(', ')})`,
      hint: 'add the cloud to clouds.yaml, or unset OS_CLOUD and source your OpenStack RC file',
    };
  }
  const auth = has(env, 'OS_AUTH_URL') && (has(env, 'OS_USERNAME', 'OS_PASSWORD') || has(env, 'OS_APPLICATION_CREDENTIAL_ID', 'OS_APPLICATION_CREDENTIAL_SECRET') || has(env, 'OS_TOKEN'));
  if (auth) return undefined;
  return {
    message: 'no OpenStack credentials: neither OS_CLOUD nor OS_AUTH_URL with a user/password, application credential or token',
    hint: 'source the OpenStack RC file of your project (OVHcloud: Public Cloud → Users & Roles → download the OpenStack RC file), or set OS_CLOUD to an entry of clouds.yaml',
  };
}

/** The S3 credentials of the Terraform state bucket (and of an `s3://` Pulumi backend). */
export function s3CredentialProblem(environment: Environment, env: NodeJS.ProcessEnv): CredentialProblem | undefined {
  const needed = environment.state.terraform !== undefined || environment.state.pulumi.backend.startsWith('s3://');
  if (!needed || has(env, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY') || has(env, 'AWS_PROFILE')) return undefined;
  return {
    message: 'the state backend is S3 but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set',
    hint: 'create S3 credentials for the state bucket (OVHcloud: `openstack ec2 credentials create`) and export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  };
}

/** Pulumi encrypts stack secrets with a passphrase, or with the secrets provider socle is told to use. */
export function pulumiSecretsProblem(env: NodeJS.ProcessEnv): CredentialProblem | undefined {
  if (has(env, 'PULUMI_CONFIG_PASSPHRASE') || has(env, 'PULUMI_CONFIG_PASSPHRASE_FILE') || has(env, 'SOCLE_PULUMI_SECRETS_PROVIDER')) return undefined;
  return {
    message: 'no Pulumi secrets provider: PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) is not set',
    hint: 'export PULUMI_CONFIG_PASSPHRASE from your secret store, or set SOCLE_PULUMI_SECRETS_PROVIDER (e.g. hashivault://socle) to use a KMS instead of a passphrase',
  };
}

/** `passphrase`, or the KMS URL given in SOCLE_PULUMI_SECRETS_PROVIDER. */
export function pulumiSecretsProvider(env: NodeJS.ProcessEnv): string {
  return env['SOCLE_PULUMI_SECRETS_PROVIDER'] || 'passphrase';
}

/** Licence and OIDC secret files named in SOCLE_*_FILE variables must be readable. */
export function configFileProblems(env: NodeJS.ProcessEnv): CredentialProblem[] {
  return CONFIG_FROM_FILES.flatMap((c) => {
    const file = env[c.variable];
    if (!file) return [];
    try {
      accessSync(file, constants.R_OK);
      return [];
    } catch (e) {
      return [{ message: `${c.variable}=${file} can't be read (${(e as NodeJS.ErrnoException).code})`, hint: `point ${c.variable} at the file, or unset it to keep the value the Pulumi stack holds` }];
    }
  });
}
