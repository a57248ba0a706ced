/** Every data store is backed up to the backup region: MongoDB by a dump job, PostgreSQL by CloudNativePG, the file buckets by a copy job. */
import { describe, expect, it } from 'vitest';
import { secretCatalogue } from '../../../charts/secrets.js';
import { bucketName } from '../../../stacks/naming.js';
import { size } from '../../../sizing/size.js';
import { urlPort } from '../../../charts/platform/network-policies.js';
import { containers, envOf, find, loadExample, podSpec, render, variant } from '../examples.js';

const MONGO_SETS = [
  ['rocketchat', 'rocketchat-mongodb'],
  ['wekan', 'wekan-mongodb'],
] as const;

describe('MongoDB backups', () => {
  const pilot = render(loadExample('pilot'));

  it.each(MONGO_SETS)('%s: dumps %s on the backup schedule and uploads it to the backups bucket of the backup region', (namespace, set) => {
    const job = find(pilot.objects, 'CronJob', `${set}-backup`, namespace);
    expect((job.spec as Record<string, unknown>)['schedule']).toBe(pilot.env.backups!.schedule);
    const [dump, upload] = containers(job);
    expect(dump!['command'].join(' ')).toContain('mongodump --config=/dump-config/mongodump.yaml --quiet --oplog --gzip');
    expect(dump!['command'].join(' ')).toContain(`${set}-0.${set}-headless.${namespace}.svc.cluster.local:27017`);
    const env = envOf(job, 'upload');
    // SBG5's object storage, where the backups stack puts the bucket (GRA11 → SBG5 in the pilot).
    expect(env.get('RCLONE_CONFIG_BACKUP_ENDPOINT')).toBe('https://s3.sbg.io.cloud.ovh.net');
    // Read back only to restore: SBG's Infrequent Access tier.
    expect(env.get('RCLONE_CONFIG_BACKUP_STORAGE_CLASS')).toBe('STANDARD_IA');
    expect(env.get('RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY')).toEqual({ secretKeyRef: { name: `${set}-backup-s3`, key: 'secret-key' } });
    const script = upload!['command'].join(' ');
    expect(script).toContain(`backup:${bucketName(pilot.env, 'backups')}/mongodb/${namespace}/${set}/`);
    expect(script).toContain(`rclone delete --min-age ${pilot.env.backups!.retentionDays}d`);
    // Hardened like every other pod: non-root, read-only root filesystem, no token.
    expect(podSpec(job)['automountServiceAccountToken']).toBe(false);
    for (const c of [dump!, upload!]) expect(c['securityContext']).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
  });

  it('opens egress only to the backup storage port, for the backup pods only', () => {
    const policy = find(pilot.objects, 'NetworkPolicy', 'allow-wekan-mongodb-backup-to-backup-storage', 'wekan');
    const spec = policy.spec as Record<string, any>;
    expect(spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe('wekan-mongodb-backup');
    expect(spec.egress[0].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
  });

  it('reads the backups stack’s S3 key from Pulumi config, as PostgreSQL’s backups do', () => {
    const spec = secretCatalogue(pilot.env, pilot.plan).find((s) => s.name === 'wekan-mongodb-backup-s3')!;
    expect(spec.values).toEqual({ 'access-key': { from: 'config', configKey: 'backupS3AccessKey' }, 'secret-key': { from: 'config', configKey: 'backupS3SecretKey' } });
  });

  it('renders no backup job and no backup credential when the environment has no backups', () => {
    const env = variant(loadExample('pilot'), (e) => delete (e as { backups?: unknown }).backups);
    const { objects, plan } = render(env);
    expect(objects.filter((o) => o.kind === 'CronJob' && o.metadata.name.endsWith('-backup'))).toEqual([]);
    expect(secretCatalogue(env, plan).filter((s) => s.name.endsWith('-backup-s3'))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-to-backup-storage'))).toEqual([]);
  });
});

describe('copies of the file buckets', () => {
  const pilot = render(loadExample('pilot'));

  it.each([
    ['nextcloud', 'nextcloud-data'],
    ['rocketchat', 'attachments'],
  ] as const)('%s: mirrors the %s bucket to the backups bucket, keeping what changed for the retention', (namespace, logical) => {
    const job = find(pilot.objects, 'CronJob', `${logical}-backup`, namespace);
    expect((job.spec as Record<string, unknown>)['schedule']).toBe(pilot.env.backups!.schedule);
    const script = containers(job)[0]!['command'].join(' ');
    const target = `backup:${bucketName(pilot.env, 'backups')}/files/${bucketName(pilot.env, logical)}`;
    expect(script).toContain(`rclone sync "primary:${bucketName(pilot.env, logical)}" "${target}/current" --backup-dir "${target}/previous/`);
    expect(script).toContain(`rclone delete --use-server-modtime --min-age ${pilot.env.backups!.retentionDays}d "${target}/previous/"`);
    const env = envOf(job, 'sync');
    // From the cluster region's storage (GRA) to the backup region's (SBG).
    expect([env.get('RCLONE_CONFIG_PRIMARY_ENDPOINT'), env.get('RCLONE_CONFIG_BACKUP_ENDPOINT')]).toEqual(['https://s3.gra.io.cloud.ovh.net', 'https://s3.sbg.io.cloud.ovh.net']);
    // The copies go to the Infrequent Access tier; the job only reads from the apps' bucket.
    expect([env.get('RCLONE_CONFIG_PRIMARY_STORAGE_CLASS'), env.get('RCLONE_CONFIG_BACKUP_STORAGE_CLASS')]).toEqual([undefined, 'STANDARD_IA']);
    expect(env.get('RCLONE_CONFIG_PRIMARY_ACCESS_KEY_ID')).toEqual({ secretKeyRef: { name: 'apps-s3', key: 'access-key' } });
    expect(env.get('RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID')).toEqual({ secretKeyRef: { name: 'files-backup-s3', key: 'access-key' } });
  });

  it('gives the copy jobs the backup credential in both namespaces, from the backups stack', () => {
    const spec = secretCatalogue(pilot.env, pilot.plan).find((s) => s.name === 'files-backup-s3')!;
    expect(spec.namespaces).toEqual(['nextcloud', 'rocketchat']);
    expect(spec.values['secret-key']).toEqual({ from: 'config', configKey: 'backupS3SecretKey' });
  });
});

describe('egress to object storage', () => {
  it('opens the port of the endpoint’s URL: a port it names, or the scheme’s', () => {
    expect(urlPort('https://s3.example.org:8080')).toBe(8080);
    expect(urlPort('https://s3-sto2.citycloud.com')).toBe(443);
    expect(urlPort('http://s3.example.org')).toBe(80);
  });

  it('follows the endpoint’s port, for the apps and for every backup (Cleura serves S3 on 443 since 2023)', () => {
    const cleura = loadExample('departement-cleura');
    const { objects } = render(cleura);
    const portsOf = (name: string, namespace: string) => ((find(objects, 'NetworkPolicy', name, namespace).spec as Record<string, any>).egress[0].ports as unknown[]);
    expect(portsOf('allow-to-object-storage', 'nextcloud')).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(portsOf('allow-rocketchat-mongodb-backup-to-backup-storage', 'rocketchat')).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(portsOf('allow-nextcloud-postgresql-to-backup-storage', 'nextcloud')).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(portsOf('allow-attachments-backup-to-backup-storage', 'rocketchat')).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(size(cleura).objectStorage.find((b) => b.name === 'backups')!.region).toBe('Sto2');
  });
});
