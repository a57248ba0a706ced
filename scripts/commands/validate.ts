/** `socle validate`: checks an environment file and reports every problem with its position. */
import { EXIT, formatOption, type Command } from '../command.js';
import { paint } from '../terminal.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check an environment file (schema, regions, flavors, cross-field rules)',
  usage: 'socle validate [environment] [--format table|json]',
  options: { format: { type: 'string' } },
  optionHelp: [['--format table|json', 'how to print problems (default: table)']],
  details: 'Problems are printed as `file:line:col  field.path  message  (hint)`; exit code 2 when there is any.',
  async run(io, values, positionals) {
    const format = formatOption(values['format'], ['table', 'json'] as const, 'table');
    const { loadForCommand } = await import('../load-for-command.js');
    const { environment, file } = loadForCommand(io, positionals, format);
    if (format === 'json') io.stdout.write(`${JSON.stringify({ ok: true, file, problems: [], environment }, null, 2)}\n`);
    else io.stdout.write(`${paint(io).green('valid')}  ${file}  (${environment.name}: ${environment.users} users, ${environment.cloud.provider} ${environment.cloud.region}, profile ${environment.profile})\n`);
    return EXIT.ok;
  },
};
