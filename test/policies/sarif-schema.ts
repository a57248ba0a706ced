/** A validator for SARIF 2.1.0 logs, from the schema an npm package ships (pinned in package.json). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

// The SARIF 2.1.0 schema (rtm.5, the published OASIS standard) as Microsoft's sarif-js-sdk ships
// it in @microsoft/jest-sarif 1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json, MIT). It is
// draft-04: ajv (draft-07) reads it once its draft-04 `$schema` and `id` are set aside.
const SCHEMA = join(dirname(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

export function sarifValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  delete schema['$schema'];
  delete schema['id'];
  const ajv = new Ajv.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
