/** No secret value in the synthesized JSON; secrets only leave the state as sensitive outputs. */
import { describe, expect, it } from 'vitest';
import { EXAMPLES, example, stacksOf, type TfDoc } from './synthesized.js';

/** Attributes the providers mark sensitive that socle's outputs could carry. */
const SENSITIVE_REFERENCE = /\.(secret|kubeconfig)\b|terraform_data\.cluster_bootstrap/;

function walk(value: unknown, visit: (key: string, value: unknown) => void, key = ''): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit, key));
  // `//` holds cdktf's metadata (output ids by name), not configuration.
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== '//') walk(v, visit, k);
  else visit(key, value);
}

describe('secrets', () => {
  it.each(EXAMPLES)('%s: every output that carries a sensitive attribute is marked sensitive', (name) => {
    for (const doc of stacksOf(example(name)).values()) {
      for (const [id, output] of Object.entries((doc['output'] ?? {}) as Record<string, TfDoc>)) {
        if (SENSITIVE_REFERENCE.test(JSON.stringify(output['value']))) expect({ id, sensitive: output['sensitive'] }).toEqual({ id, sensitive: true });
      }
    }
  });

  it.each(EXAMPLES)('%s: token, secret and password fields only ever hold references', (name) => {
    for (const doc of stacksOf(example(name)).values()) {
      walk(doc, (key, value) => {
        if (/token|secret|password|admin_pass/i.test(key) && typeof value === 'string') expect(value).toMatch(/^\$\{.+\}$/);
      });
    }
  });

  it('join tokens in user data are references to the stored bootstrap bundle, never literals', () => {
    const cluster = stacksOf(example('pilot')).get('cluster')!;
    const userData = Object.values(cluster['resource']['openstack_compute_instance_v2'] as Record<string, TfDoc>).map((i) => i['user_data'] as string);
    for (const text of userData) {
      const tokens = [...text.matchAll(/\\"(?:token|agent-token)\\": \\"([^\\]*)\\"/g)].map((m) => m[1]);
      expect(tokens.length).toBeGreaterThan(0);
      // The password part is a reference; the secure form adds the CA hash, itself a reference.
      for (const t of tokens) expect(t).toMatch(/^(K10\$\{sha256\(sensitive\(terraform_data\.cluster_bootstrap\.output\.server_ca_certificate\)\)\}::(server|node):)?\$\{sensitive\(terraform_data\.cluster_bootstrap\.output\.(server|agent)_token\)\}$/);
    }
  });

  it('no output prints the cloud-provider credential or S3 secret in clear', () => {
    const stacks = stacksOf(example('metropole-9000'));
    expect(stacks.get('cluster')!['output']['cloud_provider_credential_secret']['sensitive']).toBe(true);
    expect(stacks.get('data')!['output']['s3_secret_key']['sensitive']).toBe(true);
    expect(stacks.get('backups')!['output']['s3_secret_key']['sensitive']).toBe(true);
  });
});
