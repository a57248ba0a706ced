/** What a `tofu show -json` plan will do: counts per action and the addresses it deletes. */

export interface PlanChanges {
  create: number;
  update: number;
  /** Deleted and not recreated. */
  delete: number;
  /** Deleted and recreated (either order). */
  replace: number;
  /** Addresses of every deleted or replaced resource. */
  deletes: string[];
}

interface ShowJson {
  format_version?: string;
  resource_changes?: { address?: string; mode?: string; change?: { actions?: string[] } }[];
}

export class PlanJsonError extends Error {}

export function planChanges(showJson: string): PlanChanges {
  let doc: ShowJson;
  try {
    doc = JSON.parse(showJson) as ShowJson;
  } catch {
    throw new PlanJsonError('`tofu show -json` did not print JSON');
  }
  if (typeof doc.format_version !== 'string') throw new PlanJsonError('`tofu show -json` printed JSON without format_version: not a plan');
  const out: PlanChanges = { create: 0, update: 0, delete: 0, replace: 0, deletes: [] };
  for (const rc of doc.resource_changes ?? []) {
    // Data sources are read, never changed.
    if (rc.mode === 'data') continue;
    const actions = rc.change?.actions ?? [];
    if (actions.includes('delete') && actions.includes('create')) out.replace++;
    else if (actions.includes('delete')) out.delete++;
    else if (actions.includes('create')) out.create++;
    else if (actions.includes('update')) out.update++;
    if (actions.includes('delete') && rc.address) out.deletes.push(rc.address);
  }
  out.deletes.sort();
  return out;
}

export function hasChanges(c: PlanChanges): boolean {
  return c.create + c.update + c.delete + c.replace > 0;
}

export function describeChanges(c: PlanChanges): string {
  return hasChanges(c) ? `${c.create} to add, ${c.update} to change, ${c.replace} to replace, ${c.delete} to destroy` : 'no changes';
}
