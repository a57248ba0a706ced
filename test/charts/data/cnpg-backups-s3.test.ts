/**
 * KS3 and K14: CloudNativePG's backups against S3-compatible stores, and the in-tree Barman Cloud
 * support they rely on.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLOUDNATIVE_PG } from '../../../charts/platform/operators.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { EXAMPLE_NAMES, loadExample, render } from '../examples.js';

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

const clustersWithBackups = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'Cluster' && (o.spec as Json).backup?.barmanObjectStore);
const clusterEnv = (cluster: KubeObject) => Object.fromEntries(((cluster.spec as Json).env ?? []).map((e: Json) => [e.name, e.value])) as Record<string, string>;

describe.skipIf(!botocoreHere)('barman-cloud’s uploads, sent by the real botocore with the Cluster’s environment', () => {
  it('carry no flexible checksum header and are signed for the backup region', () => {
    // One run per distinct environment (python starts in seconds on a busy machine).
    const environments = new Map<string, Record<string, string>>();
    for (const name of EXAMPLE_NAMES) {
      for (const cluster of clustersWithBackups(render(loadExample(name)).objects)) environments.set(JSON.stringify(clusterEnv(cluster)), clusterEnv(cluster));
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

describe('the in-tree Barman Cloud support (spec.backup.barmanObjectStore)', () => {
  /**
   * The CloudNativePG minor whose release removes in-tree Barman Cloud, as the pinned release's notes
   * say (v1.27.0 docs/src/release_notes/v1.26.md L124-126: "removed in CloudNativePG version 1.28.0").
   * Later notes moved it (v1.29.0 v1.29.md L20-23: 1.30; v1.30.0 v1.30.md L20-23: 1.31): whoever moves
   * the pin re-reads them, moves to the barman-cloud plugin if the new minor drops the field, and
   * updates this number from the new release's notes.
   */
  const REMOVED_IN = [1, 28] as const;

  it('is only used while the pinned operator still has it', () => {
    const [major, minor] = CLOUDNATIVE_PG.operator.split('.').map(Number) as [number, number];
    const usesInTree = EXAMPLE_NAMES.some((name) => clustersWithBackups(render(loadExample(name)).objects).length > 0);
    expect(usesInTree).toBe(true);
    const beforeRemoval = major < REMOVED_IN[0] || (major === REMOVED_IN[0] && minor < REMOVED_IN[1]);
    expect({ operator: CLOUDNATIVE_PG.operator, inTreeBackups: usesInTree, beforeRemoval }).toEqual({ operator: CLOUDNATIVE_PG.operator, inTreeBackups: true, beforeRemoval: true });
  });
});
