/**
 * Every policy against its fixtures: exact findings for `pass` (none) and each `fail-*` (at least
 * one). A policy missing from the registry, without fixtures, or that stops firing fails here.
 */
import { describe, expect, it } from 'vitest';
import { readArtifacts } from '../../policies/artifacts/read-artifacts.js';
import { environmentWaivers } from '../../policies/waivers.js';
import { isNotApplicable } from '../../policies/policy.js';
import { findPolicy, POLICIES } from '../../policies/registry.js';
import { loadFixtures } from './fixtures.js';

const fixtures = loadFixtures();

describe('policy fixtures', () => {
  it('every registered policy has a pass fixture and at least one fail fixture, and every fixture folder is a registered policy', () => {
    const byPolicy = new Map<string, string[]>();
    for (const f of fixtures) byPolicy.set(f.policy, [...(byPolicy.get(f.policy) ?? []), f.name]);
    for (const policy of POLICIES) {
      const names = byPolicy.get(policy.id) ?? [];
      expect(names, `fixtures of ${policy.id}`).toContain('pass');
      expect(names.filter((n) => n.startsWith('fail-')).length, `fail fixtures of ${policy.id}`).toBeGreaterThan(0);
    }
    expect([...byPolicy.keys()].filter((id) => !findPolicy(id))).toEqual([]);
    expect(fixtures.every((f) => f.name === 'pass' || f.name.startsWith('fail-'))).toBe(true);
  });

  for (const fixture of fixtures) {
    it(`${fixture.policy} ${fixture.name}`, () => {
      const policy = findPolicy(fixture.policy);
      expect(policy, `policy ${fixture.policy} is in the registry`).toBeDefined();
      const artifacts = readArtifacts(fixture.files, fixture.plans);
      const outcome = policy!.check(artifacts, { now: fixture.now, waivers: environmentWaivers(artifacts.environment) });
      const found = isNotApplicable(outcome) ? [] : outcome.map((v) => ({ resource: v.resource, ...(v.rule ? { rule: v.rule } : {}), message: v.message }));
      const sort = (list: { resource: string; message: string }[]) => [...list].sort((a, b) => a.resource.localeCompare(b.resource) || a.message.localeCompare(b.message));
      expect(sort(found)).toEqual(sort(fixture.expect));
      if (fixture.name.startsWith('fail-')) expect(found.length, 'a fail fixture must fire').toBeGreaterThan(0);
      else expect(found).toEqual([]);
    });
  }
});
