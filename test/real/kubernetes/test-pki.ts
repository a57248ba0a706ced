/**
 * The certificates a throwaway control plane needs, made with Debian's `openssl` into a private
 * temporary folder: a CA, the API server's serving certificate (127.0.0.1 and the first Service
 * address), an admin client certificate in `system:masters`, a serving certificate for a local
 * webhook server, and the service-account signing key pair. Keys never leave that folder and are
 * never printed (openssl writes them to files; its output is only read on failure, and it prints no key).
 * ECDSA P-256 keeps key generation fast on two cores; kube-apiserver accepts ECDSA serving, client
 * and service-account keys (k8s.io/kubernetes v1.36 pkg/serviceaccount/jwt.go signerFromECDSAPrivateKey).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  const run = await execa('openssl', args, { cwd: dir, reject: false, stdin: 'ignore' });
  if (run.exitCode !== 0) throw new Error(`openssl ${args[0]} failed (exit ${run.exitCode}): ${run.stderr.slice(-300)}`);
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A key and a certificate signed by the CA, with the given subject and extensions. */
async function issue(dir: string, name: string, subject: string, extensions: string[]): Promise<{ cert: string; key: string }> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `${extensions.join('\n')}\n`);
  await openssl(dir, ['req', ...EC, '-keyout', key, '-out', join(dir, `${name}.csr`), '-subj', subject]);
  await openssl(dir, ['x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', cert, '-extfile', ext]);
  chmodSync(key, 0o600);
  return { cert, key };
}

export async function makeTestPki(dir: string): Promise<TestPki> {
  chmodSync(dir, 0o700);
  await openssl(dir, ['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=socle-test-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  chmodSync(join(dir, 'ca.key'), 0o600);
  const leaf = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment'];
  // 10.0.0.1: the `kubernetes` Service's address, the first of --service-cluster-ip-range below.
  const server = await issue(dir, 'apiserver', '/CN=kube-apiserver', [...leaf, 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes.default.svc']);
  const admin = await issue(dir, 'admin', '/O=system:masters/CN=socle-test-admin', [...leaf, 'extendedKeyUsage=clientAuth']);
  await issue(dir, 'webhook', '/CN=127.0.0.1', [...leaf, 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1']);
  await openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'service-accounts.key']);
  chmodSync(join(dir, 'service-accounts.key'), 0o600);
  await openssl(dir, ['pkey', '-in', 'service-accounts.key', '-pubout', '-out', 'service-accounts.pub']);
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: server.cert,
    serverKey: server.key,
    adminCert: admin.cert,
    adminKey: admin.key,
    serviceAccountKey: join(dir, 'service-accounts.key'),
    serviceAccountPub: join(dir, 'service-accounts.pub'),
  };
}

/** The webhook serving pair `makeTestPki` issued (for a local operator's admission webhooks). */
export const webhookPair = (pki: TestPki) => ({ cert: join(pki.dir, 'webhook.crt'), key: join(pki.dir, 'webhook.key') });
