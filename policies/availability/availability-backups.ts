/** Backups are configured, with a retention, in a region other than the primary site; databases back up there. */
import { findRegion, sharesObjectStorage } from '../../environments/catalogue/regions.js';
import { placedResources, sameSite } from '../artifacts/openstack-regions.js';
import { manifestPointer } from '../artifacts/kubernetes.js';
import { dig } from '../artifacts/json.js';
import type { Policy, Violation } from '../policy.js';

const OBJECT_STORE_TYPES = new Set(['openstack_objectstorage_container_v1']);
/** The Barman Cloud plugin's name in a Cluster's spec.plugins, and its ObjectStore's API group (plugin-barman-cloud v0.15.0 internal/cnpgi/metadata/constants.go PluginName, api/v1/groupversion_info.go). */
const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';
const BARMAN_CLOUD_GROUP = 'barmancloud.cnpg.io';

export const availabilityBackups: Policy = {
  id: 'availability-backups',
  title: 'Backups are configured, kept, and stored off site',
  category: 'availability',
  severity: 'high',
  rationale: 'Replicas protect against a failed node, not against deletion, corruption, ransomware or the loss of a site (OVHcloud SBG, March 2021). Backups need a retention and a copy in another region.',
  remediation: 'Set `backups` (region, schedule, retentionDays) with a region on another site; make every database back up to that region’s object storage.',
  references: [
    { title: 'ANSSI Guide d’hygiène informatique (backup policy)' },
    { title: 'ANSSI SecNumCloud 3.2 (backup requirements)' },
    { title: 'CloudNativePG: backup and recovery', url: 'https://cloudnative-pg.io/documentation/current/backup/' },
  ],
  check(artifacts) {
    const { environment } = artifacts;
    const backups = environment.backups;
    if (!backups) return [{ resource: 'environment/backups', message: 'no backups configured', evidence: { file: 'environment.json', pointer: '/backups', value: null } }];
    const out: Violation[] = [];
    const primary = findRegion(environment.cloud.provider, environment.cloud.region);
    const target = findRegion(environment.cloud.provider, backups.region);
    if (backups.region.toLowerCase() === environment.cloud.region.toLowerCase() || sharesObjectStorage(primary, target)) {
      out.push({ resource: 'environment/backups.region', message: `backups go to ${backups.region}, the same site as the primary region ${environment.cloud.region}`, evidence: { file: 'environment.json', pointer: '/backups/region', value: backups.region } });
    }
    if (!(backups.retentionDays > 0)) out.push({ resource: 'environment/backups.retentionDays', message: `retention of ${backups.retentionDays} days keeps no backup`, evidence: { file: 'environment.json', pointer: '/backups/retentionDays', value: backups.retentionDays } });

    const synthesized = artifacts.terraform.filter((c) => c.source === 'synth');
    if (synthesized.length > 0) {
      const stores = synthesized.flatMap(placedResources).filter((p) => OBJECT_STORE_TYPES.has(p.resource.type) || /backup/i.test(p.resource.address));
      if (!stores.some((p) => p.region !== undefined && sameSite(environment.cloud.provider, p.region, backups.region))) {
        out.push({ resource: 'terraform', message: `no object storage is created in the backup region ${backups.region}`, evidence: { file: synthesized[0]!.file, pointer: '/resource', value: stores.map((p) => `${p.resource.address}@${p.region ?? '?'}`) } });
      }
    }
    const objectStores = artifacts.objects.filter((o) => o.apiVersion.split('/')[0] === BARMAN_CLOUD_GROUP && o.kind === 'ObjectStore');
    for (const o of artifacts.objects) {
      if (o.apiVersion.split('/')[0] !== 'postgresql.cnpg.io' || o.kind !== 'Cluster') continue;
      const backup = dig(o.object, 'spec', 'backup');
      const plugins = dig(o.object, 'spec', 'plugins');
      const pluginIndex = Array.isArray(plugins) ? plugins.findIndex((p) => dig(p, 'name') === BARMAN_CLOUD_PLUGIN) : -1;
      if (!backup && pluginIndex < 0) {
        out.push({ resource: o.address, message: `PostgreSQL cluster has no backup configured (spec.backup or the ${BARMAN_CLOUD_PLUGIN} plugin)`, evidence: { file: o.file, pointer: manifestPointer(o, 'spec'), value: null } });
        continue;
      }
      if (backup && !dig(backup, 'retentionPolicy')) out.push({ resource: o.address, message: 'PostgreSQL backups have no retentionPolicy', evidence: { file: o.file, pointer: manifestPointer(o, 'spec', 'backup'), value: backup } });
      if (pluginIndex < 0) continue;
      // The plugin archives to the ObjectStore its parameters name, in the Cluster's namespace, and
      // prunes with that ObjectStore's retentionPolicy (plugin-barman-cloud v0.15.0 docs
      // usage.md, retention.md): a name with no such object, or one without retention, keeps
      // nothing or keeps everything.
      const storeName = dig((plugins as unknown[])[pluginIndex], 'parameters', 'barmanObjectName');
      const store = objectStores.find((s) => dig(s.object, 'metadata', 'name') === storeName && (dig(s.object, 'metadata', 'namespace') ?? 'default') === (dig(o.object, 'metadata', 'namespace') ?? 'default'));
      const pointer = manifestPointer(o, 'spec', 'plugins', String(pluginIndex));
      if (typeof storeName !== 'string' || storeName === '') out.push({ resource: o.address, message: `the ${BARMAN_CLOUD_PLUGIN} plugin names no ObjectStore (parameters.barmanObjectName)`, evidence: { file: o.file, pointer, value: (plugins as unknown[])[pluginIndex] } });
      else if (!store) out.push({ resource: o.address, message: `the ${BARMAN_CLOUD_PLUGIN} plugin archives to ObjectStore ${storeName}, which is not among the manifests of the cluster's namespace`, evidence: { file: o.file, pointer, value: storeName } });
      else if (!dig(store.object, 'spec', 'retentionPolicy')) out.push({ resource: store.address, message: `PostgreSQL backups of ${o.address} have no retentionPolicy (ObjectStore ${storeName})`, evidence: { file: store.file, pointer: manifestPointer(store, 'spec'), value: dig(store.object, 'spec') ?? null } });
    }
    return out;
  },
};
