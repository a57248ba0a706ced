/**
 * The admin kubeconfig of a cluster socle built on instances: a client certificate (CN socle-admin,
 * O system:masters — the cluster-admin group, the CN names who holds it in audit logs) signed, for
 * this run only, by the client CA the cluster stack keeps (`admin_certificate_signer` output), and
 * valid a few hours. Nothing long-lived grants cluster-admin outside the encrypted state.
 * kube-apiserver takes the certificate's CN as the user and each O as a group when it chains to
 * `--client-ca-file` (RKE2: the client CA; Kubernetes docs, "Authenticating", X509 client certificates).
 */
import type { AdminCertificateSigner } from '../../../stacks/compute/cluster-bootstrap-bundle.js';
import { ExtendedKeyUsage, importPrivateKeyPem, issueCertificate, KeyUsage, newKeyPair, parseCertificate, privateKeyPem } from './ecdsa-certificates.js';

/** Long enough for one deploy (the smoke checks included), short enough that a copied file soon expires. */
export const ADMIN_CERTIFICATE_HOURS = 12;
/** Tolerates an API server whose clock is a little behind this machine's. */
const CLOCK_SKEW_MS = 5 * 60_000;
export const ADMIN_USER = 'socle-admin';

export interface AdminKubeconfig {
  /** The kubeconfig file's text (JSON, valid YAML). */
  text: string;
  /** The admin certificate's private key, to redact. */
  privateKey: string;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export async function adminKubeconfig(signer: AdminCertificateSigner, options: { cluster: string; server: string; now: Date }): Promise<AdminKubeconfig> {
  const issuer = { certificate: parseCertificate(signer.client_ca_certificate), privateKey: await importPrivateKeyPem(signer.client_ca_private_key) };
  const keys = await newKeyPair();
  const certificate = await issueCertificate(
    {
      subject: `CN=${ADMIN_USER}, O=system:masters`,
      notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(options.now.getTime() + ADMIN_CERTIFICATE_HOURS * 3_600_000),
      ca: false,
      keyUsages: KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
      extendedKeyUsages: [ExtendedKeyUsage.clientAuth],
    },
    { publicKey: keys.publicKey },
    issuer,
  );
  const privateKey = await privateKeyPem(keys.privateKey);
  const { cluster, server } = options;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': b64(signer.server_ca_certificate) } }],
    users: [{ name: ADMIN_USER, user: { 'client-certificate-data': b64(certificate), 'client-key-data': b64(privateKey) } }],
    contexts: [{ name: cluster, context: { cluster, user: ADMIN_USER } }],
    'current-context': cluster,
  };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, privateKey };
}
