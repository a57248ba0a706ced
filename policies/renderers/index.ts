/** One renderer per format, over the one result model; and the report files `socle synth` writes. */
import type { Report } from '../report/report.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { RenderOptions } from './render-options.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const RENDERERS: Record<Format, (report: Report, options: RenderOptions) => string> = {
  text: (report, options) => renderText(report, undefined, options),
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: renderHtml,
};

/** `out/<name>/reports/`: every machine and human format but the terminal one. */
export const REPORT_FILES: Readonly<Record<string, Exclude<Format, 'text'>>> = {
  'reports/findings.json': 'json',
  'reports/report.sarif': 'sarif',
  'reports/junit.xml': 'junit',
  'reports/report.md': 'markdown',
};

export function reportFiles(report: Report, options: RenderOptions): Map<string, string> {
  return new Map(Object.entries(REPORT_FILES).map(([path, format]) => [path, RENDERERS[format](report, options)]));
}
