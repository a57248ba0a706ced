/** The generated bindings match the list of used types, carry their header, and cover the output. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR } from '../../stacks/provider-schema/provider-schema-files.js';
import { BUILTIN_RESOURCE_TYPES, USED_TYPES } from '../../stacks/provider-schema/used-types.js';
import { EXAMPLES, example, REPO_ROOT, stacksOf, variant } from './synthesized.js';

const root = join(REPO_ROOT, GENERATED_DIR, 'providers');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : [join(dir, e)]));
}

/** `openstack_lb_pool_v2` → `lb-pool-v2` (data sources: `data-openstack-…`), as the generator names folders. */
function folder(type: string, data: boolean): string {
  const name = data ? `data_${type}` : type.replace(/^[a-z]+_/, '');
  return name.replace(/_/g, '-');
}

describe('generated provider bindings', () => {
  it('exist for exactly the used types of each provider', () => {
    for (const [source, used] of Object.entries(USED_TYPES)) {
      const provider = source.split('/').pop()!;
      const expected = [...used.resources.map((t) => folder(t, false)), ...used.dataSources.map((t) => folder(t, true)), 'provider'].sort();
      const actual = readdirSync(join(root, provider)).filter((e) => statSync(join(root, provider, e)).isDirectory()).sort();
      expect({ provider, folders: actual }).toEqual({ provider, folders: expected });
    }
  });

  it('carry the do-not-edit header with the command that regenerates them', () => {
    for (const file of files(root).filter((f) => f.endsWith('.ts'))) {
      expect(readFileSync(file, 'utf8').startsWith('// generated — do not edit — regenerate with `npm run gen:openstack`\n')).toBe(true);
    }
  });

  it('cover every resource and data source type the stacks emit (all modes)', () => {
    const used = new Set([...Object.values(USED_TYPES).flatMap((u) => [...u.resources, ...u.dataSources.map((d) => `data.${d}`)]), ...BUILTIN_RESOURCE_TYPES]);
    const envs = [...EXAMPLES.map(example), variant(example('pilot'), (e) => (e.cluster.mode = 'existing'))];
    for (const env of envs) {
      for (const doc of stacksOf(env).values()) {
        const emitted = [...Object.keys(doc['resource'] ?? {}), ...Object.keys(doc['data'] ?? {}).filter((t) => t !== 'terraform_remote_state').map((t) => `data.${t}`)];
        for (const type of emitted) expect(used).toContain(type);
      }
    }
  });
});

describe('npm run gen:openstack', () => {
  it('regenerates exactly the committed bindings from the committed schemas', async () => {
    process.env['TERRAFORM_BINARY_NAME'] = 'socle-no-terraform';
    const { generateBindings } = await import('../../scripts/gen-openstack.js');
    const scratch = mkdtempSync(join(tmpdir(), 'socle-gen-'));
    try {
      const fresh = (await generateBindings(scratch)).map((f) => relative(scratch, f)).sort();
      const committed = files(join(REPO_ROOT, GENERATED_DIR)).map((f) => relative(join(REPO_ROOT, GENERATED_DIR), f)).sort();
      expect(fresh).toEqual(committed);
      for (const file of fresh) expect({ file, same: readFileSync(join(scratch, file), 'utf8') === readFileSync(join(REPO_ROOT, GENERATED_DIR, file), 'utf8') }).toEqual({ file, same: true });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
