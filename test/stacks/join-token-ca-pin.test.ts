/**
 * OS5, as a joining node sees it: the token every node gets is parsed and checked against the CA
 * bundle the servers answer at `/cacerts` with a port of k3s's own token code
 * (`k3s-join-token.ts`), on the rendered user data with the Terraform values filled in: a test CA
 * certificate (fixtures/k3s-ca, made by openssl) stands for the server CA, Terraform's
 * `sha256` (hex SHA-256 of the UTF-8 string) and `base64encode`, and cloud-init's `encoding: b64`
 * (the decoded bytes are what lands in server-ca.crt) are applied as documented.
 *
 * The port's bundle rule was checked once against Go's crypto/x509 running hashCA's logic (go1.26,
 * a throwaway program: the module proxy does not serve k3s): root.crt alone → SHA-256 of its
 * file; int.crt+root.crt → SHA-256 of root's DER; other.crt twice → of its DER; root.crt+int.crt →
 * of the file.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudConfig } from './cloud-init-shell.js';
import { hashCA, parseToken, validateCAHash } from './k3s-join-token.js';
import { example, resources, stack } from './synthesized.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/k3s-ca/${name}`, import.meta.url));
const [root, intermediate, other] = ['root.crt', 'int.crt', 'other.crt'].map(fixture) as [Buffer, Buffer, Buffer];
const der = (pem: Buffer) => new X509Certificate(pem).raw;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe("k3s's CA hash (the port, against what Go's crypto/x509 gave)", () => {
  it('hashes the literal bytes of a one-certificate bundle', () => {
    expect(hashCA(root)).toBe(sha256(root));
    expect(hashCA(root)).toBe('0e42d93fca5bf7f92860afa5b893aff634e4c1286b977a15d819bc1e0ad1abe5');
  });

  it("hashes the root's DER for a chain, and the literal bytes when the first certificate has no chain in the rest", () => {
    expect(hashCA(Buffer.concat([intermediate, root]))).toBe(sha256(der(root)));
    expect(hashCA(Buffer.concat([intermediate, root]))).toBe('8fb571ff3d6747f20efe85d0b54f497aba0bd6826c8779104a196d9dbde0e202');
    expect(hashCA(Buffer.concat([other, other]))).toBe(sha256(der(other)));
    expect(hashCA(Buffer.concat([root, intermediate]))).toBe(sha256(Buffer.concat([root, intermediate])));
  });

  it('parses K10<hash>::<user>:<password>, and refuses a hash of the wrong length', () => {
    expect(parseToken(`K10${'a'.repeat(64)}::server:pw`)).toEqual({ caHash: 'a'.repeat(64), username: 'server', password: 'pw' });
    expect(parseToken('pw')).toEqual({ caHash: '', username: '', password: 'pw' });
    expect(() => parseToken('K10abc::server:pw')).toThrow('invalid token CA hash length');
  });
});

describe('the join tokens socle renders (OS5), checked by a joining node', () => {
  const nodes = resources(stack(example('metropole-9000'), 'cluster'), 'openstack_compute_instance_v2');
  const files = (name: string) => cloudConfig(nodes[name]!['user_data']).write_files;
  const serverCaFile = files('control_plane_0').find((f) => f.path === '/var/lib/rancher/rke2/server/tls/server-ca.crt')!;
  /** The Terraform value cloud-init writes to server-ca.crt: `${base64encode(<value>)}`. */
  const caValue = /^\$\{base64encode\((.+)\)\}$/.exec(serverCaFile.content)?.[1];

  /** Terraform's template, with the server CA value bound to a certificate. */
  const evaluate = (template: string, pem: Buffer): string =>
    template.replace(/\$\{(sha256|base64encode)\((.+?)\)\}(?=::|$)/g, (whole, fn: string, arg: string) => {
      if (arg !== caValue) return whole;
      return fn === 'sha256' ? sha256(pem.toString('utf8')) : pem.toString('base64');
    });
  const token = (name: string) => JSON.parse(files(name).find((f) => f.path === '/etc/rancher/rke2/config.yaml')!.content)['token'] as string;

  it('writes the server CA to server-ca.crt from one Terraform value, through cloud-init b64', () => {
    expect(caValue).toBeDefined();
    expect(serverCaFile.encoding).toBe('b64');
  });

  for (const name of Object.keys(nodes)) {
    it(`lets ${name} join a server answering /cacerts with that server-ca.crt, and not one answering with another CA`, () => {
      const servedBytes = Buffer.from(evaluate(serverCaFile.content, root), 'base64');
      expect(servedBytes.equals(root)).toBe(true);
      const rendered = evaluate(token(name), root);
      const parsed = parseToken(rendered.replace(/\$\{[^}]+\}$/, 'password'));
      expect(parsed.username).toBe(name.startsWith('control_plane_') ? 'server' : 'node');
      expect(() => validateCAHash(rendered, servedBytes)).not.toThrow();
      expect(() => validateCAHash(rendered, other)).toThrow('token CA hash does not match the Cluster CA certificate hash');
    });
  }
});
