/**
 * The admin kubeconfig `socle deploy` writes for an instances cluster: its client certificate is
 * signed by the stack's client CA for a few hours, with the identity kube-apiserver maps to
 * cluster-admin (CN = user, O = group `system:masters`: Kubernetes docs, "Authenticating", X509
 * client certificates), checked with node:crypto and with openssl as a TLS client certificate.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_CERTIFICATE_HOURS, adminKubeconfig } from '../../scripts/operate/cloud/admin-kubeconfig.js';
import { generateClusterBootstrap } from '../../scripts/operate/cloud/cluster-bootstrap.js';
import { example } from '../stacks/synthesized.js';

const now = new Date('2026-12-02T10:00:00Z');
const bundle = await generateClusterBootstrap(example('pilot'), new Date('2026-12-01T00:00:00Z'));
const signer = { server_ca_certificate: bundle.server_ca_certificate, client_ca_certificate: bundle.client_ca_certificate, client_ca_private_key: bundle.client_ca_private_key };
const made = await adminKubeconfig(signer, { cluster: 'pilot', server: 'https://203.0.113.10:6443', now });
const kubeconfig = JSON.parse(made.text);
const user = kubeconfig.users[0].user;
const pem = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
const certificate = new X509Certificate(pem(user['client-certificate-data']));
const dir = mkdtempSync(join(tmpdir(), 'socle-admin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('admin kubeconfig', () => {
  it('trusts the server CA and names the API endpoint of the stack', () => {
    expect(kubeconfig).toMatchObject({ apiVersion: 'v1', kind: 'Config', 'current-context': 'pilot', contexts: [{ name: 'pilot', context: { cluster: 'pilot', user: 'socle-admin' } }] });
    expect(kubeconfig.clusters[0].cluster.server).toBe('https://203.0.113.10:6443');
    expect(pem(kubeconfig.clusters[0].cluster['certificate-authority-data'])).toBe(bundle.server_ca_certificate);
  });

  it('holds a client certificate for socle-admin in system:masters, signed by the client CA, valid 12 hours', () => {
    const ca = new X509Certificate(bundle.client_ca_certificate);
    expect(certificate.subject.split('\n').sort()).toEqual(['CN=socle-admin', 'O=system:masters']);
    expect(certificate.ca).toBe(false);
    expect(certificate.checkIssued(ca)).toBe(true);
    expect(certificate.verify(ca.publicKey)).toBe(true);
    expect(certificate.verify(new X509Certificate(bundle.server_ca_certificate).publicKey)).toBe(false);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(new Date(certificate.validTo).getTime() - now.getTime()).toBe(ADMIN_CERTIFICATE_HOURS * 3_600_000);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(certificate.checkPrivateKey(createPrivateKey(pem(user['client-key-data'])))).toBe(true);
    expect(pem(user['client-key-data'])).toBe(made.privateKey);
  });

  it('openssl verifies it as a TLS client certificate against the client CA while valid, and not after', () => {
    writeFileSync(join(dir, 'client-ca.crt'), bundle.client_ca_certificate);
    writeFileSync(join(dir, 'server-ca.crt'), bundle.server_ca_certificate);
    writeFileSync(join(dir, 'admin.crt'), certificate.toString());
    const verify = (ca: string, at: Date) => {
      try {
        return execFileSync('openssl', ['verify', '-purpose', 'sslclient', '-attime', String(Math.floor(at.getTime() / 1000)), '-CAfile', join(dir, ca), join(dir, 'admin.crt')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      } catch (e) {
        return String((e as { stderr?: string }).stderr ?? e);
      }
    };
    expect(verify('client-ca.crt', new Date(now.getTime() + 3_600_000))).toBe(`${join(dir, 'admin.crt')}: OK`);
    expect(verify('client-ca.crt', new Date(now.getTime() + 13 * 3_600_000))).toMatch(/certificate has expired/);
    expect(verify('server-ca.crt', new Date(now.getTime() + 3_600_000))).toMatch(/unable to get local issuer certificate/);
  });

  it('a new key and certificate at each run', async () => {
    const again = await adminKubeconfig(signer, { cluster: 'pilot', server: 'https://203.0.113.10:6443', now });
    expect(again.privateKey).not.toBe(made.privateKey);
  });
});
