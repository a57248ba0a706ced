/** Terraform and Pulumi state kept in a self-managed backend inside the jurisdiction, never in US SaaS or on a workstation. */
import type { Environment } from '../../environments/environment.js';
import { classifyHost, type HostClass } from '../hosts/classify-host.js';
import { hostScope } from '../hosts/endpoint-violations.js';
import { jurisdictionName } from '../jurisdiction.js';
import type { Evidence, Policy, Violation } from '../policy.js';

function judge(cls: HostClass, host: string, environment: Environment): string | undefined {
  const where = jurisdictionName(environment.residency.jurisdiction);
  switch (cls.kind) {
    case 'own':
    case 'internal':
      return undefined;
    case 'region':
      return cls.inside ? undefined : `${host} is region ${cls.region.name} (${cls.region.country}), outside ${where}`;
    case 'known':
      return cls.inside ? undefined : `${host} is run by ${cls.endpoint.operator} (${cls.endpoint.operatorCountry}), outside ${where}`;
    case 'unknown':
      return `${host} is not in the endpoint or region catalogue: where the state lives can't be established`;
  }
}

export function hostOf(url: string): string | undefined {
  const query = /[?&]endpoint=([^&]+)/.exec(url);
  if (query) return query[1]!.replace(/^https?:\/\//, '').replace(/[:/].*$/, '').toLowerCase();
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(url);
  return m ? m[1]!.toLowerCase() : undefined;
}

export const residencyStateBackend: Policy = {
  id: 'residency-state-backend',
  title: 'Terraform and Pulumi state stay in a backend inside the jurisdiction',
  category: 'residency',
  severity: 'high',
  rationale:
    'State files hold every resource attribute, generated passwords and keys included. Pulumi Cloud (api.pulumi.com, the Pulumi CLI default) and HCP Terraform (app.terraform.io) are US-operated SaaS; local state lives on whichever laptop ran the deployment.',
  remediation: 'Set `state.terraform` to an S3-compatible bucket of the cloud in the jurisdiction and `state.pulumi.backend` to `s3://bucket?endpoint=…` on the same; never the SaaS defaults.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'Pulumi: state and backends (Pulumi Cloud is the default)', url: 'https://www.pulumi.com/docs/iac/concepts/state-and-backends/' },
    { title: 'Terraform S3 backend', url: 'https://developer.hashicorp.com/terraform/language/backend/s3' },
  ],
  check(artifacts) {
    const { environment } = artifacts;
    const scope = hostScope(artifacts);
    const out: Violation[] = [];
    const judgeUrl = (resource: string, what: string, url: string, evidence: Evidence) => {
      const host = hostOf(url);
      const problem = host ? judge(classifyHost(host, scope), host, environment) : `${url} names no host`;
      if (problem) out.push({ resource, message: `${what}: ${problem}`, evidence });
    };

    const pulumi = environment.state.pulumi.backend;
    const pulumiEvidence = { file: 'environment.json', pointer: '/state/pulumi/backend', value: pulumi };
    if (/^file:/i.test(pulumi)) out.push({ resource: 'environment/state.pulumi.backend', message: 'Pulumi state is local (file://): it lives on whichever machine runs socle', evidence: pulumiEvidence });
    else if (/^s3:\/\//i.test(pulumi) && !/[?&]endpoint=/.test(pulumi)) out.push({ resource: 'environment/state.pulumi.backend', message: 'Pulumi state goes to Amazon S3 (no endpoint= parameter): Amazon Web Services (US)', evidence: pulumiEvidence });
    else if (/^(gs|azblob):\/\//i.test(pulumi)) out.push({ resource: 'environment/state.pulumi.backend', message: `Pulumi state goes to ${pulumi.startsWith('gs') ? 'Google Cloud Storage (Google LLC, US)' : 'Azure Blob Storage (Microsoft Corp., US)'}`, evidence: pulumiEvidence });
    else judgeUrl('environment/state.pulumi.backend', 'Pulumi backend', pulumi, pulumiEvidence);

    const tf = environment.state.terraform;
    if (!tf) out.push({ resource: 'environment/state.terraform', message: 'no Terraform state backend: state stays local, on whichever machine runs socle', evidence: { file: 'environment.json', pointer: '/state', value: null } });
    else judgeUrl('environment/state.terraform', 'Terraform state endpoint', tf.endpoint, { file: 'environment.json', pointer: '/state/terraform/endpoint', value: tf.endpoint });

    for (const config of artifacts.terraform.filter((c) => c.source === 'synth')) {
      const resource = `${config.addressPrefix}/backend`;
      const backend = config.backend;
      if (!backend || backend.type === 'local') {
        out.push({ resource, message: `stack ${config.stack} keeps its state locally (${backend ? 'local backend' : 'no backend block'})`, evidence: { file: config.file, pointer: backend?.pointer ?? '/terraform', value: backend?.type ?? null } });
        continue;
      }
      const evidence = { file: config.file, pointer: backend.pointer, value: backend.config };
      if (backend.type === 'remote' || backend.type === 'cloud') {
        const host = typeof backend.config['hostname'] === 'string' ? backend.config['hostname'] : 'app.terraform.io';
        judgeUrl(resource, `stack ${config.stack} uses ${backend.type === 'cloud' ? 'HCP Terraform (cloud block)' : 'the remote backend'}`, `https://${host}`, evidence);
      } else if (backend.type === 's3') {
        const endpoints = backend.config['endpoints'];
        const endpoint = (typeof endpoints === 'object' && endpoints !== null ? (endpoints as Record<string, unknown>)['s3'] : undefined) ?? backend.config['endpoint'];
        if (typeof endpoint !== 'string') out.push({ resource, message: `stack ${config.stack} uses the S3 backend with no endpoint: that is Amazon S3 (Amazon Web Services, US)`, evidence });
        else judgeUrl(resource, `stack ${config.stack} state endpoint`, endpoint.includes('://') ? endpoint : `https://${endpoint}`, evidence);
      } else if (backend.type === 'gcs' || backend.type === 'azurerm') {
        out.push({ resource, message: `stack ${config.stack} keeps its state in ${backend.type === 'gcs' ? 'Google Cloud Storage (US)' : 'Azure Storage (US)'}`, evidence });
      } else {
        const address = ['address', 'conn_str', 'host'].map((k) => backend.config[k]).find((v): v is string => typeof v === 'string');
        if (address) judgeUrl(resource, `stack ${config.stack} ${backend.type} backend`, address.includes('://') ? address : `https://${address}`, evidence);
        else out.push({ resource, message: `stack ${config.stack} uses the ${backend.type} backend, whose location can't be established`, evidence });
      }
    }
    return out;
  },
};
