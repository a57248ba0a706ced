/** Generated documentation pages: path → renderer. A test compares each with the file on disk. */
import { environmentReferenceMarkdown } from './environment-reference.js';
import { sizingTableMarkdown } from './sizing-table.js';

export const GENERATED_DOCS: Record<string, () => string> = {
  'docs/sizing.md': sizingTableMarkdown,
  'docs/environment-reference.md': environmentReferenceMarkdown,
};
