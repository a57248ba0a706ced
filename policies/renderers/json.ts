/** The JSON report: the result model itself (`reports/findings.json`). */
import type { Report } from '../report/report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
