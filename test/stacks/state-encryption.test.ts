/**
 * OS7: every stack's state and plans are encrypted with a key derived from a passphrase only the
 * authority holds. When OpenTofu is on this machine (`SOCLE_TOFU`, or `tofu` on PATH), it applies
 * a configuration with the stacks' own encryption settings and the state file is checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, example, stacksOf, type TfDoc } from './synthesized.js';

const docs = EXAMPLES.flatMap((name) => [...stacksOf(example(name))].map(([stack, doc]) => ({ name: `${name}/${stack}`, doc })));

describe('state encryption (OpenTofu encryption block)', () => {
  it.each(docs)('$name: encrypts state, plans and remote-state reads, keyed by a passphrase variable with no value in the file', ({ doc }) => {
    const encryption = doc['terraform']['encryption'];
    expect(encryption['key_provider']['pbkdf2']['socle']['passphrase']).toBe('${var.state_passphrase}');
    expect(encryption['state']).toEqual({ method: 'method.aes_gcm.socle', enforced: true });
    expect(encryption['plan']).toEqual({ method: 'method.aes_gcm.socle', enforced: true });
    expect(encryption['remote_state_data_sources']['default']['method']).toBe('method.aes_gcm.socle');
    expect(doc['variable']['state_passphrase']).toMatchObject({ type: 'string', sensitive: true });
    expect(doc['variable']['state_passphrase']['default']).toBeUndefined();
  });
});

const tofu = process.env['SOCLE_TOFU'] ?? 'tofu';
const haveTofu = spawnSync(tofu, ['version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!haveTofu)('state encryption, applied by the real OpenTofu', () => {
  it('writes an encrypted state, and refuses to read it without the passphrase', () => {
    const dir = mkdtempSync(join(tmpdir(), 'socle-tofu-'));
    try {
      const cluster = docs.find((d) => d.name === 'pilot/cluster')!.doc as TfDoc;
      // The stack's own encryption settings and variable; a local state and one output, no provider.
      const config = { terraform: { encryption: cluster['terraform']['encryption'], backend: { local: { path: 'terraform.tfstate' } } }, variable: cluster['variable'], output: { marker: { value: 'cluster-ca-key-stand-in' } } };
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
      const env = { PATH: process.env['PATH']!, HOME: dir, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
      const run = (args: string[], passphrase?: string) =>
        spawnSync(tofu, args, { cwd: dir, env: passphrase ? { ...env, TF_VAR_state_passphrase: passphrase } : env, encoding: 'utf8' });
      const passphrase = 'correct horse battery staple, twice';
      expect(run(['init', '-input=false'], passphrase).status).toBe(0);
      expect(run(['apply', '-auto-approve', '-input=false'], passphrase).status).toBe(0);
      const state = readFileSync(join(dir, 'terraform.tfstate'), 'utf8');
      expect(JSON.parse(state)).toHaveProperty('encrypted_data');
      expect(state).not.toContain('cluster-ca-key-stand-in');
      expect(run(['output', '-raw', 'marker'], passphrase).stdout).toBe('cluster-ca-key-stand-in');
      expect(run(['output', '-raw', 'marker'], 'another passphrase of 16+ chars').status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

