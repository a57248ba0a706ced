/** Is a host occurrence a backup target (a backup tool's object store), by the object and key that name it? */
import type { Artifacts } from '../artifacts/artifacts.js';
import type { HostOccurrence } from './host-occurrences.js';

// Backup kinds: CloudNativePG Backup/ScheduledBackup, Barman Cloud ObjectStore, Velero
// BackupStorageLocation, Percona/MongoDB backup storages.
const BACKUP_KINDS = /backup|objectstore/i;

export function isBackupTarget(occurrence: HostOccurrence, artifacts: Artifacts): boolean {
  if (/backup|barman|restic|velero/i.test(`${occurrence.key} ${occurrence.evidence.pointer}`)) return true;
  const object = artifacts.objects.find((o) => o.address === occurrence.resource);
  return object !== undefined && BACKUP_KINDS.test(object.kind);
}
