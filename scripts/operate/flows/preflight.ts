/**
 * Before a run changes anything: the tools it needs at supported versions, the credentials, the
 * state backends reachable, the synthesized stacks initialisable by this tofu/terraform, and room
 * in the project's quotas for what the stacks create. Every problem is collected, each with what
 * to do about it; what could not be checked, or can't be seen from a project, comes back as notes.
 */
import type { Environment } from '../../../environments/environment.js';
import { backendProblems } from '../cloud/backend-reachability.js';
import { stateEncryptionProblems } from './state-encryption-preflight.js';
import { configFileProblems, openstackCredentialProblem, pulumiSecretsProblem, s3CredentialProblem } from '../cloud/credentials.js';
import type { OperateDeps, OperateTools } from './operate-context.js';
import { isToolProblem, resolveTool, type ResolvedTool } from '../tools/resolve-tools.js';
import type { SynthesizedStack } from '../state/synthesized-stacks.js';
import { lockfileVersionProblem } from '../tools/terraform-backend.js';
import { projectQuotaFindings } from '../cloud/project-quota-check.js';
import { readDeployedRecord } from '../state/deployed-record.js';
import type { ToolName } from '../tools/tool-catalogue.js';
import { pulumiTestBedProblem } from '../tools/pulumi-test-bed.js';

export interface PreflightProblem {
  /** What was checked: `tofu`, `credentials`, `backend`, `stack network`… */
  subject: string;
  message: string;
  hint: string;
}

/** Not a failure: a warning (a risk the run can't check) or a note (a check that could not run). */
export interface PreflightNote {
  level: 'warn' | 'info';
  subject: string;
  message: string;
  hint?: string;
}

export interface PreflightInput {
  environment: Environment;
  env: NodeJS.ProcessEnv;
  cwd: string;
  tools: readonly ToolName[];
  stacks: readonly SynthesizedStack[];
  /** `out/<name>/`: its `sizing.json` and `deployed.json`. */
  outDir: string;
  /** The run creates resources (plan, deploy): the project's quotas must have room. Destroy frees them. */
  quotas: boolean;
  /** Pulumi runs in this command (its secrets provider is needed). */
  pulumi: boolean;
  deps: Pick<OperateDeps, 'probe' | 'request'>;
  /** Secrets the preflight learns (the Keystone token), for the run's redaction. */
  onSecret?: (value: string) => void;
}

export type PreflightResult = { ok: true; tools: OperateTools; notes: PreflightNote[] } | { ok: false; problems: PreflightProblem[]; notes: PreflightNote[] };

export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const problems: PreflightProblem[] = [];
  const resolved: Partial<Record<ToolName, ResolvedTool>> = {};
  for (const name of input.tools) {
    const tool = await resolveTool(name, input.env, input.cwd);
    if (isToolProblem(tool)) problems.push({ subject: name, message: tool.message, hint: tool.hint });
    else resolved[name] = tool;
  }

  const credentials = [
    openstackCredentialProblem(input.env, input.cwd),
    s3CredentialProblem(input.environment, input.env),
    input.pulumi ? pulumiSecretsProblem(input.env) : undefined,
    ...(input.pulumi ? configFileProblems(input.env) : []),
  ];
  for (const p of credentials) if (p) problems.push({ subject: 'credentials', ...p });
  const testBed = input.pulumi ? pulumiTestBedProblem(input.env) : undefined;
  if (testBed) problems.push({ subject: 'environment variables', ...testBed });

  const notes: PreflightNote[] = [];
  if (input.quotas && !credentials[0]) {
    const alreadyDeployed = readDeployedRecord(input.outDir) !== undefined;
    for (const f of await projectQuotaFindings({ ...input, alreadyDeployed })) {
      if (f.level === 'fail') problems.push({ subject: f.subject, message: f.message, hint: f.hint ?? '' });
      else notes.push({ level: f.level === 'warn' ? 'warn' : 'info', subject: f.subject, message: f.message, ...(f.hint ? { hint: f.hint } : {}) });
    }
  }

  for (const p of await backendProblems(input.environment, input.cwd, input.deps)) problems.push({ subject: 'backend', ...p });

  for (const p of stateEncryptionProblems(input.stacks, input.env, resolved.tofu)) problems.push(p);

  const tofu = resolved.tofu;
  if (tofu) {
    for (const stack of input.stacks) {
      const message = lockfileVersionProblem(stack.dir, stack.name, tofu.product, tofu.version);
      if (message) problems.push({ subject: `stack ${stack.name}`, message, hint: 'upgrade to OpenTofu ≥ 1.10 (or Terraform ≥ 1.10)' });
    }
  }

  if (problems.length > 0) return { ok: false, problems, notes };
  return { ok: true, notes, tools: { tofu: resolved.tofu!, ...(resolved.pulumi ? { pulumi: resolved.pulumi } : {}), ...(resolved.kubectl ? { kubectl: resolved.kubectl } : {}) } };
}

export function formatPreflightNote(note: PreflightNote): string {
  return `${note.subject}: ${note.message}${note.hint ? ` (→ ${note.hint})` : ''}`;
}

export function formatPreflightProblems(problems: readonly PreflightProblem[]): string {
  return `preflight failed, nothing was changed:\n${problems.map((p) => `  ✗ ${p.subject}: ${p.message}\n      → ${p.hint}\n`).join('')}`;
}
