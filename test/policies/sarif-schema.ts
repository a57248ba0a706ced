/** A validator for SARIF 2.1.0 logs, from the schema vendored beside the tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

// The SARIF 2.1.0 (rtm.5, the published standard) schema, vendored from the MIT-licensed npm
// package @microsoft/jest-sarif 1.0.0-beta.0 (lib/schemas/). It is draft-04: ajv (draft-07) reads
// it once its draft-04 `$schema` and `id` are set aside.
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  delete schema['$schema'];
  delete schema['id'];
  const ajv = new Ajv.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

