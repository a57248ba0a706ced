/**
 * What a report shows of strings that come from the checked folder (environment.json, manifests,
 * Terraform files, file names): a folder someone else wrote may put control characters, ANSI/OSC
 * escapes, line breaks or bidi overrides there, which would repaint the terminal, forge a line
 * (a fake PASS) or show text other than what is there (hostile-inputs review D4). The characters
 * environment validation refuses (environments/control-characters.ts) are shown as `\uXXXX`
 * in the human formats; the JSON formats keep the value and escape them the JSON way.
 */
import { FORBIDDEN } from '../../environments/control-characters.js';
import type { Report } from './report.js';

const UNPRINTABLE = new RegExp(FORBIDDEN.source, 'g');
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control and bidi character written out as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escaped);
}

/** The report with every string (keys of evidence values too) made printable: what text, Markdown and JUnit render. */
export function printableReport(report: Report): Report {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return printable(value);
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), visit(v)]));
    return value;
  };
  return visit(report) as Report;
}

/**
 * JSON text with the characters JSON.stringify leaves raw (DEL, C1, bidi controls; it escapes C0
 * itself) escaped too: same value for a parser, nothing a terminal or viewer acts on. Outside
 * strings JSON text holds none of those, so the whole text can be scanned.
 */
export function escapedJson(json: string): string {
  // C0 left raw is the layout's own line breaks (JSON.stringify escapes C0 inside strings).
  return json.replace(UNPRINTABLE, (c) => (c < ' ' ? c : escaped(c)));
}
