/** `socle destroy`: takes an environment down, keeping its data unless told twice. */
import { UsageError, type Command } from '../command.js';
import { loadDefaultDeps, type OperateDeps } from '../operate/flows/operate-context.js';
import { OPERATE_ENVIRONMENT_HELP, OPERATE_EXIT_HELP } from '../operate/flows/operate-help.js';
import { STEP_TIMEOUT_HELP, STEP_TIMEOUT_OPTION, stepTimeoutSeconds } from '../operate/flows/step-deadline.js';

export function destroyCommandWith(deps: () => OperateDeps | Promise<OperateDeps>): Command {
  return {
    name: 'destroy',
    summary: 'take an environment down: workloads, then compute; data stores are kept unless --delete-data',
    usage: 'socle destroy [environment] [--yes] [--delete-data [--confirm-name NAME]] [--step-timeout SECONDS] [--json]',
    options: { ...STEP_TIMEOUT_OPTION, yes: { type: 'boolean', short: 'y' }, 'delete-data': { type: 'boolean' }, 'confirm-name': { type: 'string' }, json: { type: 'boolean' } },
    optionHelp: [
      STEP_TIMEOUT_HELP,
      ['-y, --yes', 'do not ask for confirmation (required without a terminal)'],
      ['--delete-data', 'also delete the data stores (buckets, databases, volumes, backups); asks for the name'],
      ['--confirm-name NAME', 'the environment name, typed back, for --delete-data without a terminal'],
      ['--json', 'stream progress and the summary as JSON lines on stdout'],
    ],
    details: [
      'Removes the workloads (pulumi destroy; their data volumes stay, reclaim policy Retain, and are',
      'listed), then each stack in reverse order through a saved destroy plan. Stacks holding data stores',
      '(resources with prevent_destroy: buckets, backups) stay, with the stacks they read from, unless',
      '--delete-data is given and the environment name is typed back: then the volumes and stores go too.',
      '',
      OPERATE_ENVIRONMENT_HELP,
      '',
      OPERATE_EXIT_HELP,
    ].join('\n'),
    async run(io, values, positionals) {
      const deleteData = values['delete-data'] === true;
      const confirmName = typeof values['confirm-name'] === 'string' ? values['confirm-name'] : undefined;
      if (confirmName !== undefined && !deleteData) throw new UsageError('--confirm-name only goes with --delete-data');
      const json = values['json'] === true;
      const [{ runFlow }, { destroyFlow }] = await Promise.all([import('../operate/flows/operate-run.js'), import('../operate/flows/destroy-flow.js')]);
      const flow = destroyFlow({ yes: values['yes'] === true, deleteData, ...(confirmName !== undefined ? { confirmName } : {}), show: (text) => (json ? io.stderr : io.stdout).write(text) });
      return runFlow(io, flow, positionals, { json }, await deps());
    },
  };
}

export const destroyCommand = destroyCommandWith(loadDefaultDeps);
