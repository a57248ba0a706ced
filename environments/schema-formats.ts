/**
 * Every format the environment schema may name, as one object: ajv-formats' (full mode) and
 * socle's (formats.ts). The compiled schema calls the function-valued ones through it; the
 * standalone validator `npm run build` writes imports it (ajv `code.formats`).
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { SOCLE_FORMATS } from './formats.js';

export const SCHEMA_FORMATS = {
  ...fullFormats,
  ...Object.fromEntries(Object.entries(SOCLE_FORMATS).map(([name, validate]) => [name, { type: 'string' as const, validate }])),
};
