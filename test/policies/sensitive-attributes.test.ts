/** The secret-scan list of sensitive Terraform attributes holds every attribute the provider schema marks sensitive. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SENSITIVE_PROVIDER_ATTRIBUTES, SENSITIVE_RESOURCE_ATTRIBUTES } from '../../policies/catalogue/sensitive-attributes.js';
import { REPO_ROOT } from '../cli/capture-io.js';

interface Block {
  attributes?: Record<string, { sensitive?: boolean }>;
  block_types?: Record<string, { block: Block }>;
}

function sensitive(block: Block, prefix = ''): string[] {
  return [
    ...Object.entries(block.attributes ?? {}).filter(([, a]) => a.sensitive).map(([name]) => `${prefix}${name}`),
    ...Object.entries(block.block_types ?? {}).flatMap(([name, nested]) => sensitive(nested.block, `${prefix}${name}.`)),
  ];
}

// The provider v3.4.0 schema the repository ships (stacks/provider-schema/, a copy of the reference).
const SCHEMA = join(REPO_ROOT, 'stacks', 'provider-schema', 'openstack-provider-schema.json');

describe('sensitive attributes', () => {
  it('cover every attribute the OpenStack provider v3.4.0 schema marks sensitive', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { provider_schemas: Record<string, { provider: { block: Block }; resource_schemas: Record<string, { block: Block }> }> };
    const openstack = Object.values(schema.provider_schemas)[0]!;
    for (const [type, resource] of Object.entries(openstack.resource_schemas)) {
      for (const attribute of sensitive(resource.block)) expect(SENSITIVE_RESOURCE_ATTRIBUTES[type] ?? [], `${type}.${attribute}`).toContain(attribute);
    }
    for (const attribute of sensitive(openstack.provider.block)) expect(SENSITIVE_PROVIDER_ATTRIBUTES).toContain(attribute);
  });
});
