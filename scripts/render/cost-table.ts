/** The cost estimate as a text table, for `socle cost` and `socle synth`. */
import type { CostEstimate } from '../../sizing/cost.js';
import { table } from '../terminal.js';

const eur = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
// Storage is priced in fractions of a cent per GB: show enough digits to read the price.
const unitEur = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: n < 1 ? 4 : 2 });

export function costTable(c: CostEstimate): string {
  const rows = c.lines.map((l) => [l.item, l.quantity, l.unit, l.unitPriceEur === null ? 'n/a' : unitEur(l.unitPriceEur), l.monthlyEur === null ? 'not included' : eur(l.monthlyEur)]);
  return (
    table(['item', 'qty', 'unit', '€/unit', '€/month'], rows) +
    `\ntotal ${eur(c.monthlyTotalEur)} €/month excl. VAT, ${eur(c.perUserMonthlyEur)} € per user per month, ${eur(c.yearlyTotalEur)} € per year\n` +
    `compare: ${c.comparison.offer} ${eur(c.comparison.perUserMonthlyEur)} € per user per month = ${eur(c.comparison.monthlyTotalEur)} €/month (${c.comparison.date} list price)\n` +
    `not included: ${c.notIncluded.join('; ')}\n`
  );
}
