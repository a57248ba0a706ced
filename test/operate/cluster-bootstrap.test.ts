/**
 * The cluster bootstrap bundle `socle plan` makes (scripts/operate/cloud/cluster-bootstrap.ts), read back
 * with node:crypto and checked by the real openssl as a CA: what RKE2 needs of a custom CA it finds
 * at first start (docs.rke2.io "Using Custom CA Certificates": a CA certificate and its key, which
 * it signs the API serving and client certificates with), and what the tokens must be.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CA_VALIDITY_DAYS, generateClusterBootstrap } from '../../scripts/operate/cloud/cluster-bootstrap.js';
import { CLUSTER_BOOTSTRAP_FIELDS } from '../../stacks/compute/cluster-bootstrap-bundle.js';
import { example } from '../stacks/synthesized.js';

const now = new Date('2026-12-02T00:00:00Z');
const bundle = await generateClusterBootstrap(example('pilot'), now);
const other = await generateClusterBootstrap(example('pilot'), now);
const dir = mkdtempSync(join(tmpdir(), 'socle-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('cluster bootstrap bundle', () => {
  it('holds every field the stack reads, and nothing else', () => {
    expect(Object.keys(bundle).sort()).toEqual([...CLUSTER_BOOTSTRAP_FIELDS].sort());
  });

  it('join tokens: 48 letters and digits from node:crypto, different for servers and agents and at each run', () => {
    for (const token of [bundle.server_token, bundle.agent_token]) expect(token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(new Set([bundle.server_token, bundle.agent_token, other.server_token, other.agent_token]).size).toBe(4);
  });

  for (const [name, cert, key] of [
    ['server', bundle.server_ca_certificate, bundle.server_ca_private_key],
    ['client', bundle.client_ca_certificate, bundle.client_ca_private_key],
  ] as const) {
    it(`${name} CA: a self-signed ECDSA P-256 CA certificate valid 10 years, with its SEC 1 key`, () => {
      const x509 = new X509Certificate(cert);
      expect(x509.subject).toBe(`CN=rke2-${name}-ca@pilot`);
      expect(x509.issuer).toBe(x509.subject);
      expect(x509.ca).toBe(true);
      expect(x509.checkIssued(x509)).toBe(true);
      expect(x509.verify(x509.publicKey)).toBe(true);
      expect(new Date(x509.validFrom).getTime()).toBe(now.getTime());
      expect(new Date(x509.validTo).getTime() - now.getTime()).toBe(CA_VALIDITY_DAYS * 86_400_000);
      expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
      // The format hashicorp/tls wrote, which RKE2 reads (client-go util/keyutil ParsePrivateKeyPEM).
      expect(key).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+\n-----END EC PRIVATE KEY-----\n$/);
      expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
      expect(cert.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    });

    it(`${name} CA: openssl reads it as a CA for signing (critical basic constraints and key usage) and verifies it as its own root`, () => {
      const file = join(dir, `${name}-ca.crt`);
      writeFileSync(file, cert);
      const text = openssl(['x509', '-in', file, '-noout', '-ext', 'basicConstraints,keyUsage']);
      expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE/);
      expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment, Certificate Sign/);
      expect(openssl(['verify', '-attime', String(now.getTime() / 1000 + 3600), '-CAfile', file, file]).trim()).toBe(`${file}: OK`);
    });
  }

  it('two different CAs, and a new pair at each run', () => {
    const keys = [bundle.server_ca_private_key, bundle.client_ca_private_key, other.server_ca_private_key, other.client_ca_private_key];
    expect(new Set(keys).size).toBe(4);
    expect(new X509Certificate(bundle.server_ca_certificate).serialNumber).not.toBe(new X509Certificate(other.server_ca_certificate).serialNumber);
  });
});
