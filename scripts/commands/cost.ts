/** `socle cost`: the monthly list-price estimate of an environment. */
import { EXIT, formatOption, type Command } from '../command.js';

export const costCommand: Command = {
  name: 'cost',
  summary: 'print the monthly cost estimate (list prices, EUR excl. VAT) and a Microsoft 365 E3 comparison',
  usage: 'socle cost [environment] [--format table|json]',
  options: { format: { type: 'string' } },
  optionHelp: [['--format table|json', 'table for people (default), json for scripts']],
  details: 'JSON has monthlyTotalEur, perUserMonthlyEur, lines[] (unitPriceEur null = not included) and notIncluded[].',
  async run(io, values, positionals) {
    const format = formatOption(values['format'], ['table', 'json'] as const, 'table');
    const [{ loadForCommand }, { cost }, { size }, { costTable }, { stableJson }] = await Promise.all([
      import('../load-for-command.js'),
      import('../../sizing/cost.js'),
      import('../../sizing/size.js'),
      import('../render/cost-table.js'),
      import('../stable-json.js'),
    ]);
    const { environment } = loadForCommand(io, positionals, format);
    const estimate = cost(environment, size(environment));
    io.stdout.write(format === 'json' ? stableJson(estimate) : costTable(estimate));
    return EXIT.ok;
  },
};
