/** The example environments, end to end: which stacks, valid against the schema, deterministic. */
import { describe, expect, it } from 'vitest';
import { size } from '../../sizing/size.js';
import { terraformArtifacts } from '../../stacks/terraform-artifacts.js';
import { validateTerraformJson } from '../../stacks/validation/terraform-json-validator.js';
import { EXAMPLES, example, stacksOf, variant } from './synthesized.js';

describe('synthesized stacks of the examples', () => {
  it.each(EXAMPLES)('%s: every stack passes offline validation against the provider schema', (name) => {
    for (const [stackName, doc] of stacksOf(example(name))) {
      expect({ stackName, problems: validateTerraformJson(doc) }).toEqual({ stackName, problems: [] });
    }
  });

  it.each(EXAMPLES)('%s: output is byte-identical from run to run', (name) => {
    const env = example(name);
    const first = terraformArtifacts(env, size(env));
    const second = terraformArtifacts(env, size(env));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, content] of first) expect(second.get(path)).toBe(content);
  });

  it('writes one cdk.tf.json per stack, in apply order', () => {
    const env = example('metropole-9000');
    expect([...terraformArtifacts(env, size(env)).keys()]).toEqual([
      'terraform/network/cdk.tf.json',
      'terraform/cluster/cdk.tf.json',
      'terraform/data/cdk.tf.json',
      'terraform/backups/cdk.tf.json',
    ]);
  });

  it('cluster.mode existing: no network or cluster stack, data and backups only', () => {
    const env = variant(example('pilot'), (e) => (e.cluster.mode = 'existing'));
    expect([...stacksOf(env).keys()]).toEqual(['data', 'backups']);
  });

  it('no backups configured: no backups stack', () => {
    const env = variant(example('pilot'), (e) => delete e.backups);
    expect([...stacksOf(env).keys()]).toEqual(['network', 'cluster', 'data']);
  });

  it('leaves no cdktf metadata that depends on the machine (paths, stack traces)', () => {
    const text = [...stacksOf(example('pilot')).values()].map((d) => JSON.stringify(d)).join('\n');
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/stackTrace/);
  });
});
