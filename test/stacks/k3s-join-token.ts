/**
 * A port of how a joining RKE2 node checks the cluster CA against its token: k3s
 * pkg/clientaccess/token.go (`parseToken`, `hashCA`, `validateCAHash`; release-1.36, which
 * RKE2 v1.36.4+rke2r1 builds on: rke2 go.mod k3s-io/k3s v1.36.4-0.20260817193921-a2fc9574e060;
 * read at k3s-io/k3s 0566d4571ef8). The CA bundle it hashes is what a server answers at
 * `/cacerts`: the literal bytes of its server-ca.crt (pkg/server/handlers/handlers.go `CACerts`,
 * `os.ReadFile(config.Runtime.ServerCA)`), which k3s never rewrites once a certificate and key are
 * there (pkg/daemons/control/deps/deps.go `createSigningCertKey`: `if exists(certFile, keyFile)`).
 *
 * Differences from Go, named: a root is a self-signed certificate here, where k3s asks for an empty
 * AuthorityKeyId or one equal to the SubjectKeyId (node:crypto does not expose either; they agree
 * on certificates made by openssl, @peculiar/x509 and hashicorp/tls); chain checks are issuer,
 * signature and validity dates (Go's Verify also checks the extended key usage, absent on CAs).
 */
import { createHash, X509Certificate } from 'node:crypto';

const PREFIX = 'K10';
/** token.go `caHashLength = sha256.Size * 2`. */
const CA_HASH_LENGTH = 64;

export interface ParsedToken {
  caHash: string;
  username: string;
  password: string;
}

/** parseToken for the username:password form (socle's tokens are never kubeadm bootstrap tokens). */
export function parseToken(token: string): ParsedToken {
  if (token.length === 0) throw new Error('token must not be empty');
  const full = token.startsWith(PREFIX) ? token : `${PREFIX}:::${token}`;
  const rest = full.slice(PREFIX.length);
  const split = rest.indexOf('::');
  const [caHash, creds] = split < 0 ? ['', rest] : [rest.slice(0, split), rest.slice(split + 2)];
  if (caHash.length > 0 && caHash.length !== CA_HASH_LENGTH) throw new Error('invalid token CA hash length');
  const colon = creds.indexOf(':');
  if (colon < 0 || colon === creds.length - 1) throw new Error('invalid token format');
  return { caHash, username: creds.slice(0, colon), password: creds.slice(colon + 1) };
}

/** dynamiclistener cert.ParseCertsPEM: every CERTIFICATE block. */
function parseCertsPem(bundle: Buffer): X509Certificate[] {
  const blocks = bundle.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('data does not contain any valid RSA or ECDSA certificates');
  return blocks.map((b) => new X509Certificate(b));
}

const selfSigned = (c: X509Certificate) => c.checkIssued(c) && c.verify(c.publicKey);
const issuedBy = (child: X509Certificate, parent: X509Certificate, now: Date) =>
  child.checkIssued(parent) && child.verify(parent.publicKey) && new Date(parent.validFrom) <= now && now <= new Date(parent.validTo);

/** `certs[0].Verify({Roots, Intermediates})`: the root its first chain ends at, if any. */
function chainRoot(certs: X509Certificate[], now: Date): X509Certificate | undefined {
  const others = certs.slice(1);
  const roots = others.filter(selfSigned);
  const intermediates = others.filter((c) => !selfSigned(c));
  let current = certs[0]!;
  for (let depth = 0; depth <= intermediates.length; depth++) {
    const root = roots.find((r) => issuedBy(current, r, now));
    if (root) return root;
    const next = intermediates.find((i) => i !== current && issuedBy(current, i, now));
    if (!next) return undefined;
    current = next;
  }
  return undefined;
}

/** hashCA: one certificate, SHA-256 of the file's literal bytes; more, of the DER of the first one's root. */
export function hashCA(bundle: Buffer, now = new Date()): string {
  const certs = parseCertsPem(bundle);
  const root = certs.length > 1 ? chainRoot(certs, now) : undefined;
  return createHash('sha256').update(root ? root.raw : bundle).digest('hex');
}

/** validateCAHash, for a server whose certificate the host's CA bundle does not trust (socle's own CA). */
export function validateCAHash(token: string, cacerts: Buffer): void {
  const { caHash } = parseToken(token);
  if (caHash.length === 0) return; // k3s only warns: "the token does not include a CA hash".
  const served = hashCA(cacerts);
  if (served !== caHash) throw new Error(`token CA hash does not match the Cluster CA certificate hash: ${caHash} != ${served}`);
}
