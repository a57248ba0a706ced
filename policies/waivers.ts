/**
 * Waivers: accepted exceptions, each with a policy id (or one of its rules), a resource pattern, a
 * justification, an owner and an expiry. They come from the environment (`waivers:`), from a
 * waivers file (`socle check --waivers file.yaml`), and from socle itself: the design exceptions
 * of charts/design-exceptions.ts (built-in-exceptions.ts), where an application can't meet a rule.
 * Never from the folder being checked.
 */
import type { Environment } from '../environments/environment.js';
import { ArtifactError } from './artifacts/artifacts.js';
import { isObject, pointer } from './artifacts/json.js';
import { parseWaiversYaml } from './artifacts/parse-text.js';

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

/** Where the charts export socle's design exceptions for readers (charts/design-exceptions.ts); check compares, never uses it. */
export const DESIGN_EXCEPTIONS_FILE = 'deploy/design-exceptions.json';

/** The design exceptions file: a list of `{ policy, resource, justification, remedy? }`. */
export function parseDesignExceptions(doc: unknown, file: string): WaiverEntry[] {
  if (!Array.isArray(doc)) throw new ArtifactError(`${file}: expected a list of design exceptions`);
  return doc.map((entry, i) => {
    const item = isObject(entry) ? entry : {};
    const missing = (['policy', 'resource', 'justification'] as const).filter((f) => typeof item[f] !== 'string' || item[f] === '');
    if (missing.length) throw new ArtifactError(`${file}: design exception ${i + 1} has no ${missing.join(', ')}`);
    return {
      policy: item['policy'] as string,
      resource: item['resource'] as string,
      justification: item['justification'] as string,
      owner: DESIGN_EXCEPTION_OWNER,
      source: { kind: 'design', file, pointer: pointer(i) },
    };
  });
}

const FIELDS = ['policy', 'resource', 'justification', 'owner', 'expires'] as const;

/** A waivers file: a YAML list of waivers, or a mapping with a `waivers:` list. Every field is required. */
export function parseWaiversFile(text: string, file: string): WaiverEntry[] {
  const doc = parseWaiversYaml(file, text);
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

/** When a waiver lapses: the end of its expiry day, UTC (ms since the epoch); `undefined` if it never does. */
export function lapsesAt(waiver: WaiverEntry): number | undefined {
  return waiver.expires === undefined ? undefined : Date.parse(`${waiver.expires}T23:59:59.999Z`);
}

export function isExpired(waiver: WaiverEntry, now: Date): boolean {
  const end = lapsesAt(waiver);
  return end !== undefined && now.getTime() > end;
}

export function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

export function waiverLabel(waiver: WaiverEntry): string {
  return `${waiver.policy} on ${waiver.resource}`;
}
