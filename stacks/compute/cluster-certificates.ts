/**
 * The cluster's certificate authorities and its admin credential, made by Terraform
 * (hashicorp/tls) so that the admin kubeconfig comes out of `tofu output` — no SSH to a node, no
 * secret copied by hand. RKE2 takes a CA whose certificate and key it finds in its TLS folder at
 * first start and generates every CA it doesn't find (docs.rke2.io, "Using Custom CA
 * Certificates"): socle supplies the two the kubeconfig needs — the server CA (to trust the API)
 * and the client CA (to sign the admin certificate). The keys live in the encrypted remote state
 * and in the first server's user data only; the JSON holds references.
 */
import type { Environment } from '../../environments/environment.js';
import { Fn, type TerraformStack } from '../cdktf.js';
import { CertRequest } from '../generated/providers/tls/cert-request/index.js';
import { LocallySignedCert } from '../generated/providers/tls/locally-signed-cert/index.js';
import { PrivateKey } from '../generated/providers/tls/private-key/index.js';
import { SelfSignedCert } from '../generated/providers/tls/self-signed-cert/index.js';
import { address, objectName } from '../naming.js';

/** A file cloud-init writes on the first server, its content base64-encoded (PEM has newlines). */
export interface BootstrapFile {
  path: string;
  permissions: string;
  base64Content: string;
}

export interface ClusterCertificates {
  /** CA certificates and keys for the first server. */
  files: BootstrapFile[];
  /** SHA-256 (hex) of the server CA certificate as written to server-ca.crt (a Terraform expression). */
  serverCaHash: string;
  /** The admin kubeconfig for an API endpoint (a Terraform expression; output it as sensitive). */
  kubeconfig(server: string): string;
}

const TLS_DIR = '/var/lib/rancher/rke2/server/tls';
// RKE2 makes ECDSA P-256 CAs valid 10 years; the admin certificate is renewed by the first
// `tofu apply` in its last 30 days.
const KEY = { algorithm: 'ECDSA', ecdsaCurve: 'P256' } as const;
const CA_HOURS = 10 * 365 * 24;
const ADMIN_HOURS = 365 * 24;
const ADMIN_RENEWAL_HOURS = 30 * 24;

function certificateAuthority(stack: TerraformStack, env: Environment, name: 'server_ca' | 'client_ca') {
  const key = new PrivateKey(stack, address(PrivateKey, name), KEY);
  const cert = new SelfSignedCert(stack, address(SelfSignedCert, name), {
    privateKeyPem: key.privateKeyPem,
    isCaCertificate: true,
    validityPeriodHours: CA_HOURS,
    allowedUses: ['cert_signing', 'digital_signature', 'key_encipherment'],
    subject: [{ commonName: `rke2-${name.replace('_', '-')}@${objectName(env)}` }],
  });
  return { key, cert };
}

export function addClusterCertificates(stack: TerraformStack, env: Environment): ClusterCertificates {
  const server = certificateAuthority(stack, env, 'server_ca');
  const client = certificateAuthority(stack, env, 'client_ca');
  const adminKey = new PrivateKey(stack, address(PrivateKey, 'admin'), KEY);
  const request = new CertRequest(stack, address(CertRequest, 'admin'), {
    privateKeyPem: adminKey.privateKeyPem,
    // `system:masters` is the cluster-admin group; the CN names who holds it in audit logs.
    subject: [{ commonName: 'socle-admin', organization: 'system:masters' }],
  });
  const admin = new LocallySignedCert(stack, address(LocallySignedCert, 'admin'), {
    certRequestPem: request.certRequestPem,
    caPrivateKeyPem: client.key.privateKeyPem,
    caCertPem: client.cert.certPem,
    validityPeriodHours: ADMIN_HOURS,
    earlyRenewalHours: ADMIN_RENEWAL_HOURS,
    allowedUses: ['client_auth', 'digital_signature', 'key_encipherment'],
  });
  const file = (name: string, pem: string, permissions: string): BootstrapFile => ({ path: `${TLS_DIR}/${name}`, permissions, base64Content: Fn.base64encode(pem) });
  return {
    files: [
      file('server-ca.crt', server.cert.certPem, '0644'),
      file('server-ca.key', server.key.privateKeyPem, '0600'),
      file('client-ca.crt', client.cert.certPem, '0644'),
      file('client-ca.key', client.key.privateKeyPem, '0600'),
    ],
    serverCaHash: Fn.sha256(server.cert.certPem),
    kubeconfig: (endpoint) => {
      const cluster = objectName(env);
      return `${JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: cluster, cluster: { server: endpoint, 'certificate-authority-data': Fn.base64encode(server.cert.certPem) } }],
          users: [{ name: 'socle-admin', user: { 'client-certificate-data': Fn.base64encode(admin.certPem), 'client-key-data': Fn.base64encode(adminKey.privateKeyPem) } }],
          contexts: [{ name: cluster, context: { cluster, user: 'socle-admin' } }],
          'current-context': cluster,
        },
        null,
        2,
      )}\n`;
    },
  };
}
