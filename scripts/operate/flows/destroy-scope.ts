/**
 * What `socle destroy` takes down and what it keeps. Data stores (stacks with `prevent_destroy`
 * resources: buckets, databases, volumes, backups) are kept unless the operator asked to delete
 * the data, and so is every stack a kept stack declares it reads from.
 */
import type { SynthesizedStack } from '../state/synthesized-stacks.js';

export interface DestroyScope {
  /** In destroy order (reverse of apply order). */
  destroy: string[];
  kept: { stack: string; reason: string }[];
}

function declaredDependencies(name: string, stacks: readonly SynthesizedStack[]): string[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const seen = new Set<string>();
  const visit = (n: string) => {
    for (const d of byName.get(n)?.dependsOn ?? []) if (!seen.has(d)) (seen.add(d), visit(d));
  };
  visit(name);
  return [...seen];
}

export function destroyScope(stacks: readonly SynthesizedStack[], order: readonly string[], deleteData: boolean): DestroyScope {
  const kept = new Map<string, string>();
  if (!deleteData) {
    for (const s of stacks.filter((x) => x.protectedResources.length > 0)) {
      kept.set(s.name, `holds data (${s.protectedResources.join(', ')})`);
      for (const d of declaredDependencies(s.name, stacks)) if (!kept.has(d)) kept.set(d, `the kept stack ${s.name} reads its outputs`);
    }
  }
  const reversed = [...order].reverse();
  return { destroy: reversed.filter((s) => !kept.has(s)), kept: reversed.filter((s) => kept.has(s)).map((stack) => ({ stack, reason: kept.get(stack)! })) };
}
