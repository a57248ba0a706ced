/** The JSON report: the result model itself (`reports/findings.json`). */
import type { Report } from '../report/report.js';
import { escapedJson } from '../report/printable.js';

export function renderJson(report: Report): string {
  return `${escapedJson(JSON.stringify(report, null, 2))}\n`;
}
