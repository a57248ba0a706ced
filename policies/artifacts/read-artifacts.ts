/**
 * From artifact files (relative path → content, as `synthArtifacts()` returns them or as read from
 * `out/<name>/`) to parsed `Artifacts`. Bad input throws an ArtifactError naming the file.
 */
import { loadAll } from 'js-yaml';
import type { Environment } from '../../environments/environment.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { ArtifactError, type ArtifactFile, type Artifacts } from './artifacts.js';
import { kubeObject, type KubeObject } from './kubernetes.js';
import { isObject } from './json.js';
import { terraformFromJson, terraformFromPlan, type TerraformConfig } from './terraform.js';
import { DESIGN_EXCEPTIONS_FILE, parseDesignExceptions } from '../waivers.js';

/** The files of an artifacts folder that a check reads; everything else (logs, saved plans, state, reports) is not an artifact. */
export function isArtifactPath(path: string): boolean {
  return path === 'environment.json' || path === 'sizing.json' || /^terraform\/.+\.tf\.json$/.test(path) || /^manifests\/.+\.ya?ml$/.test(path) || /^deploy\/[^/]+\.json$/.test(path);
}

function parseJson(file: string, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (e) {
    throw new ArtifactError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

const REQUIRED_STRINGS = ['apiVersion', 'name', 'authority.domain', 'cloud.provider', 'cloud.region', 'residency.jurisdiction', 'dataClassification', 'state.pulumi.backend', 'tls.acmeServer'];

function requireShape(environment: unknown): Environment {
  const at = (path: string) => path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), environment);
  const wrong = REQUIRED_STRINGS.filter((path) => typeof at(path) !== 'string');
  if (!Array.isArray(at('waivers'))) wrong.push('waivers');
  if (!isObject(at('apps'))) wrong.push('apps');
  if (wrong.length > 0) throw new ArtifactError(`environment.json: not a resolved socle environment (missing or wrong: ${wrong.join(', ')})`);
  return environment as Environment;
}

function readManifest(file: string, content: string): KubeObject[] {
  let docs: unknown[];
  try {
    docs = loadAll(content, null, { filename: file });
  } catch (e) {
    throw new ArtifactError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const objects: KubeObject[] = [];
  docs.forEach((doc, index) => {
    if (doc === null || doc === undefined) return;
    if (!isObject(doc) || typeof doc['kind'] !== 'string') throw new ArtifactError(`${file}: document ${index} is not a Kubernetes object (no kind)`);
    objects.push(kubeObject(doc, file, index));
  });
  return objects;
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
  for (const path of paths) {
    const content = files.get(path)!;
    if (path.startsWith('terraform/')) {
      // `terraform/<stack>/cdk.tf.json`: the stack is the folder name.
      const stack = path.split('/').slice(1, -1).join('/') || path.replace(/^terraform\/|\.tf\.json$/g, '');
      terraform.push(terraformFromJson(parseJson(path, content), stack, path));
    } else if (path.startsWith('manifests/')) {
      objects.push(...readManifest(path, content));
    }
  }
  const exceptionsText = files.get(DESIGN_EXCEPTIONS_FILE);
  const designExceptions = exceptionsText === undefined ? [] : parseDesignExceptions(parseJson(DESIGN_EXCEPTIONS_FILE, exceptionsText), DESIGN_EXCEPTIONS_FILE);
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
    designExceptions,
    files: [...paths.map((path): ArtifactFile => ({ path, content: files.get(path)!, kind: 'artifact' })), ...planFiles],
  };
}
