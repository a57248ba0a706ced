/**
 * The cluster bootstrap bundle: the RKE2 join tokens and the two cluster CAs the first server
 * starts from. `socle plan` makes a fresh one at every run (scripts/operate/cloud/cluster-bootstrap.ts)
 * and hands it to tofu as the sensitive variable below, through the environment only; the cluster
 * stack keeps the first one it ever got (stacks/compute/cluster-bootstrap.ts). This file is the one
 * statement of its shape, shared by both sides (no cdktf here: the CLI imports it).
 */

/** The stack variable, given as `TF_VAR_cluster_bootstrap` (a JSON object of the fields below). */
export const CLUSTER_BOOTSTRAP_VARIABLE = 'cluster_bootstrap';

/**
 * The sensitive output `socle deploy` signs a short-lived admin client certificate with
 * (scripts/operate/cloud/admin-kubeconfig.ts): the server CA certificate to trust the API, the client
 * CA certificate and key to sign with.
 */
export const ADMIN_SIGNER_OUTPUT = 'admin_certificate_signer';

export interface ClusterBootstrapBundle {
  /** Joins control-plane nodes (RKE2 `token` on servers). */
  server_token: string;
  /** Joins workers, nothing else (RKE2 `agent-token`): a worker's user data can't add a server. */
  agent_token: string;
  /** PEM, as written to server-ca.crt: the join tokens pin its SHA-256. */
  server_ca_certificate: string;
  /** PEM (SEC 1 `EC PRIVATE KEY`). */
  server_ca_private_key: string;
  /** PEM: kube-apiserver's client CA (RKE2 `client-ca.crt`). */
  client_ca_certificate: string;
  /** PEM (SEC 1 `EC PRIVATE KEY`). */
  client_ca_private_key: string;
}

export const CLUSTER_BOOTSTRAP_FIELDS: readonly (keyof ClusterBootstrapBundle)[] = [
  'server_token',
  'agent_token',
  'server_ca_certificate',
  'server_ca_private_key',
  'client_ca_certificate',
  'client_ca_private_key',
];

/** What `admin_certificate_signer` holds (`tofu output -json`). */
export interface AdminCertificateSigner {
  server_ca_certificate: string;
  client_ca_certificate: string;
  client_ca_private_key: string;
}
