/** What a renderer needs beside the result model: where the evidence stands on disk, the language, the view. */
import type { EvidenceLocator } from '../report/locate-evidence.js';
import type { Lang } from './report-words.js';

export interface RenderOptions {
  /** The file, line and column of each finding's evidence (SARIF locations, relative to the SARIF root). */
  locate: EvidenceLocator;
  /** Language of the text, Markdown and HTML reports; default `en`. Ids and evidence are not translated. */
  lang?: Lang;
  /** Failing controls and open findings only. */
  compact?: boolean;
}
