/**
 * `npm run gen:openstack`: regenerates the cdktf bindings in `stacks/generated/` from the provider
 * schemas committed in `stacks/provider-schema/`, offline. Only the resources and data sources
 * socle uses are generated (the full OpenStack schema would emit ~170 classes nobody imports).
 *
 * Run it with CHECKPOINT_DISABLE=1 and a TERRAFORM_BINARY_NAME that doesn't exist (the npm script
 * does): importing the generator otherwise probes `terraform version` and HashiCorp telemetry.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GENERATED_DIR, PROVIDER_SCHEMA_FILES, providerSchemaPath } from '../stacks/provider-schema/provider-schema-files.js';
import { USED_TYPES } from '../stacks/provider-schema/used-types.js';

// @ts-nocheck: the generator writes no `override` modifiers, which socle's tsconfig requires;
// importers still get the full types.
const HEADER = '// generated — do not edit — regenerate with `npm run gen:openstack`\n// @ts-nocheck\n';

interface SchemaFile {
  provider_schemas: Record<string, { provider: unknown; resource_schemas: Record<string, unknown>; data_source_schemas: Record<string, unknown> }>;
  provider_versions?: unknown;
}

function pick<T>(all: Record<string, T>, names: readonly string[], what: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name of names) {
    const schema = all[name];
    if (!schema) throw new Error(`${what} ${name} is not in the provider schema`);
    out[name] = schema;
  }
  return out;
}

/** The schema with only the used types, and without `provider_versions` (so the constraint is `~>`, not a pin). */
function usedSubset(schema: SchemaFile): SchemaFile {
  const provider_schemas: SchemaFile['provider_schemas'] = {};
  for (const [source, provider] of Object.entries(schema.provider_schemas)) {
    const used = USED_TYPES[source];
    if (!used) throw new Error(`no USED_TYPES entry for provider ${source}`);
    provider_schemas[source] = {
      provider: provider.provider,
      resource_schemas: pick(provider.resource_schemas, used.resources, 'resource'),
      data_source_schemas: pick(provider.data_source_schemas, used.dataSources, 'data source'),
    };
  }
  return { provider_schemas };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The generator class, from its own module: the package entry point also loads the jsii toolchain
 * (jsii-pacmak, not installed) for other target languages. CodeMaker is resolved from the generator's
 * own dependencies so that both agree on the version.
 */
function loadGenerator(): Generator {
  const requireFromGenerator = createRequire(createRequire(import.meta.url).resolve('@cdktf/provider-generator'));
  const commons = requireFromGenerator('@cdktf/commons');
  return {
    CodeMaker: requireFromGenerator('codemaker').CodeMaker,
    TerraformProviderGenerator: requireFromGenerator('./get/generator/provider-generator').TerraformProviderGenerator,
    target: (constraint) => new commons.ConstructsMakerProviderTarget(new commons.TerraformProviderConstraint(constraint), 'typescript'),
  };
}

interface Generator {
  CodeMaker: new () => CodeMakerLike;
  TerraformProviderGenerator: new (code: CodeMakerLike, schema: SchemaFile) => { generate(target: unknown): void };
  /** A provider target from `namespace/name@constraint`. */
  target(constraint: string): unknown;
}

interface CodeMakerLike {
  save(dir: string): Promise<unknown>;
}

/** Writes the bindings into `outDir` (replacing what is there); returns the files written. */
export async function generateBindings(outDir: string): Promise<string[]> {
  const { CodeMaker, TerraformProviderGenerator, target } = loadGenerator();
  rmSync(outDir, { recursive: true, force: true });
  for (const file of PROVIDER_SCHEMA_FILES) {
    const schema = JSON.parse(readFileSync(providerSchemaPath(file), 'utf8')) as SchemaFile;
    const code = new CodeMaker();
    const generator = new TerraformProviderGenerator(code, usedSubset(schema));
    for (const source of Object.keys(schema.provider_schemas)) {
      generator.generate(target(`${source.replace(/^registry\.terraform\.io\//, '')}@${USED_TYPES[source]!.version}`));
    }
    await code.save(outDir);
  }
  for (const path of filesUnder(outDir)) {
    if (path.endsWith('.md')) rmSync(path);
    else if (path.endsWith('.ts')) writeFileSync(path, HEADER + readFileSync(path, 'utf8'));
  }
  // Generated imports have no file extensions: the folder is CommonJS inside this ESM package.
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  return filesUnder(outDir);
}

// Run as a script (not when a test imports it to check the committed bindings are fresh).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = await generateBindings(join(resolve(import.meta.dirname, '..'), GENERATED_DIR));
  process.stdout.write(`generated ${written.length} files in ${GENERATED_DIR}\n`);
}
