/**
 * A fresh cluster bootstrap bundle (stacks/compute/cluster-bootstrap-bundle.ts): the RKE2 server and
 * agent join tokens and the server and client CAs, made in memory. `socle plan` makes one per run
 * and the cluster stack keeps the first it gets, so a new bundle changes nothing once the cluster
 * exists (stacks/compute/cluster-bootstrap.ts).
 */
import { randomInt } from 'node:crypto';
import type { Environment } from '../../../environments/environment.js';
import type { ClusterBootstrapBundle } from '../../../stacks/compute/cluster-bootstrap-bundle.js';
import { objectName } from '../../../stacks/naming.js';
import { issueCertificate, KeyUsage, newKeyPair, privateKeyPem } from './ecdsa-certificates.js';

/**
 * 48 letters and digits ≈ 285 bits (48 × log2 62), as random_password { length = 48, special =
 * false } made them before; no specials, so the value is safe unquoted in YAML and in the
 * `K10<hash>::<user>:<password>` token.
 */
const TOKEN_LENGTH = 48;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 10 years, as RKE2's own CAs (client-go util/cert/cert.go@v0.36.3 L79 `NewSelfSignedCACert`, which k3s's CA generation calls). */
export const CA_VALIDITY_DAYS = 10 * 365;

export function joinToken(): string {
  return Array.from({ length: TOKEN_LENGTH }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join('');
}

async function certificateAuthority(env: Environment, name: 'server-ca' | 'client-ca', now: Date): Promise<{ certificate: string; privateKey: string }> {
  const keys = await newKeyPair();
  const certificate = await issueCertificate(
    {
      subject: `CN=rke2-${name}@${objectName(env)}`,
      notBefore: now,
      notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * 86_400_000),
      ca: true,
      keyUsages: KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
    },
    keys,
  );
  return { certificate, privateKey: await privateKeyPem(keys.privateKey) };
}

export async function generateClusterBootstrap(env: Environment, now: Date): Promise<ClusterBootstrapBundle> {
  const server = await certificateAuthority(env, 'server-ca', now);
  const client = await certificateAuthority(env, 'client-ca', now);
  return {
    server_token: joinToken(),
    agent_token: joinToken(),
    server_ca_certificate: server.certificate,
    server_ca_private_key: server.privateKey,
    client_ca_certificate: client.certificate,
    client_ca_private_key: client.privateKey,
  };
}
