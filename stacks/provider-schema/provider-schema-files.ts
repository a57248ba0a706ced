/**
 * Where the provider schemas live: `terraform providers schema -json` output, committed so that
 * binding generation (`npm run gen:openstack`) and offline validation need neither a network nor a
 * Terraform binary.
 */
import { fileURLToPath } from 'node:url';

/** Schema files in this folder, one per provider socle's stacks use. */
export const PROVIDER_SCHEMA_FILES: readonly string[] = ['openstack-provider-schema.json'];

/** Folder of the generated bindings, relative to the repository root. */
export const GENERATED_DIR = 'stacks/generated';

export function providerSchemaPath(file: string): string {
  return fileURLToPath(new URL(`./${file}`, import.meta.url));
}
