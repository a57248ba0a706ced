/** Object storage buckets and block storage, from users, volumes and the backup policy. */
import type { Environment } from '../environments/environment.js';
import { copiesStorageClass } from '../environments/catalogue/regions.js';
import { ONLYOFFICE_CACHE_GB_PER_DOCSERVICE } from './assumptions.js';
import type { BucketPlan, ComponentPlan } from './sizing-plan.js';

export function blockStorageGi(components: ComponentPlan[]): number {
  return components.reduce((acc, c) => acc + (c.volume ? c.volume.sizeGi * c.replicas : 0), 0);
}

export function buckets(env: Environment, components: ComponentPlan[]): BucketPlan[] {
  const files = Math.ceil(env.users * env.sizing.storagePerUserGb);
  const attachments = Math.ceil(env.users * env.sizing.attachmentsPerUserGb);
  const plan: BucketPlan[] = [];
  if (env.apps.nextcloud.enabled) plan.push({ name: 'nextcloud-data', purpose: 'Nextcloud primary storage (files)', region: env.cloud.region, sizeGb: files });
  if (env.apps.rocketchat.enabled || env.apps.wekan.enabled) {
    plan.push({ name: 'attachments', purpose: 'Rocket.Chat uploads and Wekan attachments', region: env.cloud.region, sizeGb: attachments });
  }
  // Document services and converters share their cache through S3: no ReadWriteMany volume on OpenStack.
  const docservices = components.find((c) => c.name === 'onlyoffice-docservice');
  if (docservices) {
    plan.push({
      name: 'onlyoffice-cache',
      purpose: 'ONLYOFFICE Docs document cache (conversions, shared by document services and converters)',
      region: env.cloud.region,
      sizeGb: docservices.replicas * ONLYOFFICE_CACHE_GB_PER_DOCSERVICE,
    });
  }
  if (env.backups) {
    const { retentionDays, region } = env.backups;
    // Every backup runs on backups.schedule (nightly by default) and is kept retentionDays: the
    // PostgreSQL base backups (CloudNativePG ScheduledBackup) with their write-ahead log (≈ one
    // more copy: assumption), and the MongoDB dumps; each counted at its volume's size, an upper
    // bound (a dump is gzip'd, and a volume keeps headroom). Files and attachments are mirrored
    // once, plus what changed within the retention (not counted: no churn figure). Caches and
    // queues (Valkey, RabbitMQ, NATS) are not backed up.
    // A store or bucket is backed up by a job of its name (sizing/components/backups.ts).
    const backedUp = (name: string) => components.some((j) => j.name === `${name}-backup`);
    const stores = components.filter((c) => c.kind === 'stateful' && c.volume);
    const postgres = stores.filter((c) => c.name.endsWith('-postgresql')).reduce((acc, c) => acc + c.volume!.sizeGi * (retentionDays + 1), 0);
    const dumps = stores.filter((c) => backedUp(c.name)).reduce((acc, c) => acc + c.volume!.sizeGi * retentionDays, 0);
    const copies = (backedUp('nextcloud-data') ? files : 0) + (backedUp('attachments') ? attachments : 0);
    // rclone writes the copies and dumps in the Infrequent Access tier where the backup region's
    // S3 endpoint has one (charts data/rclone.ts); Barman Cloud has no storage-class option (none
    // in barman 3.17.0 barman/clients or barman/cloud_providers), so PostgreSQL's stay in Standard.
    const infrequent = copiesStorageClass(env.cloud.provider, region) === 'STANDARD_IA' ? copies + dumps : 0;
    plan.push({
      name: 'backups',
      purpose: `PostgreSQL base backups and WAL, MongoDB dumps, file copies; ${retentionDays} days`,
      region,
      sizeGb: copies + Math.ceil(postgres + dumps),
      ...(infrequent > 0 ? { infrequentAccessGb: Math.ceil(infrequent) } : {}),
    });
  }
  return plan;
}
