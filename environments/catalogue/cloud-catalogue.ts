/**
 * The cloud catalogue: one YAML file per cloud in environments/catalogue/clouds/ (regions, flavors,
 * list prices, each dated and sourced), checked against schema/cloud-catalogue.schema.json. A fork
 * adds its cloud by adding a file. Read once, at first use; a file with problems is left out and
 * its problems (file, line, field, fix) are reported by every environment validation
 * (`catalogueProblems`), never thrown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { load, YAMLException } from 'js-yaml';
import schema from '../schema/cloud-catalogue.schema.json' with { type: 'json' };
import { closest } from '../did-you-mean.js';
import type { Flavor, Provider } from '../environment.js';
import type { Problem } from '../problems.js';
import { indexPositions, type PositionIndex } from '../yaml-positions.js';
import { STANDALONE_VALIDATORS } from '../schema-validator-file.js';

export type Service = 'compute' | 'network' | 'blockstorage' | 'objectstorage' | 'loadbalancer' | 'keymanager' | 'magnum' | 'dns';
export type FlavorFamily = 'general' | 'compute' | 'memory';

export interface Price {
  eur: number;
  unit: string;
  /** Date the price was read. */
  date: string;
  source: string;
  uncertain?: boolean;
}

export interface CataloguePrices {
  blockStorage?: { fast?: Price; standard?: Price };
  objectStorage?: Price;
  /** The Infrequent Access tier (S3 STANDARD_IA), per GiB-month, and reading from it, per GiB. */
  objectStorageInfrequentAccess?: Price;
  objectStorageInfrequentAccessRetrieval?: Price;
  loadBalancer?: Partial<Record<'small' | 'medium' | 'large' | 'xl', Price>>;
  floatingIp?: Price;
}

export interface CatalogueFlavor extends Flavor {
  family: FlavorFamily;
  /** Public bandwidth cap, Mbit/s (matters for videobridges). */
  bandwidthMbps?: number;
  monthlyEur: number;
  date: string;
  source: string;
}

export interface CloudRegionEntry {
  name: string;
  operator?: string;
  operatorCountry?: string;
  city: string;
  country: string;
  eu: boolean;
  availabilityZones: string[];
  services?: Service[];
  s3?: { region: string; endpoint: string; containerRegion?: string };
  qualification?: { scheme: string; reference: string };
  source: string;
}

export interface Cloud {
  /** The file it was read from, relative to the package (`environments/catalogue/clouds/ovhcloud.yaml`). */
  file: string;
  provider: Provider;
  operator: string;
  operatorCountry: string;
  services: Service[];
  regions: CloudRegionEntry[];
  flavors: CatalogueFlavor[];
  prices: CataloguePrices;
}

export const CLOUDS_FOLDER = new URL('./clouds/', import.meta.url);
const RELATIVE = 'environments/catalogue/clouds';

/** Compiled (dist/): the standalone validator `npm run build` wrote; from the sources: compiled now. */
const validateCloud: ValidateFunction = import.meta.url.endsWith('.js')
  ? ((await import(new URL(`../${STANDALONE_VALIDATORS.cloudCatalogue}`, import.meta.url).href)) as { validate: ValidateFunction }).validate
  : (await import('../schema-compiler.js')).compileSchema('cloudCatalogue');

type SchemaNode = Record<string, unknown>;

function deref(node: SchemaNode): SchemaNode {
  const ref = node['$ref'];
  return typeof ref === 'string' ? (ref.replace(/^#\//, '').split('/').reduce<unknown>((n, r) => (n as SchemaNode)[r], schema) as SchemaNode) : node;
}

/**
 * The schema of the value at an instance pointer, and its description (the one written beside a
 * `$ref` first). ajv's schemaPath restarts inside each `$ref`, so the instance path is walked.
 */
function schemaForInstance(pointer: string): { node?: SchemaNode; description?: string } {
  let node: SchemaNode | undefined = schema as SchemaNode;
  let description: string | undefined;
  for (const seg of pointer.split('/').slice(1)) {
    const here: SchemaNode = deref(node);
    const next: unknown = /^\d+$/.test(seg) ? here['items'] : (here['properties'] as SchemaNode | undefined)?.[seg];
    if (typeof next !== 'object' || next === null) return {};
    node = next as SchemaNode;
    description = typeof node['description'] === 'string' ? node['description'] : undefined;
  }
  const resolved = deref(node);
  return { node: resolved, description: description ?? (typeof resolved['description'] === 'string' ? resolved['description'] : undefined) };
}

function toPath(pointer: string): string {
  let out = '';
  for (const seg of pointer.split('/').slice(1)) out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

function toProblem(e: ErrorObject, file: string, positions: PositionIndex): Problem {
  const path = toPath(e.instancePath);
  const { node: own, description } = schemaForInstance(e.instancePath);
  const at = (p: string, which: 'key' | 'value' = 'value') => ({ file, ...positions.find(p, which) });
  const join = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (e.keyword === 'required') {
    const missing = String(e.params['missingProperty']);
    const what = schemaForInstance(`${e.instancePath}/${missing}`).description;
    return { code: 'missing-field', ...at(path, 'key'), path: join(missing), message: `required field "${missing}" is missing`, hint: what ? `add ${missing}: ${what}` : `add "${missing}"` };
  }
  if (e.keyword === 'additionalProperties') {
    const key = String(e.params['additionalProperty']);
    const known = Object.keys((own?.['properties'] as SchemaNode | undefined) ?? {}).filter((k) => k !== '$schema');
    const guess = closest(key, known);
    return { code: 'unknown-key', ...at(join(key), 'key'), path: join(key), message: `unknown field "${key}"`, hint: guess ? `did you mean "${guess}"?` : `known fields here: ${known.join(', ')}` };
  }
  const allowed = e.keyword === 'enum' ? ` (one of ${(e.params['allowedValues'] as unknown[]).map(String).join(', ')})` : '';
  return { code: e.keyword === 'type' ? 'wrong-type' : 'invalid', ...at(path), path, message: `${e.message ?? 'invalid value'}${allowed}`, hint: description ?? 'see environments/schema/cloud-catalogue.schema.json' };
}

/** One catalogue file: the cloud it describes, or its problems. Pure: the text in, the result out. */
export function parseCloud(text: string, file: string): { cloud?: Cloud; problems: Problem[] } {
  let doc: unknown;
  try {
    doc = load(text, { filename: file, maxAliases: 0 });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    return { problems: [{ code: 'yaml-syntax', file, line: (e.mark?.line ?? 0) + 1, col: (e.mark?.column ?? 0) + 1, path: '', message: `YAML syntax error: ${e.reason}`, hint: 'fix the YAML at this place (compare with environments/catalogue/clouds/ovhcloud.yaml)' }] };
  }
  // Positions only for a problem's message: indexing them is a second YAML pass, at every start.
  let indexed: PositionIndex | undefined;
  const positions = () => (indexed ??= indexPositions(text));
  if (!validateCloud(doc)) return { problems: (validateCloud.errors ?? []).map((e) => toProblem(e, file, positions())) };
  const raw = doc as Omit<Cloud, 'file' | 'flavors' | 'prices'> & { flavors?: CatalogueFlavor[]; prices?: CataloguePrices };
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  raw.regions.forEach((r, i) => {
    const key = r.name.toLowerCase();
    if (seen.has(key)) problems.push({ code: 'duplicate-item', file, ...positions().find(`regions[${i}].name`), path: `regions[${i}].name`, message: `region "${r.name}" is listed twice`, hint: `keep one entry; the other is regions[${seen.get(key)}]` });
    seen.set(key, i);
  });
  if (problems.length > 0) return { problems };
  // The TypeScript spelling of `$schema` is left out of the data.
  const { $schema: _schema, ...rest } = raw as typeof raw & { $schema?: string };
  return { cloud: { file, ...rest, flavors: raw.flavors ?? [], prices: raw.prices ?? {} }, problems: [] };
}

/**
 * Every cloud of a catalogue folder, by file name, and the problems of the files left out. Files
 * are named `${relative}/<name>` in problems.
 */
export function loadCatalogue(folder: URL, relative: string): { clouds: Cloud[]; problems: Problem[] } {
  const clouds: Cloud[] = [];
  const problems: Problem[] = [];
  const files = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const name of files) {
    const file = `${relative}/${name}`;
    const result = parseCloud(readFileSync(new URL(name, folder), 'utf8'), file);
    if (result.cloud) clouds.push(result.cloud);
    problems.push(...result.problems);
  }
  // A region in two files is one mistake: the later file is left out.
  const names = new Map<string, string>();
  for (const cloud of [...clouds]) {
    const clash = cloud.regions.find((r) => names.has(`${cloud.provider}|${r.name.toLowerCase()}`));
    if (clash) {
      problems.push({ code: 'duplicate-item', file: cloud.file, line: 1, col: 1, path: 'regions', message: `region "${clash.name}" is in both ${names.get(`${cloud.provider}|${clash.name.toLowerCase()}`)} and this file, which is left out`, hint: 'a region belongs to one cloud file: remove it from one of them' });
      clouds.splice(clouds.indexOf(cloud), 1);
      continue;
    }
    for (const r of cloud.regions) names.set(`${cloud.provider}|${r.name.toLowerCase()}`, cloud.file);
  }
  return { clouds, problems };
}

let loaded: { clouds: Cloud[]; problems: Problem[] } | undefined;

/** socle's catalogue, environments/catalogue/clouds/, read once. */
function catalogue(): { clouds: Cloud[]; problems: Problem[] } {
  loaded ??= loadCatalogue(CLOUDS_FOLDER, RELATIVE);
  return loaded;
}

/** The clouds of the catalogue, `ovhcloud` first (the provider socle knows best), then by file name. */
export function clouds(): readonly Cloud[] {
  return [...catalogue().clouds].sort((a, b) => (a.provider === b.provider ? 0 : a.provider === 'ovhcloud' ? -1 : 1));
}

/** Problems of catalogue files (left out of `clouds()`): every validation reports them. */
export function catalogueProblems(): readonly Problem[] {
  return catalogue().problems;
}

/** The cloud a region belongs to (names compare case-insensitively). */
export function cloudOfRegion(provider: Provider, region: string): Cloud | undefined {
  const wanted = region.toLowerCase();
  return clouds().find((c) => c.provider === provider && c.regions.some((r) => r.name.toLowerCase() === wanted));
}
