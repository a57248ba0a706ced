/**
 * Environment values never become Terraform expressions: the strings the stacks render are read
 * back by the real Terraform (its template rules are OpenTofu's), which must give the environment's
 * text unchanged — not evaluate `${file(...)}` or a `%{` directive.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../scripts/operate/tools/find-executable.js';
import { cloudConfig } from './cloud-init-shell.js';
import { example, resources, stack, variant } from './synthesized.js';

const HOSTILE_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEbV0o0n1xQ3m2k9Jc4Yf0Vh5m6wPpQ0X2Yt7m8Zr9aB ${file("/etc/hostname")} %{ if true }x%{ endif }';
const HOSTILE_IMAGE = 'Debian 12 ${path.cwd}';
const env = variant(example('metropole-9000'), (e) => {
  e.cluster.sshAuthorizedKeys = [HOSTILE_KEY];
  e.cloud.image = HOSTILE_IMAGE;
});
const node = resources(stack(env, 'cluster'), 'openstack_compute_instance_v2')['general_0']!;
const terraform = findExecutable('terraform', process.env, process.cwd()) ?? findExecutable('tofu', process.env, process.cwd());

describe.skipIf(!terraform)('environment strings in Terraform JSON, read by the real Terraform', () => {
  it('come back as the environment wrote them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'socle-literal-'));
    try {
      // The rendered strings as outputs of an otherwise empty configuration (no provider needed);
      // socle's own references (an unescaped `${`) stand for values of resources this one lacks.
      const standIn = (text: string) => text.replace(/(?<!\$)\$\{[^}]*\}/g, 'socle-reference');
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ output: { image: { value: standIn(node['image_name']) }, user_data: { value: standIn(node['user_data']) } } }));
      const run = (args: string[]) => spawnSync(terraform!, args, { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH']!, HOME: dir, CHECKPOINT_DISABLE: '1' } });
      expect(run(['init', '-input=false', '-no-color']).status).toBe(0);
      const applied = run(['apply', '-auto-approve', '-input=false', '-no-color']);
      expect(applied.stderr).toBe('');
      const outputs = JSON.parse(run(['output', '-json']).stdout);
      expect(outputs['image']['value']).toBe(HOSTILE_IMAGE);
      expect(cloudConfig(outputs['user_data']['value']).ssh_authorized_keys).toEqual([HOSTILE_KEY]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
