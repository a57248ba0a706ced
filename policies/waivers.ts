/**
 * Waivers: accepted exceptions, each with a policy id, a resource pattern, a justification, an
 * owner and an expiry. They come from the environment (`waivers:`), from a waivers file
 * (`socle check --waivers file.yaml`), and from the rendered objects themselves: socle's built-in
 * design exceptions are annotations (`socle.io/design-exception: "<policy-id>: <justification>"`,
 * one per line) that the charts write where an application can't meet a rule.
 */
import { load } from 'js-yaml';
import type { Environment } from '../environments/environment.js';
import { ArtifactError } from './artifacts/artifacts.js';
import { pointer } from './artifacts/json-pointer.js';
import { isObject, manifestPointer, type KubeObject } from './artifacts/kubernetes.js';

export const DESIGN_EXCEPTION_ANNOTATION = 'socle.io/design-exception';
export const DESIGN_EXCEPTION_OWNER = 'socle (built-in design exception)';

export interface WaiverEntry {
  policy: string;
  /** Glob over finding resources; `*` matches any run of characters. */
  resource: string;
  justification: string;
  owner: string;
  /** `YYYY-MM-DD`, lapsing at the end of that day (UTC); `undefined` for design exceptions, which last as long as the socle version that renders them. */
  expires?: string;
  source: { kind: 'environment' | 'file' | 'design'; file: string; pointer: string };
}

export function environmentWaivers(environment: Environment): WaiverEntry[] {
  return environment.waivers.map((w, i) => ({
    policy: w.policy,
    resource: w.resource,
    justification: w.justification,
    owner: w.owner,
    expires: w.expires,
    source: { kind: 'environment', file: 'environment.json', pointer: pointer('waivers', i) },
  }));
}

export function designExceptions(objects: readonly KubeObject[]): WaiverEntry[] {
  const out: WaiverEntry[] = [];
  for (const object of objects) {
    const annotations = isObject(object.object['metadata']) ? object.object['metadata']['annotations'] : undefined;
    const value = isObject(annotations) ? annotations[DESIGN_EXCEPTION_ANNOTATION] : undefined;
    if (typeof value !== 'string') continue;
    for (const line of value.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      out.push({
        policy: line.slice(0, colon).trim(),
        resource: object.address,
        justification: line.slice(colon + 1).trim(),
        owner: DESIGN_EXCEPTION_OWNER,
        source: { kind: 'design', file: object.file, pointer: manifestPointer(object, 'metadata', 'annotations', DESIGN_EXCEPTION_ANNOTATION) },
      });
    }
  }
  return out;
}

const FIELDS = ['policy', 'resource', 'justification', 'owner', 'expires'] as const;

/** A waivers file: a YAML list of waivers, or a mapping with a `waivers:` list. Every field is required. */
export function parseWaiversFile(text: string, file: string): WaiverEntry[] {
  let doc: unknown;
  try {
    doc = load(text, { filename: file });
  } catch (e) {
    throw new ArtifactError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc['waivers']) ? doc['waivers'] : undefined;
  if (!list) throw new ArtifactError(`${file}: expected a list of waivers (or a mapping with a "waivers" list)`);
  const problems: string[] = [];
  const waivers = list.map((entry, i): WaiverEntry => {
    const item = isObject(entry) ? entry : {};
    const missing = FIELDS.filter((f) => typeof item[f] !== 'string' || (item[f] as string).trim() === '');
    if (missing.length) problems.push(`waiver ${i + 1}: missing ${missing.join(', ')} (all of ${FIELDS.join(', ')} are required)`);
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(item['expires'] as string) || Number.isNaN(Date.parse(item['expires'] as string))) problems.push(`waiver ${i + 1}: expires must be a date YYYY-MM-DD (got "${String(item['expires'])}")`);
    return {
      policy: String(item['policy']),
      resource: String(item['resource']),
      justification: String(item['justification']),
      owner: String(item['owner']),
      expires: String(item['expires']),
      source: { kind: 'file', file, pointer: pointer(Array.isArray(doc) ? i : 'waivers', ...(Array.isArray(doc) ? [] : [i])) },
    };
  });
  if (problems.length) throw new ArtifactError(`${file}: ${problems.join('; ')}`);
  return waivers;
}

/** A waiver lapses at the end of its expiry day, UTC. */
export function isExpired(waiver: WaiverEntry, now: Date): boolean {
  return waiver.expires !== undefined && now.getTime() > Date.parse(`${waiver.expires}T23:59:59.999Z`);
}

export function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

export function waiverLabel(waiver: WaiverEntry): string {
  return `${waiver.policy} on ${waiver.resource}`;
}
