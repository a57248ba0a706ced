/**
 * JSON Schema validation of an environment document (ajv, draft 2020-12), turning every ajv error
 * into a Problem with a position, a plain message and a hint. All problems are collected.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from './schema/environment.schema.json' with { type: 'json' };
import { closest } from './did-you-mean.js';
import type { Problem } from './problems.js';
import { STANDALONE_VALIDATORS } from './schema-validator-file.js';
import type { PositionIndex } from './yaml-positions.js';

export const ENVIRONMENT_SCHEMA = schema;

/**
 * Compiled (this module ends in `.js`, in dist/): the standalone validator `npm run build` wrote
 * beside it. From the sources (tsx, vitest): compiled now by the same code (schema-compiler.ts).
 */
const validate: ValidateFunction = import.meta.url.endsWith('.js')
  ? ((await import(new URL(STANDALONE_VALIDATORS.environment, import.meta.url).href)) as { validate: ValidateFunction }).validate
  : (await import('./schema-compiler.js')).compileSchema('environment');

/** `/cloud/flavors/0` → `cloud.flavors[0]`. */
function toPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The sub-schema at a schema path such as `#/properties/cloud/properties/flavors/additionalProperties`. */
function schemaAt(schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  const segments = schemaPath.replace(/^#\//, '').split('/');
  segments.pop();
  for (const seg of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (typeof node === 'object' && node !== null && '$ref' in node) {
      const ref = String((node as Record<string, unknown>)['$ref']).replace(/^#\//, '').split('/');
      node = ref.reduce<unknown>((n, r) => (n as Record<string, unknown>)[r], schema);
    }
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}

/** Every field path of the schema where a property named `key` is defined (`cloud.availabilityZones`). */
function placesOf(key: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (depth > 6 || typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n['$ref'] === 'string') return visit(String(n['$ref']).replace(/^#\//, '').split('/').reduce<unknown>((o, r) => (o as Record<string, unknown>)[r], schema), path, depth + 1);
    const props = (n['properties'] ?? {}) as Record<string, unknown>;
    for (const [name, sub] of Object.entries(props)) {
      if (name === key) found.push(join(path, name));
      visit(sub, join(path, name), depth + 1);
    }
    if (n['items']) visit(n['items'], `${path}[]`, depth + 1);
  };
  visit(schema, '', 0);
  return found;
}

/**
 * What each pattern of the schema expects, in words: "does not have the expected form" alone
 * leaves the reader to decode a regular expression. A test keeps every schema pattern listed.
 */
export const PATTERN_FORMS: Readonly<Record<string, string>> = {
  '^#[0-9a-fA-F]{6}$': 'a colour as # and six hex digits, such as "#000091" (quoted)',
  '^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$': 'an IPv4 CIDR with its prefix length, such as 203.0.113.0/24',
  '^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$': 'a lower-case DNS name such as collab.example.fr (no https://, no path, no trailing dot)',
  '^(\\S+\\s+){4}\\S+$': 'a cron expression of five fields, such as "0 2 * * *"',
  '^(s3|file|https|azblob|gs)://': 'a backend URL starting with s3://, file://, https://, azblob:// or gs://',
  '^1\\.[0-9]{2}$': 'a Kubernetes minor version such as "1.36" (quoted, no patch number)',
  '^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*$': 'a registry host and path such as registry.example.fr/socle (no https://)',
  '^[a-z0-9.-]+(:[0-9]{1,5})?$': 'a host or host:port such as stun.example.fr:3478 (no stun: prefix)',
  '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$': 'an S3 bucket name: 3 to 63 lower-case letters, digits, dots and dashes',
  '^[a-z]+(-[a-z0-9]+)+$': 'a policy id such as residency-acme-ca',
  '^[a-z][a-z0-9-]{1,30}[a-z0-9]$': 'a name of 3 to 32 lower-case letters, digits and dashes, starting with a letter',
  '^https://': 'an https:// URL',
  '^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*/?$': 'an https:// URL of a host, optional port and path, in letters, digits and . _ ~ - only (no query, no spaces or shell characters), such as https://artefacts.example.fr/socle',
  '^[0-9a-f]{64}$': 'a SHA-256 as 64 lower-case hex digits (sha256sum prints it)',
  '^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,3}( [^\\n]*)?$':
    'an OpenSSH public key on one line: its type (ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa…), the base64 key, an optional comment — the content of a .pub file',
};

/** What each `format` expects, in words. */
const FORMAT_FORMS: Readonly<Record<string, string>> = {
  'cidr-v4': 'an IPv4 CIDR with its prefix length, such as 203.0.113.0/24',
  cron: 'a five-field cron schedule (minute hour day-of-month month day-of-week), such as "0 2 * * *"',
  date: 'a calendar date as YYYY-MM-DD, such as "2027-06-30"',
  email: 'an email address',
  hostname: 'a host name',
  uri: 'a URL such as https://example.fr/path',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function toProblem(e: ErrorObject, doc: unknown, file: string, positions: PositionIndex): Problem | undefined {
  const path = toPath(e.instancePath);
  const value = valueAt(doc, e.instancePath);
  const at = (p: string, which: 'key' | 'value' = 'value') => ({ file, ...positions.find(p, which) });
  const own = schemaAt(e.schemaPath);
  // A list item without a description of its own (an admin CIDR, a STUN server) takes the list's.
  const list = /\/items\/[^/]+$/.test(e.schemaPath) ? schemaAt(e.schemaPath.replace(/\/items\/[^/]+$/, '/x')) : undefined;
  const description = [own?.['description'], list?.['description']].find((d): d is string => typeof d === 'string');

  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const parent = schemaAt(e.schemaPath);
      const known = Object.keys((parent?.['properties'] as Record<string, unknown>) ?? {}).filter((k) => k !== '$schema');
      const guess = closest(key, known);
      const elsewhere = guess ? undefined : placesOf(key).filter((p) => p !== join(path, key));
      return {
        code: 'unknown-key',
        ...at(join(path, key), 'key'),
        path: join(path, key),
        message: `unknown field "${key}"`,
        hint: guess ? `did you mean "${guess}"?` : elsewhere?.length ? `"${key}" belongs ${elsewhere.map((p) => (p === key ? 'at the top level' : `under ${p.slice(0, -key.length - 1)}`)).join(' or ')}: move it there` : `known fields here: ${known.join(', ')}`,
      };
    }
    case 'required': {
      const missing = String(e.params['missingProperty']);
      const sub = schemaAt(`${e.schemaPath.replace(/\/required$/, '')}/properties/${missing}/x`);
      const subDescription = typeof sub?.['description'] === 'string' ? String(sub['description']) : undefined;
      return {
        code: 'missing-field',
        ...at(path, 'key'),
        path: join(path, missing),
        message: `required field "${missing}" is missing`,
        hint: subDescription ? `add ${missing}: ${subDescription}` : `add "${missing}"`,
      };
    }
    case 'type': {
      const expected = String(e.params['type']);
      let hint = description;
      // An empty value is most often a value that YAML read as a comment (`color: #000091`).
      if (value === null) hint = 'the value is empty: write one (in YAML, # starts a comment, so quote values such as "#000091")';
      // YAML 1.2 reads yes/no/on/off as text.
      else if (expected === 'boolean') hint = 'write true or false';
      // `kubernetesVersion: 1.30` is the number 1.3 to YAML.
      else if (expected === 'string' && typeof value === 'number') hint = `quote the value: YAML reads it as the number ${value}`;
      // `users: "1000"`: quotes make a number text.
      else if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) hint = `remove the quotes: ${value.trim()}`;
      // `users: 9,000` or `9 000`: no thousands separators.
      else if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && /^\s*\d{1,3}([,\s_'\u00a0\u202f]\d{3})+\s*$/.test(value)) hint = `write the number without separators: ${value.replace(/\D/g, '')}`;
      // `concurrentShare: 30%`: shares are fractions.
      else if (expected === 'number' && typeof value === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(value)) hint = `write the share as a fraction: ${parseFloat(value) / 100}`;
      // `ramGb: 8GB`: the unit is in the field name.
      else if ((expected === 'integer' || expected === 'number') && typeof value === 'string' && /^\s*\d+(\.\d+)?\s*[a-zA-Z]+\s*$/.test(value)) hint = `write the number alone (the unit is in the field name): ${parseFloat(value)}`;
      // `wekan: false`: an app is switched off inside its mapping.
      else if (expected === 'object' && typeof value === 'boolean' && (own?.['properties'] as Record<string, unknown> | undefined)?.['enabled']) hint = `write ${path.split('.').pop()}: { enabled: ${value} }`;
      return {
        code: 'wrong-type',
        ...at(path),
        path,
        message: `expected ${expected}, got ${value === null ? 'an empty value' : describe(value)}`,
        hint,
      };
    }
    case 'enum':
    case 'const': {
      const allowed = (e.keyword === 'const' ? [e.params['allowedValue']] : (e.params['allowedValues'] as unknown[])).map(String);
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      return {
        code: 'not-allowed',
        ...at(path),
        path,
        message: `${describe(value)} is not allowed; expected ${allowed.map((a) => `"${a}"`).join(' or ')}`,
        hint: guess ? `did you mean "${guess}"?` : description,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = e.params['limit'];
      const words: Record<string, string> = {
        minimum: `below the minimum ${limit}`,
        maximum: `above the maximum ${limit}`,
        exclusiveMinimum: `not above ${limit}`,
        exclusiveMaximum: `not below ${limit}`,
      };
      return { code: 'out-of-range', ...at(path), path, message: `${String(value)} is ${words[e.keyword]}`, hint: description };
    }
    case 'pattern':
    case 'format':
      return {
        code: 'invalid-format',
        ...at(path),
        path,
        message:
          e.keyword === 'format'
            ? `${describe(value)} is not ${FORMAT_FORMS[String(e.params['format'])] ?? `a valid ${String(e.params['format'])}`}`
            : PATTERN_FORMS[String(e.params['pattern'])] !== undefined
              ? `${describe(value)} is not ${PATTERN_FORMS[String(e.params['pattern'])]}`
              : `${describe(value)} does not have the expected form`,
        hint: description,
      };
    case 'minLength':
    case 'maxLength':
      return {
        code: 'out-of-range',
        ...at(path),
        path,
        message: `${describe(value)} is ${e.keyword === 'minLength' ? 'shorter than' : 'longer than'} ${String(e.params['limit'])} characters`,
        hint: description,
      };
    case 'maxItems':
    case 'minItems':
      return {
        code: 'out-of-range',
        ...at(path),
        path,
        message: `the list has ${(value as unknown[]).length} items; ${e.keyword === 'maxItems' ? 'at most' : 'at least'} ${String(e.params['limit'])} allowed`,
        hint: description,
      };
    case 'uniqueItems': {
      // Point at the later of the two equal items: the earlier one is the original.
      const [first, later] = [Number(e.params['i']), Number(e.params['j'])].sort((a, b) => a - b);
      return {
        code: 'duplicate-item',
        ...at(`${path}[${later}]`),
        path: `${path}[${later}]`,
        message: `item ${later} repeats item ${first}`,
        hint: 'remove the duplicate',
      };
    }
    default:
      return { code: 'invalid', ...at(path), path, message: e.message ?? 'invalid value', hint: description };
  }
}

export function validateAgainstSchema(doc: unknown, file: string, positions: PositionIndex): Problem[] {
  if (validate(doc)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  // A value failing both its `format` and its `pattern` is one mistake: report it once, with the
  // more telling message (the pattern's, which says what to write, then the format's).
  const rank = (e: ErrorObject) => (e.keyword === 'pattern' && PATTERN_FORMS[String(e.params['pattern'])] !== undefined ? 0 : e.keyword === 'format' ? 1 : 2);
  const errors = [...(validate.errors ?? [])].sort((a, b) => rank(a) - rank(b));
  for (const e of errors) {
    const p = toProblem(e, doc, file, positions);
    if (!p) continue;
    const id = p.code === 'invalid-format' ? `${p.code}|${p.path}` : `${p.code}|${p.path}|${p.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(p);
    }
  }
  return problems;
}
