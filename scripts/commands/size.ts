/** `socle size`: the capacity plan of an environment. */
import { EXIT, formatOption, type Command } from '../command.js';

export const sizeCommand: Command = {
  name: 'size',
  summary: 'print the sizing plan: replicas, resources, node pools, licences, storage',
  usage: 'socle size [environment] [--format table|json]',
  options: { format: { type: 'string' } },
  optionHelp: [['--format table|json', 'table for people (default), json for scripts (the sizing.json contract)']],
  details: 'Exit code 1 when a chosen edition can\'t carry the expected load (licence gate).',
  async run(io, values, positionals) {
    const format = formatOption(values['format'], ['table', 'json'] as const, 'table');
    const [{ loadForCommand }, { size }, { planTables }, { stableJson }] = await Promise.all([
      import('../load-for-command.js'),
      import('../../sizing/size.js'),
      import('../render/plan-table.js'),
      import('../stable-json.js'),
    ]);
    const { environment } = loadForCommand(io, positionals, format);
    const plan = size(environment);
    io.stdout.write(format === 'json' ? stableJson(plan) : planTables(plan));
    return plan.licences.every((g) => g.sufficient) ? EXIT.ok : EXIT.blocking;
  },
};
