/**
 * Duplicate keys in artifact JSON are refused by one linear scan (json-structure.ts). Until then
 * they were refused by reading the JSON again with js-yaml; the same js-yaml (a dependency) is the
 * reference here, so message and position stay what they were: the first duplicate js-yaml meets
 * is the one reported, at the same line and column.
 */
import { JSON_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ArtifactError } from '../../policies/artifacts/artifacts.js';
import { parseJson } from '../../policies/artifacts/parse-text.js';

const SUFFIX = ': a key written twice (Terraform and kubectl would read both or the last; check refuses to guess)';

/** What the js-yaml reading said: `undefined` when it accepts the text. */
function jsYamlVerdict(text: string): string | undefined {
  try {
    load(text, { schema: JSON_SCHEMA, maxDepth: 128, maxAliases: 0 });
    return undefined;
  } catch (e) {
    const { reason, mark } = e as { reason: string; mark: { line: number; column: number } };
    return `f.json: ${reason} at line ${mark.line + 1}, column ${mark.column + 1}${SUFFIX}`;
  }
}

function verdict(text: string): string | undefined {
  try {
    parseJson('f.json', text);
    return undefined;
  } catch (e) {
    if (!(e instanceof ArtifactError)) throw e;
    return e.message;
  }
}

const cases: [string, string, string | undefined][] = [
  ['top level', '{"a":1,"a":2}', 'line 1, column 9'],
  ['at depth', '{\n  "x": {"y": {"b": 1,\n   "b": 2}}}', 'line 3, column 5'],
  ['in an array of objects', '[{"k":1},{"k":2,"k":3}]', 'line 1, column 18'],
  ['the same key in sibling objects is no duplicate', '[{"k":1},{"k":2}]', undefined],
  ['the same key at two depths is no duplicate', '{"a":{"a":{"a":1}}}', undefined],
  ['a \\u escape spells the same key', '{"a":1,"\\u0061":2}', 'line 1, column 9'],
  ['an escaped quote in a key', '{"a\\"b":1,"a\\"b":2}', 'line 1, column 12'],
  ['a surrogate pair, escaped and not', '{"\u{1f600}":1,"\\ud83d\\ude00":2}', 'line 1, column 10'],
  ['a lone escaped surrogate', '{"\\ud800":1,"\\ud800":2}', 'line 1, column 14'],
  ['keys differing by case are two keys', '{"a":1,"A":2}', undefined],
  ['a key in a value string is no key', '{"a":"{\\"a\\":1,\\"a\\":2}","b":",\\"b\\""}', undefined],
  ['the empty key', '{"":1,"":2}', 'line 1, column 8'],
  ['__proto__', '{"__proto__":1,"__proto__":2}', 'line 1, column 17'],
  ['a duplicate inside a duplicate value comes first', '{"a":1,"a":{"b":1,"b":2}}', 'line 1, column 20'],
  ['a deeper one earlier in the text comes first', '{"a":1,"b":{"c":[{"d":1,"d":2}]},"b":2}', 'line 1, column 26'],
  ['a duplicate before a later deeper one', '{"a":1,"a":2,"b":{"c":1,"c":2}}', 'line 1, column 9'],
  ['CRLF line ends', '{"x":1,\r\n"x":2}', 'line 2, column 2'],
  ['CR line ends', '{\r\n"y":{"x":1,\r\r"x":2}}', 'line 4, column 2'],
  ['U+2028 is no line break', '{"a\u2028":1,"x":{"q":1,"q":2}}', 'line 1, column 21'],
];

describe('duplicate keys in JSON', () => {
  it.each(cases)('%s', (_, text, at) => {
    const expected = at === undefined ? undefined : `f.json: duplicated mapping key at ${at}${SUFFIX}`;
    expect(verdict(text)).toBe(expected);
    expect(jsYamlVerdict(text)).toBe(expected);
  });

  it('a key long enough to be no YAML implicit key', () => {
    const k = 'k'.repeat(2000);
    const text = `{"x":{"${k}":1,"${k}":2}}`;
    expect(verdict(text)).toBe(jsYamlVerdict(text));
    expect(verdict(text)).toMatch(/column 2013:/);
  });

  it('invalid JSON is reported as such even with a duplicate before the fault', () => {
    expect(verdict('{"a":1,"a":2,')).toMatch(/^f\.json: not valid JSON/);
  });

  it('nesting beyond the limit is reported before a duplicate', () => {
    expect(verdict(`{"a":1,"a":${'['.repeat(200)}${']'.repeat(200)}}`)).toBe('f.json: nested 201 levels deep, more than the 128 a check reads');
  });

  it('agrees with js-yaml on every object of a Terraform stack with one key repeated at each place', () => {
    // Each object of a socle-shaped document gets one of its keys written again: every position is tried.
    const doc = { resource: { openstack_compute_instance_v2: { a: { name: 'a', network: [{ uuid: 'n', fixed_ip_v4: '10.0.0.1' }], metadata: { 'é': '1' } } } }, output: { x: { value: [1, { y: null }] } } };
    const base = JSON.stringify(doc, null, 2);
    let tried = 0;
    for (let at = base.indexOf('"'); at >= 0; at = base.indexOf('"', at + 1)) {
      const end = base.indexOf('"', at + 1);
      if (base[end + 1] !== ':') {
        at = end;
        continue;
      }
      // Insert a copy of this key (value 0) right after it: `"k": 0, "k": …`.
      const text = `${base.slice(0, at)}${base.slice(at, end + 1)}: 0,\n${base.slice(at)}`;
      expect(verdict(text), text).toBe(jsYamlVerdict(text));
      expect(verdict(text)).toMatch(/duplicated mapping key/);
      tried += 1;
      at = end;
    }
    expect(tried).toBeGreaterThan(10);
    expect(verdict(base)).toBeUndefined();
  });
});
