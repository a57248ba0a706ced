/** `socle deploy`: applies the reviewed plan, then the operators, the workloads, and checks it works. */
import { UsageError, type Command } from '../command.js';
import { loadDefaultDeps, type OperateDeps } from '../operate/flows/operate-context.js';
import { OPERATE_ENVIRONMENT_HELP, OPERATE_EXIT_HELP } from '../operate/flows/operate-help.js';
import { STEP_TIMEOUT_HELP, STEP_TIMEOUT_OPTION, stepTimeoutSeconds } from '../operate/flows/step-deadline.js';

const DEFAULT_SMOKE_TIMEOUT_SECONDS = 600;

function smokeTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_SMOKE_TIMEOUT_SECONDS;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`--smoke-timeout must be a whole number of seconds (got "${String(value)}")`);
  return n;
}

export function deployCommandWith(deps: () => OperateDeps | Promise<OperateDeps>): Command {
  return {
    name: 'deploy',
    summary: 'apply the reviewed plan, deploy the operators and workloads, run smoke checks',
    usage: 'socle deploy [environment] [--auto-approve] [--smoke-timeout SECONDS] [--step-timeout SECONDS] [--json]',
    options: { ...STEP_TIMEOUT_OPTION, 'auto-approve': { type: 'boolean' }, 'smoke-timeout': { type: 'string' }, json: { type: 'boolean' } },
    optionHelp: [
      STEP_TIMEOUT_HELP,
      ['--auto-approve', 'plan, check and apply stacks that had to wait for their dependencies, without stopping for review'],
      ['--smoke-timeout SECONDS', `how long smoke checks keep retrying (default ${DEFAULT_SMOKE_TIMEOUT_SECONDS})`],
      ['--json', 'stream progress and the summary as JSON lines on stdout'],
    ],
    details: [
      'Applies the saved plans of `socle plan`, after checking them again; a stack that could only be planned',
      'now (it waited for its dependencies) is applied only with --auto-approve, after its own policy check.',
      'Then: tofu output -json, cluster access (kubeconfig by cluster mode), the stack credentials as',
      'Pulumi secret config, pulumi up (the operators cert-manager, CloudNativePG and Traefik as pinned',
      "Helm releases, then the suite), and smoke checks (each app's HTTPS health URL, videobridges Ready).",
      'Re-running after a failure resumes at the failed step.',
      '',
      OPERATE_ENVIRONMENT_HELP,
      '',
      OPERATE_EXIT_HELP,
    ].join('\n'),
    async run(io, values, positionals) {
      const [{ runFlow }, { deployFlow }] = await Promise.all([import('../operate/flows/operate-run.js'), import('../operate/flows/deploy-flow.js')]);
      return runFlow(io, deployFlow({ autoApprove: values['auto-approve'] === true, smokeTimeoutSeconds: smokeTimeout(values['smoke-timeout']) }), positionals, { json: values['json'] === true, stepTimeoutSeconds: stepTimeoutSeconds(values['step-timeout']) }, await deps());
    },
  };
}

export const deployCommand = deployCommandWith(loadDefaultDeps);
