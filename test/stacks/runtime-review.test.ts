/**
 * stacks/README.md "Runtime review" stays true to what the stacks use: one row for every resource
 * and data source type of `USED_TYPES`, and the OpenStack rows read at the schema's release (a
 * new provider schema makes this fail until the rows are re-read and their version moved).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCE_TYPES, USED_TYPES } from '../../stacks/provider-schema/used-types.js';
import { REPO_ROOT } from './synthesized.js';

const readme = readFileSync(join(REPO_ROOT, 'stacks', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Runtime review'));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split(' | '));

describe('stacks/README.md runtime review', () => {
  it('has a row for every type the stacks use, and none for a type they dropped', () => {
    const listed = rows.flatMap((cells) => [...cells[0]!.matchAll(/`([a-z0-9_.]+)`/g)].map((m) => m[1]!)).sort();
    const used = [...Object.values(USED_TYPES).flatMap((u) => [...u.resources, ...u.dataSources.map((d) => `data.${d}`)]), ...BUILTIN_RESOURCE_TYPES].sort();
    expect(listed).toEqual(used);
  });

  it('cites the OpenStack provider at the release of the committed schema', () => {
    const openstack = USED_TYPES['registry.terraform.io/terraform-provider-openstack/openstack']!;
    expect(openstack.version).toBe(`~> ${openstack.schemaVersion!.split('.').slice(0, 2).join('.')}`);
    for (const cells of rows.filter((c) => c[0]!.includes('openstack_'))) expect(cells.at(-1)).toContain(`@v${openstack.schemaVersion}`);
  });
});
