/**
 * DNS providers that ACME DNS-01 solvers (cert-manager) and external-dns push zone data to, keyed
 * by the name those tools give them; the operator and its country of incorporation decide residency.
 * Sources: cert-manager.io/docs/configuration/acme/dns01 (solver keys) and
 * kubernetes-sigs/external-dns docs/providers (`--provider` values).
 */

export interface DnsProvider {
  operator: string;
  operatorCountry: string;
}

const AWS = { operator: 'Amazon Web Services Inc.', operatorCountry: 'US' };
const AZURE = { operator: 'Microsoft Corp.', operatorCountry: 'US' };
const GOOGLE = { operator: 'Google LLC', operatorCountry: 'US' };

export const DNS_PROVIDERS: Readonly<Record<string, DnsProvider>> = {
  cloudflare: { operator: 'Cloudflare Inc.', operatorCountry: 'US' },
  route53: AWS,
  aws: AWS,
  azuredns: AZURE,
  azure: AZURE,
  'azure-private-dns': AZURE,
  clouddns: GOOGLE,
  google: GOOGLE,
  digitalocean: { operator: 'DigitalOcean LLC', operatorCountry: 'US' },
  akamai: { operator: 'Akamai Technologies Inc.', operatorCountry: 'US' },
  ovh: { operator: 'OVHcloud', operatorCountry: 'FR' },
  scaleway: { operator: 'Scaleway SAS', operatorCountry: 'FR' },
  gandi: { operator: 'Gandi SAS', operatorCountry: 'FR' },
};
