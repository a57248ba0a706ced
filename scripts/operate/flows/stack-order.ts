/**
 * The order stacks are planned and applied in (destroyed in reverse): dependencies first; among
 * stacks free to go, the lifecycle order `stacks/` declares, then the name.
 */
import type { SynthesizedStack } from '../state/synthesized-stacks.js';

export interface StackOrder {
  /** Names, first to apply first. */
  order: string[];
  /** For each stack, every stack it needs applied before it (transitively). */
  upstream: Record<string, string[]>;
}

export class StackCycleError extends Error {}

export function orderStacks(stacks: readonly SynthesizedStack[], lifecycle: readonly string[] = []): StackOrder {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const rank = (name: string) => {
    const i = lifecycle.indexOf(name);
    return i === -1 ? lifecycle.length : i;
  };
  const pending = new Set(byName.keys());
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending]
      .filter((n) => byName.get(n)!.dependsOn.every((d) => !pending.has(d)))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    if (ready.length === 0) throw new StackCycleError(`the synthesized stacks depend on each other in a cycle: ${[...pending].sort().join(', ')}`);
    order.push(ready[0]!);
    pending.delete(ready[0]!);
  }
  // Without any declared dependency nothing tells which stack reads which: assume each needs all before it.
  const declared = stacks.some((s) => s.dependsOn.length > 0);
  const upstream: Record<string, string[]> = {};
  for (const [i, name] of order.entries()) {
    upstream[name] = declared ? transitive(name, byName) : order.slice(0, i);
  }
  return { order, upstream };
}

function transitive(name: string, byName: Map<string, SynthesizedStack>): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    for (const d of byName.get(n)?.dependsOn ?? []) if (!seen.has(d)) (seen.add(d), visit(d));
  };
  visit(name);
  return [...seen].sort();
}
