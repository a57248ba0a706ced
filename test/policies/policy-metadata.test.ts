/** Policy metadata an auditor relies on, and the generated index kept fresh. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../policies/policy.js';
import { policyIndex, REGENERATE } from '../../policies/policy-index.js';
import { POLICIES } from '../../policies/registry.js';
import { PACKAGE_ROOT } from '../../scripts/environment-argument.js';

const PREFIX: Record<string, string> = { residency: 'residency-', 'sensitive-data': 'sensitive-', security: 'security-', availability: 'availability-', licences: 'licence-', governance: 'waiver-' };

describe('policy metadata', () => {
  it('ids are unique, kebab-case and start with their category', () => {
    const ids = POLICIES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of POLICIES) {
      expect(p.id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
      expect(p.id.startsWith(PREFIX[p.category]!), `${p.id} in ${p.category}`).toBe(true);
    }
  });

  it('every policy has a severity, a category, a rationale, a remediation and references', () => {
    for (const p of POLICIES) {
      expect(SEVERITIES).toContain(p.severity);
      expect(CATEGORIES).toContain(p.category);
      expect(p.title.length, p.id).toBeGreaterThan(10);
      expect(p.rationale.length, p.id).toBeGreaterThan(60);
      expect(p.remediation.length, p.id).toBeGreaterThan(30);
      expect(p.references.length, p.id).toBeGreaterThan(0);
    }
  });

  it('the issue’s controls are all in the registry', () => {
    const ids = POLICIES.map((p) => p.id);
    for (const id of ['residency-region', 'residency-backup-region', 'residency-state-backend', 'residency-stun-turn', 'residency-push-gateway', 'residency-telemetry', 'residency-acme-ca', 'residency-registry', 'residency-endpoints-unknown', 'sensitive-qualified-hosting', 'security-admin-ports', 'security-https-only', 'security-secrets-in-artifacts', 'security-pod-hardening', 'security-network-policy', 'security-image-pinning', 'availability-replicas', 'availability-pdb', 'availability-zone-spread', 'availability-database-quorum', 'availability-jitsi-shards', 'availability-backups', 'licence-onlyoffice', 'licence-rocketchat']) {
      expect(ids).toContain(id);
    }
  });

  it(`policies/README.md is the generated index (regenerate with \`${REGENERATE}\`)`, () => {
    expect(readFileSync(join(PACKAGE_ROOT, 'policies', 'README.md'), 'utf8')).toBe(policyIndex());
  });

  it('the index names every policy', () => {
    const index = policyIndex();
    for (const p of POLICIES) expect(index).toContain(`\`${p.id}\``);
  });
});
