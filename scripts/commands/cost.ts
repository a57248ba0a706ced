/** `socle cost`: the monthly list-price estimate of an environment. */
import { cost } from '../../sizing/cost.js';
import { size } from '../../sizing/size.js';
import { EXIT, formatOption, type Command } from '../command.js';
import { loadForCommand } from '../load-for-command.js';
import { costTable } from '../render/cost-table.js';
import { stableJson } from '../stable-json.js';

export const costCommand: Command = {
  name: 'cost',
  summary: 'print the monthly cost estimate (list prices, EUR excl. VAT) and a Microsoft 365 E3 comparison',
  usage: 'socle cost [environment] [--format table|json]',
  options: { format: { type: 'string' } },
  optionHelp: [['--format table|json', 'table for people (default), json for scripts']],
  details: 'JSON has monthlyTotalEur, perUserMonthlyEur, lines[] (unitPriceEur null = not included) and notIncluded[].',
  async run(io, values, positionals) {
    const format = formatOption(values['format'], ['table', 'json'] as const, 'table');
    const { environment } = loadForCommand(io, positionals, format);
    const estimate = cost(environment, size(environment));
    io.stdout.write(format === 'json' ? stableJson(estimate) : costTable(estimate));
    return EXIT.ok;
  },
};
