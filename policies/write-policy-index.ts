/** Writes `policies/README.md` from the registry: `npx tsx policies/write-policy-index.ts`. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyIndex } from './policy-index.js';

writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'README.md'), policyIndex());
