/** Every OpenStack resource, and every object storage endpoint the apps use, in a region inside the jurisdiction. */
import { literalRegion, openstackProviders, placedResources, regionProblem } from '../artifacts/openstack-regions.js';
import { classifyHost } from '../hosts/classify-host.js';
import { classifiedOccurrences, hostScope } from '../hosts/endpoint-violations.js';
import { isBackupTarget } from '../hosts/backup-targets.js';
import { jurisdictionName } from '../jurisdiction.js';
import type { Artifacts } from '../artifacts/artifacts.js';
import type { Policy, Violation } from '../policy.js';

/** Swift container sync copies every object to `container_sync_to`: a URL, or `//realm/cluster/account/container`. */
function replicationProblem(target: unknown, artifacts: Artifacts): string | undefined {
  if (typeof target !== 'string' || target === '' || target.includes('${')) return undefined;
  const url = /^[a-z]+:\/\/([^/:]+)/i.exec(target);
  if (!url) return `container replicates to ${target}, a container-sync realm whose location the artifacts don't show`;
  const host = url[1]!.toLowerCase();
  const cls = classifyHost(host, hostScope(artifacts));
  const where = jurisdictionName(artifacts.environment.residency.jurisdiction);
  if (cls.kind === 'region' && !cls.inside) return `container replicates to ${host}, region ${cls.region.name} (${cls.region.country}), outside ${where}`;
  if (cls.kind === 'known' && !cls.inside) return `container replicates to ${host} (${cls.endpoint.operator}, ${cls.endpoint.operatorCountry}), outside ${where}`;
  if (cls.kind === 'unknown') return `container replicates to ${host}, a host not in the region or endpoint catalogue`;
  return undefined;
}

export const residencyRegion: Policy = {
  id: 'residency-region',
  title: 'Every OpenStack resource is in a region inside the jurisdiction',
  category: 'residency',
  severity: 'critical',
  rationale:
    'Where a resource runs is where its data is stored and processed. OpenStack providers take the region from the provider block or from OS_REGION_NAME at apply time, so a region left out of the code is decided by whoever runs the deployment: socle fails closed on it.',
  remediation: 'Set `cloud.region` (and `backups.region`) to regions of the jurisdiction; make every provider block and every regional resource name its region explicitly.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50), transfers of personal data to third countries', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'ANSSI SecNumCloud 3.2 (data location requirements)' },
    { title: 'OVHcloud object storage regions and endpoints', url: 'https://github.com/ovh/docs/blob/develop/pages/storage_and_backup/object_storage/s3_location/guide.en-gb.md' },
  ],
  check(artifacts) {
    const { environment } = artifacts;
    const out: Violation[] = [];
    const primary = regionProblem(environment.cloud.region, environment);
    if (primary) out.push({ resource: 'environment/cloud.region', message: primary, evidence: { file: 'environment.json', pointer: '/cloud/region', value: environment.cloud.region } });

    for (const config of artifacts.terraform) {
      const placed = placedResources(config);
      for (const provider of openstackProviders(config)) {
        const region = literalRegion(provider.region);
        const count = placed.filter((p) => p.provider === provider && !p.ownRegion).length;
        const users = `${count} resource${count === 1 ? ' inherits' : 's inherit'} it`;
        const resource = `${config.addressPrefix}/provider.${provider.key}`;
        const evidence = { file: config.file, pointer: provider.pointer, value: provider.region ?? null };
        if (!region) out.push({ resource, message: `provider ${provider.key} names no region (${users}): the region would come from OS_REGION_NAME at apply time`, evidence });
        else {
          const problem = regionProblem(region, environment);
          if (problem) out.push({ resource, message: `${problem} (${users})`, evidence });
        }
      }
      for (const p of placed) {
        const resource = `${config.addressPrefix}/${p.resource.address}`;
        if (p.ownRegion) {
          const problem = regionProblem(p.ownRegion, environment);
          if (problem) out.push({ resource, message: problem, evidence: { file: config.file, pointer: `${p.resource.pointer}/region`, value: p.ownRegion } });
        } else if (!p.provider) {
          out.push({ resource, message: `uses provider ${p.resource.providerKey}, which no provider block configures: its region is unknown`, evidence: { file: config.file, pointer: p.resource.pointer, value: p.resource.providerKey } });
        }
        const problem = replicationProblem(p.resource.values['container_sync_to'], artifacts);
        if (problem) out.push({ resource, message: problem, evidence: { file: config.file, pointer: `${p.resource.pointer}/container_sync_to`, value: p.resource.values['container_sync_to'] } });
      }
    }

    const where = jurisdictionName(environment.residency.jurisdiction);
    for (const { occurrence, cls } of classifiedOccurrences(artifacts)) {
      if (cls.kind !== 'region' || cls.inside || isBackupTarget(occurrence, artifacts)) continue;
      out.push({ resource: occurrence.resource, message: `object storage endpoint ${occurrence.host} is region ${cls.region.name} (${cls.region.city}, ${cls.region.country}, ${cls.region.operator}), outside ${where}`, evidence: occurrence.evidence });
    }
    return out;
  },
};
