/** Object storage buckets and block storage, from users, volumes and the backup policy. */
import type { Environment } from '../environments/environment.js';
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
    // Assumption: files and attachments are mirrored once (versioned), and each database keeps one
    // base backup a week for the retention period, plus its write-ahead log (≈ one more copy).
    const databases = components.filter((c) => c.kind === 'stateful' && c.volume).reduce((acc, c) => acc + c.volume!.sizeGi, 0);
    const weeks = Math.ceil(env.backups.retentionDays / 7);
    plan.push({
      name: 'backups',
      purpose: `database base backups and WAL, file copies; ${env.backups.retentionDays} days`,
      region: env.backups.region,
      sizeGb: (env.apps.nextcloud.enabled ? files : 0) + attachments + Math.ceil(databases * (weeks + 1)),
    });
  }
  return plan;
}
