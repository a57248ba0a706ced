/** Licence gates: what each edition allows against what the expected load needs. */
import { describe, expect, it } from 'vitest';
import { size } from '../../sizing/size.js';
import type { LicenceGate } from '../../sizing/sizing-plan.js';
import { environmentFor } from './environment-for.js';

function gate(users: number, app: LicenceGate['app'], edition: 'community' | 'enterprise'): LicenceGate {
  const plan = size(environmentFor({ users, onlyoffice: app === 'onlyoffice' ? edition : 'enterprise', rocketchat: app === 'rocketchat' ? edition : 'enterprise' }));
  const found = plan.licences.find((g) => g.app === app);
  if (!found) throw new Error(`no ${app} gate`);
  return found;
}

describe('ONLYOFFICE Docs Community (20 simultaneous connections, no clustering)', () => {
  it('is insufficient at 9,000 users: 450 editors against a limit of 20, both named', () => {
    const g = gate(9000, 'onlyoffice', 'community');
    expect(g.sufficient).toBe(false);
    expect(g.measure).toEqual({ name: 'simultaneous editors', expected: 450, limit: 20 });
    expect(g.needs).toContain('450');
    expect(g.allows).toContain('20');
  });

  it('is sufficient up to 20 expected editors (400 users) and not one above (420 users → 21)', () => {
    expect(gate(400, 'onlyoffice', 'community')).toMatchObject({ sufficient: true, measure: { expected: 20, limit: 20 } });
    expect(gate(420, 'onlyoffice', 'community')).toMatchObject({ sufficient: false, measure: { expected: 21, limit: 20 } });
  });

  it('runs one document service and one converter, whatever the load', () => {
    for (const users of [100, 9000, 20000]) {
      const plan = size(environmentFor({ users, onlyoffice: 'community' }));
      expect(plan.components.filter((c) => c.name === 'onlyoffice-docservice' || c.name === 'onlyoffice-converter').map((c) => c.replicas)).toEqual([1, 1]);
    }
  });
});

describe('Rocket.Chat Community (one instance, presence off above 200 concurrent users)', () => {
  it('is insufficient at 1,000 users: 300 concurrent against a limit of 200, both named', () => {
    const g = gate(1000, 'rocketchat', 'community');
    expect(g.sufficient).toBe(false);
    expect(g.measure).toEqual({ name: 'concurrent users', expected: 300, limit: 200 });
    expect(g.needs).toContain('300');
    expect(g.allows).toContain('200');
  });

  it('is sufficient at 666 users (200 concurrent) and not at 667 (201)', () => {
    expect(gate(666, 'rocketchat', 'community')).toMatchObject({ sufficient: true, measure: { expected: 200 } });
    expect(gate(667, 'rocketchat', 'community')).toMatchObject({ sufficient: false, measure: { expected: 201 } });
  });

  it('never plans the microservices or several instances', () => {
    const plan = size(environmentFor({ users: 15000, rocketchat: 'community' }));
    expect(plan.components.filter((c) => c.app === 'rocketchat' && c.kind === 'stateless')).toEqual([expect.objectContaining({ name: 'rocketchat', replicas: 1 })]);
  });
});

describe('enterprise editions', () => {
  it.each([100, 1000, 9000, 20000])('are sufficient at %i users, with no fixed limit', (users) => {
    for (const app of ['onlyoffice', 'rocketchat'] as const) {
      const g = gate(users, app, 'enterprise');
      expect(g.sufficient, app).toBe(true);
      expect(g.measure.limit, app).toBeNull();
      expect(g.measure.expected, app).toBeGreaterThan(0);
    }
  });
});

describe('gates follow the apps', () => {
  it('has no gate for an app that is switched off', () => {
    const plan = size(environmentFor({ users: 1000, extra: 'apps:\n  onlyoffice:\n    enabled: false\n  rocketchat:\n    enabled: false\n' }));
    expect(plan.licences).toEqual([]);
  });

  it('follows the assumptions: a higher co-editing share raises the need', () => {
    const plan = size(environmentFor({ users: 1000, onlyoffice: 'community', extra: 'sizing:\n  coeditingShare: 0.2\n' }));
    expect(plan.licences.find((g) => g.app === 'onlyoffice')!.measure.expected).toBe(200);
  });
});
