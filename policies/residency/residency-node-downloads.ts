/** The nodes socle builds fetch their software from inside the jurisdiction: the authority's artifact store clears it. */
import { classifyHost } from '../hosts/classify-host.js';
import { hostScope } from '../hosts/endpoint-violations.js';
import { jurisdictionName } from '../jurisdiction.js';
import type { Policy, Violation } from '../policy.js';

/** URLs in a node's bootstrap script (cloud-init user data): the host, up to a port, path or shell word end. */
const URL_IN_SCRIPT = /https?:\/\/([a-z0-9.-]+)(?::\d+)?[^\s'"|&;]*/gi;

export const residencyNodeDownloads: Policy = {
  id: 'residency-node-downloads',
  title: 'Nodes install their software from inside the jurisdiction',
  category: 'residency',
  severity: 'low',
  rationale:
    'Every node socle builds downloads Kubernetes (RKE2) when it boots. From get.rke2.io and GitHub releases, that is a supply-chain dependency on a US-operated service that also learns when and where the authority adds nodes, and a boot that fails when it is unreachable. No user data goes there, hence the low severity.',
  remediation: 'Copy the RKE2 release files (install.sh, rke2.linux-amd64.tar.gz, sha256sum-amd64.txt) to a web server of the authority and set `artifacts.url`.',
  references: [
    { title: 'ANSSI SecNumCloud 3.2 (protection against non-EU law, third-party services)' },
    { title: 'RKE2: air-gap install (tarball method)', url: 'https://docs.rke2.io/install/airgap' },
  ],
  check(artifacts) {
    const scope = hostScope(artifacts);
    const where = jurisdictionName(artifacts.environment.residency.jurisdiction);
    // One finding per stack and host: every node of a pool runs the same script.
    const found = new Map<string, Violation>();
    for (const config of artifacts.terraform) {
      for (const resource of config.resources) {
        const script = resource.values['user_data'];
        if (resource.type !== 'openstack_compute_instance_v2' || typeof script !== 'string') continue;
        for (const [url, rawHost] of script.matchAll(URL_IN_SCRIPT)) {
          const host = rawHost!.toLowerCase();
          const key = `${config.addressPrefix} ${host}`;
          if (found.has(key)) continue;
          const cls = classifyHost(host, scope);
          const outside =
            cls.kind === 'known' && !cls.inside
              ? `${host} (${cls.endpoint.operator}, ${cls.endpoint.operatorCountry}), outside ${where}`
              : cls.kind === 'region' && !cls.inside
                ? `${host} (region ${cls.region.name}, ${cls.region.country}), outside ${where}`
                : cls.kind === 'unknown'
                  ? `${host}, a host not in the endpoint catalogue`
                  : undefined;
          if (outside) found.set(key, { resource: `${config.addressPrefix}/openstack_compute_instance_v2`, message: `nodes download their software from ${outside}`, evidence: { file: config.file, pointer: `${resource.pointer}/user_data`, value: url } });
        }
      }
    }
    return [...found.values()];
  },
};
