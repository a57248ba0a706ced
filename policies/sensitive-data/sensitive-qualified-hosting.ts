/** Sensitive data only in regions/offers the catalogue marks as qualified (SecNumCloud-class). */
import { findRegion } from '../../environments/catalogue/regions.js';
import { literalRegion, openstackProviders } from '../artifacts/openstack-regions.js';
import type { Policy, Violation } from '../policy.js';

export const sensitiveQualifiedHosting: Policy = {
  id: 'sensitive-qualified-hosting',
  title: 'Sensitive data is hosted on a qualified (SecNumCloud-class) offer',
  category: 'sensitive-data',
  severity: 'critical',
  rationale:
    'French public bodies must host sensitive data on a cloud offer qualified SecNumCloud (doctrine « cloud au centre », circulaire 6282/SG, and the SREN law art. 31), which adds immunity from non-EU law to residency. A standard public-cloud region, even in France, is not qualified.',
  remediation: 'Move `cloud.region` and `backups.region` to a qualified region/offer (and record its qualification in environments/catalogue/regions.ts with its reference), or lower `dataClassification` if the risk analysis allows it.',
  references: [
    { title: 'ANSSI SecNumCloud 3.2 qualification' },
    { title: 'Circulaire n° 6282/SG du 5 juillet 2021 (doctrine « cloud au centre »)' },
    { title: 'Loi n° 2024-449 (SREN), article 31' },
  ],
  check(artifacts) {
    const { environment } = artifacts;
    if (environment.dataClassification !== 'sensitive') return { notApplicable: `data classification is ${environment.dataClassification}` };
    const out: Violation[] = [];
    const judge = (name: string, resource: string, file: string, pointer: string) => {
      const region = findRegion(environment.cloud.provider, name);
      if (!region?.qualification) {
        out.push({ resource, message: `region ${name} (${region ? `${region.operator}, ${region.city}` : 'not in the catalogue'}) has no qualification for sensitive data`, evidence: { file, pointer, value: name } });
      }
    };
    judge(environment.cloud.region, 'environment/cloud.region', 'environment.json', '/cloud/region');
    if (environment.backups) judge(environment.backups.region, 'environment/backups.region', 'environment.json', '/backups/region');
    const declared = new Set([environment.cloud.region, environment.backups?.region].filter(Boolean).map((r) => r!.toLowerCase()));
    for (const config of artifacts.terraform) {
      for (const provider of openstackProviders(config)) {
        const region = literalRegion(provider.region);
        // Regions already judged through the environment aren't repeated; absent ones are residency-region's.
        if (region && !declared.has(region.toLowerCase())) judge(region, `${config.addressPrefix}/provider.${provider.key}`, config.file, provider.pointer);
      }
    }
    return out;
  },
};
