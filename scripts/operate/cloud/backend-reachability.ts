/**
 * Can the state backends be reached? One HTTPS request to each S3 endpoint: any HTTP answer
 * (even 403) means the network path works; credentials are `tofu init`'s to verify.
 */
import { mkdirSync } from 'node:fs';
import type { Environment } from '../../../environments/environment.js';
import type { OperateDeps } from '../flows/operate-context.js';
import { pulumiBackendUrl, pulumiLocalBackendDir, pulumiS3Endpoint } from '../tools/pulumi-backend.js';

export interface BackendProblem {
  message: string;
  hint: string;
}

const PROBE_TIMEOUT_MS = 10_000;

export async function backendProblems(environment: Environment, cwd: string, deps: Pick<OperateDeps, 'probe'>): Promise<BackendProblem[]> {
  const endpoints = new Map<string, string>();
  if (environment.state.terraform) endpoints.set(environment.state.terraform.endpoint, 'Terraform state (state.terraform.endpoint)');
  const pulumiUrl = pulumiBackendUrl(environment, cwd);
  const pulumiS3 = pulumiS3Endpoint(pulumiUrl);
  if (pulumiS3 && !endpoints.has(pulumiS3)) endpoints.set(pulumiS3, 'Pulumi state (state.pulumi.backend)');

  const problems: BackendProblem[] = [];
  for (const [endpoint, what] of endpoints) {
    const answer = await deps.probe(endpoint, PROBE_TIMEOUT_MS);
    if ('error' in answer) {
      problems.push({ message: `${what}: ${endpoint} can't be reached (${answer.error})`, hint: 'check the endpoint in the environment file, DNS and any proxy (HTTPS_PROXY) between here and the cloud' });
    }
  }
  const localDir = pulumiLocalBackendDir(pulumiUrl);
  if (localDir) {
    try {
      mkdirSync(localDir, { recursive: true });
    } catch (e) {
      problems.push({ message: `Pulumi state folder ${localDir} can't be created (${(e as NodeJS.ErrnoException).code})`, hint: 'check the permissions, or set state.pulumi.backend' });
    }
  }
  return problems;
}
