/** What a recipe is: data (what, which version, how long) and a small build function. */
import type { ToolReport } from './tool-report.js';

export interface BuildContext {
  /** The repository root (package.json lives there). */
  repoRoot: string;
  /** An empty directory that becomes the cache entry when build() resolves. */
  outDir: string;
  /** Progress for the person waiting, on stderr. */
  log(line: string): void;
}

export interface Recipe {
  /** The key of this tool in `npm run tools -- --json`. */
  name: string;
  /** The version built; may read package.json, never the network (so `--no-build` stays fast and offline). */
  version(repoRoot: string): Promise<string>;
  /** Cold build time measured on 2 cores (docs/real-tools.md); the budget plans with it. */
  estimateSeconds: number;
  /** Files whose text is the recipe in the cache key: the recipe's own file and the helpers it builds with. */
  sources: URL[];
  build(ctx: BuildContext): Promise<void>;
  /** The JSON entry for a complete cache entry directory. */
  report(entryDir: string, version: string): ToolReport;
}
