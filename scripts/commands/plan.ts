/** `socle plan`: what a deploy would change, saved for review, checked against the policies. */
import type { Command } from '../command.js';
import { loadDefaultDeps, type OperateDeps } from '../operate/flows/operate-context.js';
import { STEP_TIMEOUT_HELP, STEP_TIMEOUT_OPTION, stepTimeoutSeconds } from '../operate/flows/step-deadline.js';
import { OPERATE_ENVIRONMENT_HELP, OPERATE_EXIT_HELP } from '../operate/flows/operate-help.js';

export function planCommandWith(deps: () => OperateDeps | Promise<OperateDeps>): Command {
  return {
    name: 'plan',
    summary: 'plan the infrastructure and workloads changes, save them for review, run the policy checks',
    usage: 'socle plan [environment] [--step-timeout SECONDS] [--json]',
    options: { ...STEP_TIMEOUT_OPTION, json: { type: 'boolean' } },
    optionHelp: [STEP_TIMEOUT_HELP, ['--json', 'stream progress and the summary as JSON lines on stdout']],
    details: [
      'Synthesizes out/<name>/, then per stack in dependency order: tofu init (state backend from',
      'state.terraform), tofu plan -out, tofu show -json; then socle check on the saved plans (blocking',
      'findings stop here; waivers apply); then pulumi preview of the workloads. The reviewed plan is',
      'recorded in out/<name>/plans/manifest.json for `socle deploy`. A stack whose dependencies have',
      'changes is planned after they are applied. Re-running after a failure resumes at the failed step.',
      '',
      OPERATE_ENVIRONMENT_HELP,
      '',
      OPERATE_EXIT_HELP,
    ].join('\n'),
    async run(io, values, positionals) {
      const [{ runFlow }, { planFlow }] = await Promise.all([import('../operate/flows/operate-run.js'), import('../operate/flows/plan-flow.js')]);
      return runFlow(io, planFlow, positionals, { json: values['json'] === true, stepTimeoutSeconds: stepTimeoutSeconds(values['step-timeout']) }, await deps());
    },
  };
}

export const planCommand = planCommandWith(loadDefaultDeps);
