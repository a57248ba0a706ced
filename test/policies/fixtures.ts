/**
 * Policy fixtures: `test/policies/fixtures/<policy-id>/{pass,fail-*}.yaml`. Each holds what it
 * changes from `base.yaml` (environment and sizing merged over the base; Terraform stacks,
 * manifests, `deploy/` files and plans given whole) and the exact findings its policy must produce.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dump, load } from 'js-yaml';
import { isObject, type Json } from '../../policies/artifacts/json.js';
import type { PlanInput } from '../../policies/artifacts/read-artifacts.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface ExpectedFinding {
  resource: string;
  /** The policy's finer rule, when the finding names one. */
  rule?: string;
  message: string;
}

export interface Fixture {
  policy: string;
  /** `pass`, `fail-…`. */
  name: string;
  files: Map<string, string>;
  plans: PlanInput[];
  now: Date;
  expect: ExpectedFinding[];
}


/** Mappings merge key by key; lists and scalars replace; `null` removes the key. */
export function merge(base: unknown, overlay: unknown): unknown {
  if (!isObject(base) || !isObject(overlay)) return overlay;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete out[key];
    else out[key] = merge(base[key], value);
  }
  return out;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The artifact files a fixture document describes (the same layout as `out/<name>/`). */
export function fixtureFiles(doc: Json): { files: Map<string, string>; plans: PlanInput[] } {
  const base = load(readFileSync(join(FIXTURES_DIR, 'base.yaml'), 'utf8')) as Json;
  const files = new Map<string, string>();
  files.set('environment.json', json(merge(base['environment'], doc['environment'] ?? {})));
  if (doc['sizing'] !== false) files.set('sizing.json', json(merge(base['sizing'], doc['sizing'] ?? {})));
  for (const [stack, tf] of Object.entries((doc['terraform'] as Json | undefined) ?? {})) files.set(`terraform/${stack}/cdk.tf.json`, json(tf));
  for (const [file, objects] of Object.entries((doc['manifests'] as Json | undefined) ?? {})) {
    files.set(`manifests/${file}`, (objects as unknown[]).map((o) => dump(o, { noRefs: true, lineWidth: -1 })).join('---\n'));
  }
  for (const [file, content] of Object.entries((doc['deploy'] as Json | undefined) ?? {})) files.set(`deploy/${file}`, json(content));
  const plans = Object.entries((doc['plans'] as Json | undefined) ?? {}).map(([path, plan]) => ({ path, content: json(plan) }));
  return { files, plans };
}

export function loadFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const policy of readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(FIXTURES_DIR, policy)).filter((f) => f.endsWith('.yaml')).sort()) {
      const doc = load(readFileSync(join(FIXTURES_DIR, policy, file), 'utf8')) as Json;
      fixtures.push({
        policy,
        name: file.replace(/\.yaml$/, ''),
        ...fixtureFiles(doc),
        now: new Date(typeof doc['now'] === 'string' ? doc['now'] : '2026-11-23T12:00:00Z'),
        expect: (doc['expect'] as ExpectedFinding[] | undefined) ?? [],
      });
    }
  }
  return fixtures;
}
