/** Backups go to a second region inside the jurisdiction: the declared one, and every backup target the apps write to. */
import { findRegion, sharesObjectStorage } from '../../environments/catalogue/regions.js';
import { placedResources, regionProblem, sameSite } from '../artifacts/openstack-regions.js';
import { isBackupTarget } from '../hosts/backup-targets.js';
import { classifiedOccurrences } from '../hosts/endpoint-violations.js';
import { jurisdictionName } from '../jurisdiction.js';
import type { Artifacts } from '../artifacts/artifacts.js';
import type { Policy, Violation } from '../policy.js';

/**
 * OVHcloud managed databases copy their backups to an off-site region that OVHcloud picks unless
 * `backup_regions` names it (GRA→SBG, DE→GRA, UK→GRA, WAW→GRA, BHS→SBG, SGP→BHS): fail closed.
 */
function managedDatabaseBackups(artifacts: Artifacts): Violation[] {
  const out: Violation[] = [];
  for (const config of artifacts.terraform) {
    for (const r of config.resources.filter((r) => r.type === 'ovh_cloud_project_database')) {
      const resource = `${config.addressPrefix}/${r.address}`;
      const regions = r.values['backup_regions'];
      if (!Array.isArray(regions) || regions.length === 0) {
        out.push({ resource, message: 'managed database names no backup_regions: OVHcloud copies its backups to a region it picks (e.g. GRA→SBG, WAW→GRA, SGP→BHS)', evidence: { file: config.file, pointer: `${r.pointer}/backup_regions`, value: regions ?? null } });
        continue;
      }
      regions.forEach((region, i) => {
        const problem = typeof region === 'string' ? regionProblem(region, artifacts.environment) : undefined;
        if (problem) out.push({ resource, message: `managed database backups go to ${region}: ${problem}`, evidence: { file: config.file, pointer: `${r.pointer}/backup_regions/${i}`, value: region } });
      });
    }
  }
  return out;
}

export const residencyBackupRegion: Policy = {
  id: 'residency-backup-region',
  title: 'Backups stay inside the jurisdiction',
  category: 'residency',
  severity: 'critical',
  rationale:
    'A backup is a full copy of the data: copied to a region abroad, it leaves the jurisdiction as surely as the primary would. Generic rule packs reward geo-replication to "paired" regions (e.g. Checkov CKV_AZURE_94/206); this is the counter-rule. OVHcloud managed databases even pick an off-site backup region implicitly.',
  remediation: 'Set `backups.region` to a second region of the jurisdiction, and point every backup tool (CloudNativePG, Velero, restic) at that region’s object storage.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'ANSSI SecNumCloud 3.2 (data location requirements, backups included)' },
    { title: 'OVHcloud automated backups: implicit off-site regions (GRA→SBG, BHS→SBG, SGP→BHS)', url: 'https://github.com/ovh/docs/pull/8506' },
  ],
  check(artifacts) {
    const { environment } = artifacts;
    const out: Violation[] = managedDatabaseBackups(artifacts);
    const backups = environment.backups;
    if (!backups) return out.length ? out : { notApplicable: 'no backups configured (availability-backups reports it)' };
    const declared = regionProblem(backups.region, environment);
    if (declared) out.push({ resource: 'environment/backups.region', message: `backups go to ${backups.region}: ${declared}`, evidence: { file: 'environment.json', pointer: '/backups/region', value: backups.region } });

    // Backup resources (bucket, container, credentials) must be in the declared backup region.
    const expected = findRegion(environment.cloud.provider, backups.region)?.name ?? backups.region;
    for (const config of artifacts.terraform) {
      for (const p of placedResources(config)) {
        if (!/backup/i.test(p.resource.address) || !p.region || sameSite(environment.cloud.provider, p.region, expected)) continue;
        out.push({
          resource: `${config.addressPrefix}/${p.resource.address}`,
          message: `backup resource is in region ${p.region}, not in the backup region ${expected}${regionProblem(p.region, environment) ? ` (${regionProblem(p.region, environment)})` : ''}`,
          evidence: { file: config.file, pointer: p.ownRegion ? `${p.resource.pointer}/region` : p.provider!.pointer, value: p.region },
        });
      }
    }

    const where = jurisdictionName(environment.residency.jurisdiction);
    for (const { occurrence, cls } of classifiedOccurrences(artifacts)) {
      if (cls.kind !== 'region' || !isBackupTarget(occurrence, artifacts)) continue;
      if (!cls.inside) out.push({ resource: occurrence.resource, message: `backup target ${occurrence.host} is region ${cls.region.name} (${cls.region.city}, ${cls.region.country}), outside ${where}`, evidence: occurrence.evidence });
      else if (sharesObjectStorage(cls.region, findRegion(environment.cloud.provider, environment.cloud.region))) {
        out.push({ resource: occurrence.resource, message: `backup target ${occurrence.host} is on the primary site (${environment.cloud.region}): a site outage takes both`, evidence: occurrence.evidence });
      }
    }
    return out;
  },
};
