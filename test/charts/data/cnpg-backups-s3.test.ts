/**
 * KS3 and K14: CloudNativePG's backups against S3-compatible stores, through the Barman Cloud
 * plugin that replaces the in-tree support (`spec.backup.barmanObjectStore`, removed in 1.28).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BARMAN_CLOUD_PLUGIN } from '../../../charts/platform/barman-cloud-plugin.js';
import { operatorReleases } from '../../../charts/platform/operators.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { EXAMPLE_NAMES, loadExample, render, variant } from '../examples.js';

type Json = Record<string, any>;

const PROBE = fileURLToPath(new URL('./botocore-put-probe.py', import.meta.url));
const botocoreHere = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;

/** What the real botocore sends for one PutObject (barman-cloud-wal-archive's upload) in an environment. */
function putObject(env: Record<string, string>): { botocore: string; checksumHeaders: string[]; signingRegion: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const run = spawnSync('python3', [PROBE], { env: { ...clean, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const objectStores = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'ObjectStore' && o.apiVersion === 'barmancloud.cnpg.io/v1');
/** What the plugin adds to its sidecar's environment from an ObjectStore (v0.15.0 internal/cnpgi/operator/lifecycle_envs.go). */
const sidecarEnv = (store: KubeObject) => Object.fromEntries(((store.spec as Json).instanceSidecarConfiguration?.env ?? []).map((e: Json) => [e.name, e.value])) as Record<string, string>;

/**
 * The ObjectStore the plugin's operator side works with for a Cluster, as v0.15.0 finds it:
 * internal/cnpgi/operator/config/config.go NewFromCluster (the enabled `spec.plugins` entry named
 * barman-cloud.cloudnative-pg.io, its `barmanObjectName` parameter; Validate refuses an empty one)
 * and lifecycle_envs.go (the store in the Cluster's namespace). `undefined`: the plugin skips the Cluster.
 */
function pluginObjectStore(cluster: KubeObject, objects: KubeObject[]): KubeObject | undefined {
  const entry = ((cluster.spec as Json).plugins ?? []).find((p: Json) => p.enabled !== false && p.name === BARMAN_CLOUD_PLUGIN.name);
  const name = entry?.parameters?.barmanObjectName;
  if (!name) return undefined;
  return objectStores(objects).find((o) => o.metadata.namespace === cluster.metadata.namespace && o.metadata.name === name);
}

describe.skipIf(!botocoreHere)('barman-cloud’s uploads, sent by the real botocore with the environment the plugin gives its sidecar', () => {
  it('carry no flexible checksum header and are signed for the backup region', () => {
    // One run per distinct environment (python starts in seconds on a busy machine).
    const environments = new Map<string, Record<string, string>>();
    for (const name of EXAMPLE_NAMES) {
      for (const store of objectStores(render(loadExample(name)).objects)) environments.set(JSON.stringify(sidecarEnv(store)), sidecarEnv(store));
    }
    expect(environments.size).toBeGreaterThan(0);
    for (const env of environments.values()) {
      const sent = putObject(env);
      expect({ env, headers: sent.checksumHeaders, region: sent.signingRegion }).toEqual({ env, headers: [], region: env.AWS_DEFAULT_REGION });
    }
  });

  it('without it (as rendered before KS3), add a CRC32 checksum (botocore ≥ 1.36) and sign for us-east-1', () => {
    const sent = putObject({});
    expect(sent.checksumHeaders).toContain('x-amz-checksum-crc32');
    expect(sent.signingRegion).toBe('us-east-1');
  });
});

describe('PostgreSQL backups through the Barman Cloud plugin, never the in-tree support', () => {
  const renderings = [...EXAMPLE_NAMES.map((name) => ({ name, env: loadExample(name) }))];

  it('render no in-tree Barman Cloud field and no in-tree backup method anywhere (removed in CloudNativePG 1.28: v1.27.0 docs/src/release_notes/v1.26.md L124-126)', () => {
    for (const { name, env } of renderings) {
      const objects = render(env).objects;
      const inTree = objects.filter((o) => (o.kind === 'Cluster' && ((o.spec as Json).backup !== undefined || (o.spec as Json).externalClusters?.some((c: Json) => c.barmanObjectStore))) || ((o.kind === 'ScheduledBackup' || o.kind === 'Backup') && (o.spec as Json).method !== 'plugin'));
      expect({ example: name, inTree: inTree.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`) }).toEqual({ example: name, inTree: [] });
    }
  });

  it('give every Cluster a WAL archiver the plugin takes, whose ObjectStore is rendered beside it, and the plugin installed', () => {
    for (const { name, env } of renderings) {
      const { objects, plan } = render(env);
      const clusters = objects.filter((o) => o.kind === 'Cluster');
      expect(clusters.length).toBeGreaterThan(0);
      for (const cluster of clusters) {
        const store = pluginObjectStore(cluster, objects);
        const archiver = ((cluster.spec as Json).plugins ?? []).find((p: Json) => p.isWALArchiver === true);
        expect({ example: name, cluster: cluster.metadata.name, store: store?.metadata.name, archiver: archiver?.name }).toEqual({ example: name, cluster: cluster.metadata.name, store: `${cluster.metadata.name}-backup-store`, archiver: BARMAN_CLOUD_PLUGIN.name });
      }
      expect(operatorReleases(env, plan).map((r) => r.name)).toContain('plugin-barman-cloud');
    }
  });

  it('take the daily base backups with the plugin, keep them for the retention days, and write where in-tree backups went (s3://<bucket>/postgresql/<namespace>/<cluster>, barman-cloud adding the Cluster’s name)', () => {
    const { objects, env } = render(loadExample('pilot'));
    for (const backup of objects.filter((o) => o.kind === 'ScheduledBackup')) {
      expect((backup.spec as Json).method).toBe('plugin');
      expect((backup.spec as Json).pluginConfiguration).toEqual({ name: BARMAN_CLOUD_PLUGIN.name });
      const cluster = objects.find((o) => o.kind === 'Cluster' && o.metadata.namespace === backup.metadata.namespace && o.metadata.name === (backup.spec as Json).cluster.name)!;
      const store = pluginObjectStore(cluster, objects)!;
      expect((store.spec as Json).retentionPolicy).toBe(`${env.backups!.retentionDays}d`);
      expect((store.spec as Json).configuration.destinationPath).toMatch(new RegExp(`/postgresql/${cluster.metadata.namespace}/${cluster.metadata.name}$`));
      // No `serverName` on the ObjectStore: the CRD forbids it (v0.15.0 api/v1/objectstore_types.go L62).
      expect((store.spec as Json).configuration.serverName).toBeUndefined();
    }
  });

  it('render neither ObjectStores, nor plugin entries, nor the plugin when the environment has no backups', () => {
    const env = variant(loadExample('pilot'), (e) => delete (e as { backups?: unknown }).backups);
    const { objects, plan } = render(env);
    expect(objectStores(objects)).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Cluster' && (o.spec as Json).plugins)).toEqual([]);
    expect(objects.filter((o) => o.kind === 'ScheduledBackup')).toEqual([]);
    expect(operatorReleases(env, plan).map((r) => r.name)).not.toContain('plugin-barman-cloud');
  });
});
