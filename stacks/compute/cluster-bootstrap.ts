/**
 * The cluster's join tokens and certificate authorities, kept in the stack's (encrypted) state.
 *
 * They are made outside OpenTofu: `socle plan` generates a fresh bundle at every run and hands it
 * over as the sensitive variable `cluster_bootstrap` (stacks/compute/cluster-bootstrap-bundle.ts),
 * and OpenTofu's built-in `terraform_data` stores the first one it ever gets: `input` changes are
 * ignored, so later runs' bundles change nothing, and every reference reads the stored `output`.
 * No provider beyond OpenStack is needed (hashicorp/random and hashicorp/tls can't be built here).
 *
 * terraform_data (OpenTofu v1.12.6 `internal/builtin/providers/tf/resource_data.go` L124-155 plan,
 * L172-173 apply): `output` is unknown at the create plan and equals `input` after apply; `input` keeps the variable's sensitive
 * mark in state, `output` does not — so every reference goes through `sensitive()` (checked with the
 * real tofu: test/real/tofu/cluster-bootstrap.real.test.ts).
 *
 * No `prevent_destroy`: the stack would then count as a data store, and `socle destroy` would keep
 * the cluster and the network it reads from (scripts/operate/flows/destroy-scope.ts). A new cluster gets
 * a new CA; the bundle goes with the nodes that trust it.
 *
 * RKE2 takes a CA whose certificate and key it finds in its TLS folder at first start and generates
 * every CA it doesn't find (docs.rke2.io, "Using Custom CA Certificates"): socle supplies the two
 * the admin kubeconfig needs — the server CA (to trust the API) and the client CA (to sign the
 * admin certificate, which `socle deploy` does for each run: scripts/operate/cloud/admin-kubeconfig.ts).
 */
import { DataResource, Fn, TerraformOutput, TerraformVariable, Token, type TerraformStack } from '../cdktf.js';
import { address } from '../naming.js';
import { ADMIN_SIGNER_OUTPUT, CLUSTER_BOOTSTRAP_VARIABLE, type ClusterBootstrapBundle } from './cluster-bootstrap-bundle.js';

/** A file cloud-init writes on the first server, its content base64-encoded (PEM has newlines). */
export interface BootstrapFile {
  path: string;
  permissions: string;
  base64Content: string;
}

export interface ClusterBootstrap {
  /** The join passwords (Terraform expressions, sensitive). */
  tokens: { server: string; agent: string };
  /** CA certificates and keys for the first server. */
  files: BootstrapFile[];
  /** SHA-256 (hex) of the server CA certificate as written to server-ca.crt (a Terraform expression). */
  serverCaHash: string;
}

const TLS_DIR = '/var/lib/rancher/rke2/server/tls';

export function addClusterBootstrap(stack: TerraformStack): ClusterBootstrap {
  const variable = new TerraformVariable(stack, CLUSTER_BOOTSTRAP_VARIABLE, {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: 'JSON of the join tokens and cluster CAs; `socle plan` makes one per run (TF_VAR_cluster_bootstrap), the stack keeps the first',
  });
  const stored = new DataResource(stack, address(DataResource, 'cluster_bootstrap'), {
    input: Token.asAnyMap(Fn.jsondecode(variable.stringValue)),
    lifecycle: { ignoreChanges: ['input'] },
  });
  // `output.<name>`, not cdktf's `output["<name>"]`: user data is JSON inside a template, where the
  // quotes of an index would reach the expression escaped.
  const field = (name: keyof ClusterBootstrapBundle): string => Token.asString(Fn.sensitive(stored.interpolationForAttribute(`output.${name}`)));
  const file = (name: string, pem: string, permissions: string): BootstrapFile => ({ path: `${TLS_DIR}/${name}`, permissions, base64Content: Fn.base64encode(pem) });
  new TerraformOutput(stack, ADMIN_SIGNER_OUTPUT, {
    value: { server_ca_certificate: field('server_ca_certificate'), client_ca_certificate: field('client_ca_certificate'), client_ca_private_key: field('client_ca_private_key') },
    sensitive: true,
    description: 'server CA certificate, client CA certificate and key: `socle deploy` signs a short-lived admin certificate with them',
  });
  return {
    tokens: { server: field('server_token'), agent: field('agent_token') },
    files: [
      file('server-ca.crt', field('server_ca_certificate'), '0644'),
      file('server-ca.key', field('server_ca_private_key'), '0600'),
      file('client-ca.crt', field('client_ca_certificate'), '0644'),
      file('client-ca.key', field('client_ca_private_key'), '0600'),
    ],
    serverCaHash: Fn.sha256(field('server_ca_certificate')),
  };
}
