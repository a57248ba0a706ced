/**
 * OS5: every node's token pins the cluster CA (`K10<hash>::<user>:<password>`). The hash a
 * joining node computes over `/cacerts` is reproduced from k3s `pkg/clientaccess/token.go`
 * `hashCA` (one certificate: SHA-256 of the literal bytes; a bundle: of the root's DER) and
 * compared with what the rendered token hashes: the same Terraform value cloud-init writes to
 * server-ca.crt, and over the CA certificate socle's bundle generator makes (scripts/operate/cloud/cluster-bootstrap.ts).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateClusterBootstrap } from '../../scripts/operate/cloud/cluster-bootstrap.js';
import { cloudConfig } from './cloud-init-shell.js';
import { example, resources, stack } from './synthesized.js';

function hashCA(bundle: Buffer): string {
  const pems = bundle.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length > 1) return createHash('sha256').update(new X509Certificate(pems.at(-1)!).raw).digest('hex');
  return createHash('sha256').update(bundle).digest('hex');
}

const nodes = resources(stack(example('metropole-9000'), 'cluster'), 'openstack_compute_instance_v2');
const config = (name: string) => JSON.parse(cloudConfig(nodes[name]!['user_data']).write_files[0]!.content);

describe('secure join tokens (OS5)', () => {
  it('hash, on every node, exactly the Terraform value cloud-init writes to the first server\'s server-ca.crt', () => {
    const caFile = cloudConfig(nodes['control_plane_0']!['user_data']).write_files.find((f) => f.path.endsWith('/server-ca.crt'))!;
    const written = caFile.content.match(/^\$\{base64encode\((.+)\)\}$/)![1];
    for (const name of Object.keys(nodes)) {
      const [, hashed, user] = config(name)['token'].match(/^K10\$\{sha256\((.+)\)\}::(server|node):\$\{sensitive\(terraform_data\.cluster_bootstrap\.output\.(server|agent)_token\)\}$/);
      expect([name, hashed]).toEqual([name, written]);
      expect(user).toBe(name.startsWith('control_plane_') ? 'server' : 'node');
    }
    // The servers' agent-token stays the password: RKE2 writes its secure form itself.
    expect(config('control_plane_1')['agent-token']).toBe('${sensitive(terraform_data.cluster_bootstrap.output.agent_token)}');
  });

  it("equal what a joining node computes over /cacerts for socle's one-certificate CA (Terraform's sha256 of the PEM text)", async () => {
    const bundle = await generateClusterBootstrap(example('metropole-9000'), new Date());
    const pem = Buffer.from(bundle.server_ca_certificate, 'utf8');
    // Terraform's sha256(string): SHA-256 of the UTF-8 bytes, lower-case hex.
    expect(hashCA(pem)).toBe(createHash('sha256').update(bundle.server_ca_certificate, 'utf8').digest('hex'));
    // A bundle would be hashed differently (root DER): socle's CA is one certificate.
    expect(hashCA(Buffer.concat([pem, pem]))).not.toBe(hashCA(pem));
  });
});
