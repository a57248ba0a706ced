/**
 * Terraform configurations in one shape, whether read from synthesized Terraform JSON
 * (`cdk.tf.json`) or from a plan (`tofu show -json`): providers with their region, resources with
 * the provider they use and their values, the state backend.
 */
import { ArtifactError } from './artifacts.js';
import { isObject, pointer, type Json } from './json.js';

export interface TerraformProvider {
  /** `openstack`, or `openstack.backup` for an aliased configuration. */
  key: string;
  /** The region as written; `undefined` when the provider block has none (taken from OS_REGION_NAME at apply time). */
  region?: unknown;
  /** The block's attributes (plans: the constant values of its expressions). */
  values: Record<string, unknown>;
  pointer: string;
}

export interface TerraformResource {
  /** `openstack_compute_instance_v2.jvb_0` (plans: the full address, module path and index included). */
  address: string;
  type: string;
  /** Provider configuration key this resource uses (`openstack`, `openstack.backup`). */
  providerKey: string;
  values: Record<string, unknown>;
  /**
   * Plans: the top-level attributes known only after apply (`resource_changes[].change.after_unknown`),
   * which `planned_values` leaves out — a rule's `remote_group_id` that references a group being
   * created, for one. Synthesized JSON has none: its references are `${…}` strings in `values`.
   */
  unknownAfterApply?: ReadonlySet<string>;
  /** Pointer to the resource's values in its file. */
  pointer: string;
}

export interface TerraformBackend {
  /** `s3`, `local`, `remote`, `cloud` (HCP Terraform), `http`… */
  type: string;
  config: Record<string, unknown>;
  pointer: string;
}

export interface TerraformConfig {
  /** Stack name (`network`), or the plan file's base name. */
  stack: string;
  file: string;
  source: 'synth' | 'plan';
  /** Prefix of resource addresses in findings: `terraform/<stack>` or `plan/<stack>`. */
  addressPrefix: string;
  providers: TerraformProvider[];
  resources: TerraformResource[];
  /** `undefined`: no backend block, i.e. Terraform's local state (plans don't record it). */
  backend?: TerraformBackend;
}


type Tokens = (string | number)[];

/**
 * Terraform's JSON syntax lets every block level be an object or an array of objects, the root
 * included (hcl v2 json/spec.md; checked with terraform v1.11.4: a root array, `resource` as a
 * list, a type or a name holding a list all plan every resource). One reader for all the forms.
 */
function bodies(value: unknown, at: Tokens): { body: Json; at: Tokens }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => (isObject(v) ? [{ body: v, at: [...at, i] }] : []));
  return isObject(value) ? [{ body: value, at }] : [];
}

/** `label → block(s)` entries of a block, whichever form each level takes. */
function labelled(value: unknown, at: Tokens): { label: string; body: Json; at: Tokens }[] {
  return bodies(value, at).flatMap(({ body, at: here }) => Object.entries(body).flatMap(([label, inner]) => bodies(inner, [...here, label]).map((b) => ({ label, ...b }))));
}

function readProviders(section: unknown, at: Tokens): TerraformProvider[] {
  return labelled(section, at).map(({ label, body, at: here }) => {
    const alias = typeof body['alias'] === 'string' ? body['alias'] : undefined;
    return { key: alias ? `${label}.${alias}` : label, region: body['region'], values: body, pointer: pointer(...here) };
  });
}

/** The provider a resource type defaults to: the prefix before the first underscore. */
function defaultProviderKey(type: string): string {
  return type.split('_')[0] ?? type;
}

/** From Terraform JSON (`terraform/<stack>/cdk.tf.json`), in any of the forms Terraform loads. */
export function terraformFromJson(doc: unknown, stack: string, file: string): TerraformConfig {
  const resources: TerraformResource[] = [];
  const providers: TerraformProvider[] = [];
  let backend: TerraformBackend | undefined;
  for (const root of bodies(doc, [])) {
    if (root.body['module'] !== undefined) throw new ArtifactError(`${file}: a module block: Terraform loads the module's files, which check doesn't follow (socle writes no modules)`);
    for (const typed of labelled(root.body['resource'], [...root.at, 'resource'])) {
      for (const { label: name, body: values, at } of labelled(typed.body, typed.at)) {
        const provider = typeof values['provider'] === 'string' ? values['provider'] : defaultProviderKey(typed.label);
        resources.push({ address: `${typed.label}.${name}`, type: typed.label, providerKey: provider, values, pointer: pointer(...at) });
      }
    }
    providers.push(...readProviders(root.body['provider'], [...root.at, 'provider']));
    for (const block of bodies(root.body['terraform'], [...root.at, 'terraform'])) {
      const [configured] = labelled(block.body['backend'], [...block.at, 'backend']);
      if (configured) backend = { type: configured.label, config: configured.body, pointer: pointer(...configured.at) };
      // A `cloud` block is HCP Terraform (or Terraform Enterprise at `hostname`).
      else if (isObject(block.body['cloud'])) backend = { type: 'cloud', config: block.body['cloud'], pointer: pointer(...block.at, 'cloud') };
    }
  }
  return { stack, file, source: 'synth', addressPrefix: `terraform/${stack}`, providers, resources, ...(backend ? { backend } : {}) };
}

function planModuleResources(module: unknown, at: string, out: { resource: Json; pointer: string }[]): void {
  if (!isObject(module)) return;
  const list = Array.isArray(module['resources']) ? module['resources'] : [];
  list.forEach((r, i) => {
    if (isObject(r)) out.push({ resource: r, pointer: `${at}/resources/${i}` });
  });
  const children = Array.isArray(module['child_modules']) ? module['child_modules'] : [];
  children.forEach((child, i) => planModuleResources(child, `${at}/child_modules/${i}`, out));
}

/** Address without instance keys (`a.b[0]` → `a.b`), as the plan's configuration section names resources. */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

function planProviderKeys(configuration: unknown): Map<string, string> {
  const keys = new Map<string, string>();
  const walk = (module: unknown, prefix: string): void => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module['resources']) ? module['resources'] : []) {
      if (isObject(r) && typeof r['address'] === 'string' && typeof r['provider_config_key'] === 'string') {
        // Inside modules the key is `module.x:openstack`; the provider configuration is what follows the colon.
        keys.set(`${prefix}${r['address']}`, r['provider_config_key'].split(':').pop()!);
      }
    }
    const calls = isObject(module['module_calls']) ? module['module_calls'] : {};
    for (const [name, call] of Object.entries(calls)) if (isObject(call)) walk(call['module'], `${prefix}module.${name}.`);
  };
  if (isObject(configuration)) walk(configuration['root_module'], '');
  return keys;
}

/** From a plan, as `tofu show -json` / `terraform show -json` prints it. */
export function terraformFromPlan(doc: unknown, stack: string, file: string): TerraformConfig {
  const root = isObject(doc) ? doc : {};
  const configuration = isObject(root['configuration']) ? root['configuration'] : {};
  const providers: TerraformProvider[] = [];
  const providerConfig = isObject(configuration['provider_config']) ? configuration['provider_config'] : {};
  for (const [key, config] of Object.entries(providerConfig)) {
    if (!isObject(config)) continue;
    const expressions = isObject(config['expressions']) ? config['expressions'] : {};
    const values = Object.fromEntries(Object.entries(expressions).map(([name, e]) => [name, isObject(e) ? e['constant_value'] : undefined]));
    providers.push({ key, region: values['region'], values, pointer: pointer('configuration', 'provider_config', key) });
  }
  const keys = planProviderKeys(configuration);
  // OpenTofu v1.12.6 `internal/command/jsonplan/plan.go`: unknown values are absent from
  // `planned_values` and marked `true` in the change's `after_unknown`.
  const unknown = new Map<string, Set<string>>();
  for (const change of Array.isArray(root['resource_changes']) ? root['resource_changes'] : []) {
    if (!isObject(change) || typeof change['address'] !== 'string' || !isObject(change['change'])) continue;
    const afterUnknown = change['change']['after_unknown'];
    if (isObject(afterUnknown)) unknown.set(change['address'], new Set(Object.keys(afterUnknown).filter((k) => afterUnknown[k] === true)));
  }
  const found: { resource: Json; pointer: string }[] = [];
  planModuleResources(isObject(root['planned_values']) ? root['planned_values']['root_module'] : undefined, '/planned_values/root_module', found);
  const resources: TerraformResource[] = found
    .filter(({ resource }) => resource['mode'] !== 'data' && typeof resource['type'] === 'string' && typeof resource['address'] === 'string')
    .map(({ resource, pointer: at }) => {
      const address = resource['address'] as string;
      const type = resource['type'] as string;
      return {
        address,
        type,
        providerKey: keys.get(configAddress(address)) ?? defaultProviderKey(type),
        values: isObject(resource['values']) ? resource['values'] : {},
        unknownAfterApply: unknown.get(address) ?? new Set(),
        pointer: `${at}/values`,
      };
    });
  return { stack, file, source: 'plan', addressPrefix: `plan/${stack}`, providers, resources };
}
