/**
 * socle's design exceptions, taken from socle's own code (charts/design-exceptions.ts), never
 * from the folder being checked: a folder's `deploy/design-exceptions.json` is only compared with
 * them. This is the one import of charts/ in policies/, on purpose: a data table with no cdktf or
 * Pulumi behind it, and the only way a check on someone else's folder can know socle's list.
 */
import { DESIGN_EXCEPTIONS } from '../charts/design-exceptions.js';
import type { ArtifactFile } from './artifacts/artifacts.js';
import { isObject } from './artifacts/json.js';
import { DESIGN_EXCEPTIONS_FILE, parseDesignExceptions, type WaiverEntry } from './waivers.js';

export const BUILT_IN_EXCEPTIONS: readonly WaiverEntry[] = parseDesignExceptions(DESIGN_EXCEPTIONS, 'charts/design-exceptions.ts');

const key = (e: unknown) => (isObject(e) ? JSON.stringify([e['policy'], e['resource'], e['justification']]) : JSON.stringify(e));

/** A warning when the folder's exported list says more than socle's own (it is never used as waivers). */
export function designExceptionsWarning(files: readonly ArtifactFile[]): string | undefined {
  const file = files.find((f) => f.path === DESIGN_EXCEPTIONS_FILE && f.kind === 'artifact');
  if (!file) return undefined;
  let listed: unknown;
  try {
    listed = JSON.parse(file.content);
  } catch {
    listed = undefined;
  }
  const known = new Set(DESIGN_EXCEPTIONS.map(key));
  const extra = Array.isArray(listed) ? listed.filter((e) => !known.has(key(e))).length : undefined;
  if (extra === 0) return undefined;
  return `${DESIGN_EXCEPTIONS_FILE} ${extra === undefined ? 'is not a list of design exceptions' : `has ${extra} entr${extra === 1 ? 'y' : 'ies'} that socle’s built-in list doesn’t`}: ignored — only socle’s own design exceptions waive findings`;
}
