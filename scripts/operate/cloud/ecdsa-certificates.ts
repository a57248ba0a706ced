/**
 * ECDSA P-256 keys and X.509 certificates, made in memory: node:crypto's WebCrypto for the keys
 * and signatures, @peculiar/x509 to encode the certificates. ECDSA P-256 with SHA-256, as the
 * hashicorp/tls resources socle used before made them (`algorithm = "ECDSA"`, `ecdsa_curve = "P256"`).
 */
// tsyringe, which @peculiar/x509 resolves its encoders with, needs the Reflect metadata API loaded first (tsyringe README, "Installation").
import 'reflect-metadata';
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
/** @peculiar/x509 types its provider as the DOM's `Crypto`, which node:crypto's WebCrypto implements. */
const x509Crypto = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
const crypto = webcrypto;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface CertificateSpec {
  /** Distinguished name, e.g. `CN=socle-admin, O=system:masters`. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  /** `x509.KeyUsageFlags` bits. */
  keyUsages: number;
  /** Extended key usage OIDs (`x509.ExtendedKeyUsage`); none for a CA. */
  extendedKeyUsages?: string[];
}

export interface Issuer {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

export const KeyUsage = x509.KeyUsageFlags;
export const ExtendedKeyUsage = x509.ExtendedKeyUsage;

export async function newKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

/** PEM in SEC 1 form (`EC PRIVATE KEY`), as hashicorp/tls wrote it and RKE2 reads it (client-go util/keyutil/key.go@v0.36.3 L160-179 `ParsePrivateKeyPEM`). */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'sec1', format: 'pem' }).toString();
}

/** A signing key from a PEM private key (SEC 1 or PKCS #8). */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return crypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign']);
}

export function parseCertificate(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(pem);
}

/** A positive 128-bit serial number (RFC 5280 §4.1.2.2: at most 20 octets, unique per issuer). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

/** The certificate for `publicKey`, signed by `issuer` (self-signed when absent, with `keys`). */
export async function issueCertificate(spec: CertificateSpec, keys: { publicKey: CryptoKey; privateKey?: CryptoKey }, issuer?: Issuer): Promise<string> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(spec.ca, undefined, true),
    new x509.KeyUsagesExtension(spec.keyUsages, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, x509Crypto),
  ];
  if (spec.extendedKeyUsages) extensions.push(new x509.ExtendedKeyUsageExtension(spec.extendedKeyUsages, false));
  if (issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate, false, x509Crypto));
  const signingKey = issuer?.privateKey ?? keys.privateKey;
  if (!signingKey) throw new Error('a self-signed certificate needs its private key');
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: spec.subject,
      issuer: issuer ? issuer.certificate.subject : spec.subject,
      notBefore: spec.notBefore,
      notAfter: spec.notAfter,
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey,
      extensions,
    },
    x509Crypto,
  );
  return `${certificate.toString('pem').trimEnd()}\n`;
}
