/**
 * From artifact files (relative path → content, as `synthArtifacts()` returns them or as read from
 * `out/<name>/`) to parsed `Artifacts`. Bad input throws an ArtifactError naming the file.
 */
import type { Event } from 'js-yaml';
import type { Environment } from '../../environments/environment.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { ArtifactError, type ArtifactFile, type Artifacts } from './artifacts.js';
import { kubeObject, type KubeObject } from './kubernetes.js';
import { LIMITS } from './input-limits.js';
import { isObject, type Json } from './json.js';
import { isSocleOverride } from './output-layout.js';
import { parseJson, parseManifestYaml } from './parse-text.js';
import { terraformFromJson, terraformFromPlan, type TerraformConfig } from './terraform.js';
import { keepYamlEvents } from './yaml-events.js';

/** The files of an artifacts folder that a check reads; everything else (logs, saved plans, state, reports) is not an artifact. */
export function isArtifactPath(path: string): boolean {
  // `s`: a name with a line break in it is still a file kubectl or Terraform would read (review D4).
  return path === 'environment.json' || path === 'sizing.json' || /^terraform\/.+\.tf\.json$/s.test(path) || /^manifests\/.+\.(ya?ml|json)$/s.test(path) || /^deploy\/[^/]+\.json$/.test(path);
}

const REQUIRED_STRINGS = ['apiVersion', 'name', 'authority.name', 'authority.domain', 'cloud.provider', 'cloud.region', 'residency.jurisdiction', 'dataClassification', 'state.pulumi.backend', 'tls.acmeServer'];
const REQUIRED_OBJECTS = ['authority', 'cloud', 'residency', 'state', 'tls', 'apps', 'cluster'];
const REQUIRED_STRING_LISTS = ['cluster.adminCidrs'];

/** The fields the policies read without looking: a folder missing one can't be judged (fail closed, not a crash). */
function requireShape(environment: unknown): Environment {
  const at = (path: string) => path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), environment);
  const wrong = REQUIRED_OBJECTS.filter((path) => !isObject(at(path)));
  wrong.push(...REQUIRED_STRINGS.filter((path) => typeof at(path) !== 'string'));
  wrong.push(...REQUIRED_STRING_LISTS.filter((path) => !Array.isArray(at(path)) || !(at(path) as unknown[]).every((v) => typeof v === 'string')));
  if (!Array.isArray(at('waivers'))) wrong.push('waivers');
  if (wrong.length > 0) throw new ArtifactError(`environment.json: not a resolved socle environment (missing or wrong: ${[...new Set(wrong)].join(', ')})`);
  return environment as Environment;
}

/**
 * The objects kubectl would apply from one document: the document itself, or, for a list (any
 * object with an `items` array, whatever its kind: apimachinery v0.32.4 unstructured.go:54
 * `IsList`), every item, lists inside lists flattened (cli-runtime v0.32.4 visitor.go:423
 * `FlattenListVisitor`).
 */
function documentObjects(doc: Json, file: string, index: number, out: KubeObject[]): void {
  const queue: { value: unknown; at: (string | number)[] }[] = [{ value: doc, at: [] }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { value, at } = next;
    const where = at.length ? `document ${index}, /${at.join('/')}` : `document ${index}`;
    if (!isObject(value) || typeof value['kind'] !== 'string') throw new ArtifactError(`${file}: ${where} is not a Kubernetes object (no kind)`);
    const items = value['items'];
    if (Array.isArray(items)) items.forEach((item, i) => queue.push({ value: item, at: [...at, 'items', i] }));
    else {
      if (out.length >= LIMITS.objects) throw new ArtifactError(`${file}: more than ${LIMITS.objects} Kubernetes objects in the manifests: not a folder socle wrote`);
      out.push(kubeObject(value, file, index, at));
    }
  }
}

/** Reads one manifest's objects into `out`; a YAML manifest's parser events are returned for the positions index. */
function readManifest(file: string, content: string, out: KubeObject[]): Event[] | undefined {
  const { documents: docs, events } = file.endsWith('.json') ? { documents: [parseJson(file, content)], events: undefined } : parseManifestYaml(file, content);
  const before = out.length;
  docs.forEach((doc, index) => {
    if (doc === null || doc === undefined) return;
    if (!isObject(doc)) throw new ArtifactError(`${file}: document ${index} is not a Kubernetes object (no kind)`);
    documentObjects(doc, file, index, out);
  });
  if (out.length === before) throw new ArtifactError(`${file}: holds no Kubernetes object: socle writes none empty (remove it, or check the folder socle synth wrote)`);
  return events;
}

/**
 * socle's own override files may only do what socle writes them for: set the stack's backend
 * (terraform-backend.ts) or lift `prevent_destroy` (delete-data-override.ts). Anything else in
 * them would change what Terraform applies behind the check's back.
 */
function readSocleOverride(path: string, doc: unknown, configs: TerraformConfig[]): void {
  const stack = path.split('/')[1]!;
  const keys = isObject(doc) ? Object.keys(doc) : [];
  if (path.endsWith('socle_backend_override.tf.json') && isObject(doc) && keys.length === 1 && isObject(doc['terraform']) && Object.keys(doc['terraform']).join() === 'backend') {
    const backend = terraformFromJson(doc, stack, path).backend;
    for (const config of configs.filter((c) => c.stack === stack)) if (backend) config.backend = backend;
    return;
  }
  const lifecycleOnly = (v: unknown) => isObject(v) && Object.keys(v).join() === 'lifecycle' && isObject(v['lifecycle']) && Object.keys(v['lifecycle']).join() === 'prevent_destroy';
  if (path.endsWith('socle_delete_data_override.tf.json') && isObject(doc) && keys.join() === 'resource' && terraformFromJson(doc, stack, path).resources.every((r) => lifecycleOnly(r.values))) return;
  throw new ArtifactError(`${path}: socle writes this override file with a backend or a prevent_destroy setting only; this one holds more, which Terraform would merge into the stack`);
}

function artifactFile(path: string, content: string, events: Event[] | undefined): ArtifactFile {
  const file: ArtifactFile = { path, content, kind: 'artifact' };
  if (events) keepYamlEvents(file, events);
  return file;
}

export interface PlanInput {
  path: string;
  content: string;
}

/** Parses artifact files (and optional plans) into the model policies read. */
export function readArtifacts(files: ReadonlyMap<string, string>, plans: readonly PlanInput[] = []): Artifacts {
  const environmentText = files.get('environment.json');
  if (environmentText === undefined) throw new ArtifactError('environment.json is missing: a check needs the resolved environment (run `socle synth` first)');
  const environment = requireShape(parseJson('environment.json', environmentText));
  const sizingText = files.get('sizing.json');
  const sizing = sizingText === undefined ? undefined : (parseJson('sizing.json', sizingText) as SizingPlan);

  const paths = [...files.keys()].filter(isArtifactPath).sort();
  const terraform: TerraformConfig[] = [];
  const objects: KubeObject[] = [];
  const overrides: string[] = [];
  const yamlEvents = new Map<string, Event[]>();
  for (const path of paths) {
    const content = files.get(path)!;
    if (isSocleOverride(path)) overrides.push(path);
    else if (path.startsWith('terraform/')) {
      // `terraform/<stack>/cdk.tf.json`: the stack is the folder name.
      const stack = path.split('/').slice(1, -1).join('/') || path.replace(/^terraform\/|\.tf\.json$/g, '');
      terraform.push(terraformFromJson(parseJson(path, content), stack, path));
    } else if (path.startsWith('manifests/')) {
      const events = readManifest(path, content, objects);
      if (events) yamlEvents.set(path, events);
    } else if (path.startsWith('deploy/')) {
      parseJson(path, content);
    }
  }
  for (const path of overrides) readSocleOverride(path, parseJson(path, files.get(path)!), terraform);
  const planFiles: ArtifactFile[] = plans.map((p) => ({ path: p.path, content: p.content, kind: 'plan' }));
  for (const plan of plans) {
    const doc = parseJson(plan.path, plan.content);
    if (!isObject(doc) || !('planned_values' in doc || 'configuration' in doc)) throw new ArtifactError(`${plan.path}: not a plan from \`tofu show -json\` (no planned_values, no configuration)`);
    const stack = plan.path.split(/[\\/]/).pop()!.replace(/\.json$/, '').replace(/\.plan$/, '');
    terraform.push(terraformFromPlan(doc, stack, plan.path));
  }
  return {
    environment,
    ...(sizing ? { sizing } : {}),
    terraform,
    objects,
    files: [...paths.map((path) => artifactFile(path, files.get(path)!, yamlEvents.get(path))), ...planFiles],
  };
}
