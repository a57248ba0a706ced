import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../scripts/environment-argument.js';
import { GENERATED_DOCS } from '../../scripts/docs/generated-docs.js';

describe('generated docs', () => {
  for (const [file, render] of Object.entries(GENERATED_DOCS)) {
    it(`${file} matches the code (run \`npm run docs\` when this fails)`, () => {
      expect(readFileSync(join(PACKAGE_ROOT, file), 'utf8')).toBe(render());
    });
  }

  it('the sizing table shows the plan for 1,000, 3,000 and 9,000 users', () => {
    const table = GENERATED_DOCS['docs/sizing.md']!();
    expect(table).toContain('| | 1,000 users | 3,000 users | 9,000 users |');
    expect(table).toMatch(/\| jitsi-videobridge \| 3 \| 4 \| 10 \|/);
    expect(table).toMatch(/\| nextcloud-app \| 2 \| 3 \| 6 \|/);
  });

  it('the environment reference lists every documented field with its default', () => {
    const ref = GENERATED_DOCS['docs/environment-reference.md']!();
    for (const field of ['cloud.region', 'backups.region', 'apps.jitsi.branding.primaryColor', 'waivers[].expires', 'state.pulumi.backend']) {
      expect(ref).toContain(`\`${field}\``);
    }
  });
});
