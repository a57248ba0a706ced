/** The tool's own error, as a failure message quotes it. */
import { describe, expect, it } from 'vitest';
import { toolErrorText } from '../../scripts/operate/tools/tool-process.js';

describe('toolErrorText', () => {
  it('takes OpenTofu diagnostics from the first Error: line, without the box drawing of colour mode', () => {
    const stderr = 'Acquiring state lock. This may take a few moments...\n╷\n│ Error: Invalid provider configuration\n│\n│ Provider "registry.opentofu.org/terraform-provider-openstack/openstack" requires explicit configuration.\n╵\n';
    expect(toolErrorText(stderr, '')).toBe('Error: Invalid provider configuration\n\nProvider "registry.opentofu.org/terraform-provider-openstack/openstack" requires explicit configuration.');
  });

  it("takes Pulumi's error: lines", () => {
    const stderr = 'Previewing update (pilot):\n    error: 1 error occurred:\nerror: preview failed\n';
    expect(toolErrorText(stderr, '')).toBe('error: 1 error occurred:\nerror: preview failed');
  });

  it('falls back to the last lines of stderr, then of stdout', () => {
    const many = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(toolErrorText(many, '').split('\n')).toEqual(Array.from({ length: 15 }, (_, i) => `line ${i + 5}`));
    expect(toolErrorText('', 'only on stdout\n')).toBe('only on stdout');
    expect(toolErrorText('', '')).toBe('(the tool printed nothing)');
  });
});
