/**
 * The provider schemas (`terraform providers schema -json` format) socle validates against,
 * loaded once from `stacks/provider-schema/` and indexed by provider source.
 */
import { readFileSync } from 'node:fs';
import { PROVIDER_SCHEMA_FILES, providerSchemaPath } from '../provider-schema/provider-schema-files.js';

/** A cty type as Terraform prints it: `"string"`, `["list","string"]`, `["object",{…}]`, … */
export type CtyType = string | [string, unknown];

export interface AttributeSchema {
  /** Absent only for plugin-framework nested attributes, which the providers socle uses don't have. */
  type?: CtyType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}

export interface BlockSchema {
  attributes?: Record<string, AttributeSchema>;
  block_types?: Record<string, NestedBlockSchema>;
}

export interface NestedBlockSchema {
  nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  block: BlockSchema;
  min_items?: number;
  max_items?: number;
}

export interface ProviderSchema {
  provider: { block: BlockSchema };
  resource_schemas: Record<string, { block: BlockSchema }>;
  data_source_schemas: Record<string, { block: BlockSchema }>;
}

/** Provider source (`registry.terraform.io/namespace/name`) → schema. */
export type ProviderSchemas = ReadonlyMap<string, ProviderSchema>;

let loaded: ProviderSchemas | undefined;

export function providerSchemas(): ProviderSchemas {
  if (!loaded) {
    const all = new Map<string, ProviderSchema>();
    for (const file of PROVIDER_SCHEMA_FILES) {
      const json = JSON.parse(readFileSync(providerSchemaPath(file), 'utf8')) as { provider_schemas: Record<string, ProviderSchema> };
      for (const [source, schema] of Object.entries(json.provider_schemas)) all.set(source, schema);
    }
    loaded = all;
  }
  return loaded;
}

/** `namespace/name`, `registry.terraform.io/namespace/name` or `name` → the full source address. */
export function normaliseSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 3) return parts.join('/');
  if (parts.length === 2) return `registry.terraform.io/${parts.join('/')}`;
  return `registry.terraform.io/hashicorp/${parts[0]}`;
}
