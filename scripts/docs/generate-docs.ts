/** `npm run docs`: writes the generated reference pages under docs/. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../environment-argument.js';
import { GENERATED_DOCS } from './generated-docs.js';

for (const [file, render] of Object.entries(GENERATED_DOCS)) {
  writeFileSync(join(PACKAGE_ROOT, file), render());
  console.log(`wrote ${file}`);
}
