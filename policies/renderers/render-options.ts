/** What a renderer needs beside the result model: where the evidence stands on disk. */
import type { EvidenceLocator } from '../report/locate-evidence.js';

export interface RenderOptions {
  /** The file, line and column of each finding's evidence (SARIF locations, relative to the SARIF root). */
  locate: EvidenceLocator;
}
