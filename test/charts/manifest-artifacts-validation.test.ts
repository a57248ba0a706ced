/**
 * synth validates every rendered object strictly before writing (issue 14: "strict validation
 * stays on in synth"): an object outside its pinned schema — a fork's chart with a typo — stops
 * the manifests step with the object and field named, and no manifest is produced.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ManifestFile } from '../../charts/render.js';

vi.mock('../../charts/render.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../charts/render.js')>();
  return {
    ...original,
    renderManifests: (...args: Parameters<typeof original.renderManifests>): ManifestFile[] => {
      const files = original.renderManifests(...args);
      const [first, ...rest] = files;
      const typo = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fork-typo', namespace: 'nextcloud' }, dataa: { a: 'b' } };
      return [{ ...first!, objects: [...first!.objects, typo as never] }, ...rest];
    },
  };
});

const { manifestArtifacts } = await import('../../charts/manifest-artifacts.js');
const { loadExample } = await import('./examples.js');
const { size } = await import('../../sizing/size.js');

describe('synth validates the rendered objects before writing them', () => {
  it('refuses an object with a field its schema does not have, naming the object and the field', () => {
    const env = loadExample('pilot');
    expect(() => manifestArtifacts(env, size(env))).toThrow(/don't validate against their pinned schemas \(nothing written\):\n.*fork-typo.*\/dataa: unknown field/);
  });
});
