/**
 * Offline validation of Terraform JSON (`cdk.tf.json`, or any `*.tf.json`) against the provider
 * schemas: every resource, data source and provider block is checked for unknown, read-only and
 * missing attributes, wrong value types and block counts, so that a typo never reaches
 * `tofu plan`. Collects every problem; never throws on bad input.
 */
import { closest } from '../../environments/did-you-mean.js';
import { isExpression, typeMismatches } from './cty-value-check.js';
import { normaliseSource, providerSchemas, type BlockSchema, type ProviderSchema, type ProviderSchemas } from './provider-schemas.js';
import type { ValidationProblem } from './validation-problem.js';

/** Top-level keys of a Terraform JSON file (`//` is a comment). */
const TOP_LEVEL = ['//', 'terraform', 'provider', 'resource', 'data', 'output', 'variable', 'locals', 'module', 'moved', 'import', 'check', 'removed'];

/** Meta-arguments every resource and data source accepts (Terraform language, not the provider). */
const RESOURCE_META = ['//', 'count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection'];
const PROVIDER_META = ['//', 'alias', 'version'];

/** Providers built into Terraform/OpenTofu: no schema file, nothing to check. */
const BUILTIN_PROVIDERS = new Set(['terraform']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Validator {
  readonly problems: ValidationProblem[] = [];
  constructor(
    private readonly schemas: ProviderSchemas,
    /** Local provider name → source, from `terraform.required_providers`. */
    private readonly sources: ReadonlyMap<string, string>,
  ) {}

  report(problem: ValidationProblem): void {
    this.problems.push(problem);
  }

  providerSchema(localName: string, address: string): ProviderSchema | undefined {
    const source = normaliseSource(this.sources.get(localName) ?? localName);
    const schema = this.schemas.get(source);
    if (!schema) this.report({ address, code: 'unknown-provider', message: `no schema for provider "${localName}" (${source})`, hint: `known: ${[...this.schemas.keys()].join(', ')}` });
    return schema;
  }

  /** A block body against its schema; `address` is where it is. */
  block(body: unknown, schema: BlockSchema, address: string, meta: readonly string[]): void {
    if (!isObject(body)) {
      this.report({ address, code: 'not-an-object', message: `expected a block (JSON object), got ${Array.isArray(body) ? 'an array' : typeof body}` });
      return;
    }
    const attributes = schema.attributes ?? {};
    const blocks = schema.block_types ?? {};
    const known = [...Object.keys(attributes), ...Object.keys(blocks)];
    for (const [key, value] of Object.entries(body)) {
      if (meta.includes(key)) continue;
      const at = `${address}.${key}`;
      if (key === 'dynamic') {
        this.dynamicBlocks(value, blocks, at);
        continue;
      }
      const attribute = attributes[key];
      if (attribute) {
        if (attribute.computed && !attribute.optional && !attribute.required) {
          this.report({ address: at, code: 'read-only-attribute', message: `"${key}" is computed by the provider and can't be set` });
          continue;
        }
        if (attribute.type) {
          for (const m of typeMismatches(value, attribute.type)) {
            this.report({ address: `${at}${m.path}`, code: 'wrong-type', message: m.expected === 'no such attribute' ? 'no such attribute in this object' : `expected ${m.expected}, got ${m.got}` });
          }
        }
        continue;
      }
      const nested = blocks[key];
      if (nested) {
        this.nestedBlocks(value, nested, at);
        continue;
      }
      const suggestion = closest(key, known);
      this.report({ address: at, code: 'unknown-attribute', message: `"${key}" is not an argument or block of this type`, ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}) });
    }
    for (const [name, attribute] of Object.entries(attributes)) {
      if (attribute.required && (body[name] === undefined || body[name] === null)) {
        this.report({ address: `${address}.${name}`, code: 'missing-attribute', message: `required argument "${name}" is missing` });
      }
    }
    for (const [name, nested] of Object.entries(blocks)) {
      const dynamic = isObject(body['dynamic']) && name in body['dynamic'];
      if ((nested.min_items ?? 0) > 0 && body[name] === undefined && !dynamic) {
        this.report({ address: `${address}.${name}`, code: 'missing-block', message: `at least ${nested.min_items} "${name}" block${nested.min_items === 1 ? '' : 's'} required` });
      }
    }
  }

  nestedBlocks(value: unknown, nested: NonNullable<BlockSchema['block_types']>[string], address: string): void {
    if (nested.nesting_mode === 'map') {
      if (!isObject(value)) {
        this.report({ address, code: 'not-an-object', message: 'expected an object of labelled blocks' });
        return;
      }
      for (const [label, body] of Object.entries(value)) this.block(body, nested.block, `${address}["${label}"]`, ['//']);
      return;
    }
    const items = Array.isArray(value) ? value : [value];
    const max = nested.nesting_mode === 'single' || nested.nesting_mode === 'group' ? 1 : nested.max_items;
    if (max !== undefined && max > 0 && items.length > max) {
      this.report({ address, code: 'too-many-blocks', message: `at most ${max} block${max === 1 ? '' : 's'} allowed, got ${items.length}` });
    }
    if (nested.min_items !== undefined && items.length < nested.min_items) {
      this.report({ address, code: 'too-few-blocks', message: `at least ${nested.min_items} blocks required, got ${items.length}` });
    }
    items.forEach((body, i) => this.block(body, nested.block, Array.isArray(value) ? `${address}[${i}]` : address, ['//']));
  }

  /** `dynamic "<name>" { for_each, content }`: the name must be a block; the content is checked like one. */
  dynamicBlocks(value: unknown, blocks: NonNullable<BlockSchema['block_types']>, address: string): void {
    if (!isObject(value)) return;
    for (const [name, spec] of Object.entries(value)) {
      const nested = blocks[name];
      if (!nested) {
        const suggestion = closest(name, Object.keys(blocks));
        this.report({ address: `${address}.${name}`, code: 'unknown-attribute', message: `"${name}" is not a block of this type`, ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}) });
        continue;
      }
      if (isObject(spec) && isObject(spec['content'])) this.block(spec['content'], nested.block, `${address}.${name}.content`, ['//']);
    }
  }

  /** `resource` or `data`: type → name → body. */
  resources(section: unknown, kind: 'resource' | 'data'): void {
    if (section === undefined) return;
    if (!isObject(section)) {
      this.report({ address: kind, code: 'not-an-object', message: `"${kind}" must be an object of types` });
      return;
    }
    for (const [type, byName] of Object.entries(section)) {
      const prefix = kind === 'data' ? `data.${type}` : type;
      if (!isObject(byName)) {
        this.report({ address: prefix, code: 'not-an-object', message: 'expected an object of named resources' });
        continue;
      }
      for (const [name, body] of Object.entries(byName)) {
        const address = `${prefix}.${name}`;
        const explicit = isObject(body) && typeof body['provider'] === 'string' && !isExpression(body['provider']) ? (body['provider'] as string).split('.')[0]! : undefined;
        const localName = explicit ?? type.split('_')[0]!;
        if (BUILTIN_PROVIDERS.has(localName)) continue;
        const provider = this.providerSchema(localName, address);
        if (!provider) continue;
        const all = kind === 'data' ? provider.data_source_schemas : provider.resource_schemas;
        const schema = all[type];
        if (!schema) {
          const suggestion = closest(type, Object.keys(all));
          this.report({ address, code: 'unknown-resource-type', message: `provider "${localName}" has no ${kind === 'data' ? 'data source' : 'resource type'} "${type}"`, ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}) });
          continue;
        }
        this.block(body, schema.block, address, RESOURCE_META);
      }
    }
  }

  providers(section: unknown): void {
    if (section === undefined) return;
    if (!isObject(section)) {
      this.report({ address: 'provider', code: 'not-an-object', message: '"provider" must be an object of provider names' });
      return;
    }
    for (const [name, configs] of Object.entries(section)) {
      const schema = this.providerSchema(name, `provider.${name}`);
      if (!schema) continue;
      const list = Array.isArray(configs) ? configs : [configs];
      list.forEach((config, i) => this.block(config, schema.provider.block, Array.isArray(configs) ? `provider.${name}[${i}]` : `provider.${name}`, PROVIDER_META));
    }
  }
}

function requiredProviders(doc: Json): Map<string, string> {
  const sources = new Map<string, string>();
  const terraform = doc['terraform'];
  const blocks = Array.isArray(terraform) ? terraform : [terraform];
  for (const block of blocks) {
    if (!isObject(block)) continue;
    const required = Array.isArray(block['required_providers']) ? block['required_providers'] : [block['required_providers']];
    for (const r of required) {
      if (!isObject(r)) continue;
      for (const [name, spec] of Object.entries(r)) {
        if (typeof spec === 'string') sources.set(name, name);
        else if (isObject(spec) && typeof spec['source'] === 'string') sources.set(name, spec['source']);
      }
    }
  }
  return sources;
}

/** Every problem in a Terraform JSON document, in document order. */
export function validateTerraformJson(doc: unknown, schemas: ProviderSchemas = providerSchemas()): ValidationProblem[] {
  if (!isObject(doc)) return [{ address: '', code: 'not-an-object', message: 'a Terraform JSON file holds one object' }];
  const validator = new Validator(schemas, requiredProviders(doc));
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL.includes(key)) {
      const suggestion = closest(key, TOP_LEVEL);
      validator.report({ address: key, code: 'unknown-top-level-key', message: `"${key}" is not a Terraform JSON top-level key`, ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}) });
    }
  }
  validator.providers(doc['provider']);
  validator.resources(doc['resource'], 'resource');
  validator.resources(doc['data'], 'data');
  return validator.problems;
}
