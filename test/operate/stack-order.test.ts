/** Apply order of the synthesized stacks: dependencies first, then the lifecycle order. */
import { describe, expect, it } from 'vitest';
import { orderStacks, StackCycleError } from '../../scripts/operate/flows/stack-order.js';
import type { SynthesizedStack } from '../../scripts/operate/state/synthesized-stacks.js';

const stack = (name: string, dependsOn: string[] = []): SynthesizedStack => ({ name, dir: `/out/terraform/${name}`, dependsOn, protectedResources: [], declared: [], outputs: [], variables: [], encryptsState: false, socleBuckets: [] });
const LIFECYCLE = ['network', 'cluster', 'data', 'backups'];

describe('orderStacks', () => {
  it('puts dependencies first whatever the lifecycle order says', () => {
    const { order, upstream } = orderStacks([stack('backups', ['data']), stack('data'), stack('network', ['backups'])], LIFECYCLE);
    expect(order).toEqual(['data', 'backups', 'network']);
    expect(upstream).toEqual({ data: [], backups: ['data'], network: ['backups', 'data'] });
  });

  it('orders independent stacks by lifecycle, then by name', () => {
    expect(orderStacks([stack('zeta'), stack('backups'), stack('alpha'), stack('network')], LIFECYCLE).order).toEqual(['network', 'backups', 'alpha', 'zeta']);
  });

  it('without any declared dependency, assumes each stack needs every one before it', () => {
    expect(orderStacks([stack('data'), stack('cluster'), stack('network')], LIFECYCLE).upstream).toEqual({ network: [], cluster: ['network'], data: ['network', 'cluster'] });
  });

  it('rejects a cycle, naming the stacks in it', () => {
    expect(() => orderStacks([stack('a', ['b']), stack('b', ['a']), stack('c')], [])).toThrow(new StackCycleError('the synthesized stacks depend on each other in a cycle: a, b'));
  });
});
