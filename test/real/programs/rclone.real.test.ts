/**
 * The backup CronJobs' rclone scripts in the real rclone, against two real S3 servers (versitygw,
 * fakes/s3/s3-server.ts) per example: one serving the cluster region's buckets, one the backup
 * region's, each checking the SigV4 signature of every request rclone sends (its aws-sdk-go
 * signer: listings with `delimiter=%2F`, `UNSIGNED-PAYLOAD` uploads, server-side copies) against
 * the secret of an account it made; a tampered secret is refused. Each job runs exactly as its pod
 * would: the container's `sh -c` script and environment from the synthesized manifests (Secret
 * keys from Pulumi config given the servers' account keys), the pod's mounts as folders under a
 * scratch root, as nobody (setpriv, the pods' runAsUser 65534), under `strace -e execve` to see
 * every command line. Only the S3 endpoints are moved to 127.0.0.1 (plain HTTP: the signature does
 * not cover the scheme), through request-recorder.ts, which logs the headers rclone sent.
 *
 * Not run here: the MongoDB jobs' `mongodump` init container (not in Debian 12 or PyPI, and the Go
 * module proxy refuses github.com/mongodb/mongo-tools, 403; no mongod to dump from either); the
 * upload container gets a stand-in archive where the dump would be.
 * sh is Debian's dash where the rclone image has busybox ash (POSIX sh, `date -u +FORMAT` in both).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { RCLONE_UID } from '../../../charts/data/rclone.js';
import { copiesStorageClass } from '../../../environments/catalogue/regions.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { ensureBucket } from '../../../scripts/operate/cloud/s3-buckets.js';
import { synthArtifacts } from '../../../scripts/synth-pipeline.js';
import { environmentFile, EXAMPLE_NAMES } from '../../charts/examples.js';
import { relocator } from '../../charts/process-argv.js';
import { recordedRequests } from '../fakes/s3/request-recorder.js';
import { s3ServerAvailability, startS3Server, type S3Server } from '../fakes/s3/s3-server.js';
import type { S3Key } from '../fakes/s3/signed-request.js';
import { builtTool, describeProgram, type ProgramAvailability } from '../harness/program-suite.js';
import { containerEnv, synthesized } from './synthesized-manifests.js';

/**
 * The rclone that runs: `SOCLE_RCLONE`, else an `rclone` of `npm run tools` (the image's version
 * from its Go module, when a recipe builds it), else Debian's.
 */
const RCLONE = process.env['SOCLE_RCLONE'] ?? builtTool('rclone').path ?? '/usr/bin/rclone';

function rcloneAvailability(): ProgramAvailability {
  const pinned = IMAGES.rclone.split(':').at(-1)!;
  let version: string | undefined;
  try {
    version = /rclone v(\d+\.\d+\.\d+)/.exec(execFileSync(RCLONE, ['version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return { missing: `no rclone at ${RCLONE}: apt-get install -y rclone (.ci/install-programs), or SOCLE_RCLONE=<path>` };
  }
  const server = s3ServerAvailability();
  if (server.missing) return { missing: server.missing };
  return version ? { version, pinned } : { missing: 'rclone version printed no version' };
}

const DAY = 86_400;
const REPO = resolve(import.meta.dirname, '..', '..', '..');

/**
 * A stack's S3 endpoint and region (its outputs) and the buckets it makes: its Swift containers,
 * or in a region without Swift the names it hands to `socle deploy` (`buckets_made_by_socle`).
 */
function stackBuckets(files: Map<string, string>, stack: string): { endpoint: string; region: string; buckets: string[] } {
  const json = JSON.parse(files.get(`terraform/${stack}/cdk.tf.json`)!) as { output: Record<string, { value: unknown }>; resource?: Record<string, Record<string, { name?: string }>> };
  const containers = Object.values(json.resource?.['openstack_objectstorage_container_v1'] ?? {}).map((c) => String(c.name));
  const madeBySocle = (json.output['buckets_made_by_socle']?.value as string[] | undefined) ?? [];
  return { endpoint: String(json.output['s3_endpoint']!.value), region: String(json.output['s3_region']!.value), buckets: [...containers, ...madeBySocle].sort() };
}

interface Listed {
  key: string;
  lastModified: Date;
}

/** ListObjectsV2 of a prefix (every page). */
async function list(s3: S3Server, key: S3Key, bucket: string, prefix: string): Promise<Listed[]> {
  const found: Listed[] = [];
  let token = '';
  for (;;) {
    const query = `?list-type=2&prefix=${encodeURIComponent(prefix)}${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
    const answer = await s3.call('GET', `/${bucket}${query}`, '', {}, key);
    expect(answer.status, answer.body).toBe(200);
    for (const m of answer.body.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      found.push({ key: /<Key>([^<]*)<\/Key>/.exec(m[1]!)![1]!, lastModified: new Date(/<LastModified>([^<]*)<\/LastModified>/.exec(m[1]!)![1]!) });
    }
    token = /<NextContinuationToken>([^<]*)</.exec(answer.body)?.[1] ?? '';
    if (!token) return found.sort((a, b) => (a.key < b.key ? -1 : 1));
  }
}

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

interface Run {
  status: number | null;
  stderr: string;
  /** strace's execve log: every command line the container started. */
  execve: string;
}

describeProgram('rclone', rcloneAvailability(), () => {
  let scratch = '';
  /** Every server's request log and every account's secret, of all examples. */
  const recordings: string[] = [];
  const secrets: string[] = [];
  const runs: Run[] = [];

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'socle-real-rclone-'));
    chmodSync(scratch, 0o755);
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  describe.each(EXAMPLE_NAMES)('backup CronJobs of %s', (example) => {
    const { objects, secretValue, secretSource } = synthesized(example);
    const { files } = synthArtifacts(loadEnvironmentFile(environmentFile(example)));
    const data = stackBuckets(files, 'data');
    const backups = stackBuckets(files, 'backups');
    // Each server serves one region (as a provider's endpoint does): the cluster's, the backups'.
    let recording = { source: '', backup: '' };
    let source: S3Server;
    let backup: S3Server;
    let appsKey: S3Key;
    let backupKey: S3Key;
    /** The Pulumi config keys the Secrets come from, as `socle deploy` sets them from the stacks' outputs. */
    const pulumiConfig = (): Record<string, string> => ({
      appsS3AccessKey: appsKey.accessKey,
      appsS3SecretKey: appsKey.secretKey,
      backupS3AccessKey: backupKey.accessKey,
      backupS3SecretKey: backupKey.secretKey,
    });
    const environment = loadEnvironmentFile(environmentFile(example));
    const retentionDays = environment.backups!.retentionDays;
    // The tier the region catalogue gives the backup region's endpoint (OVHcloud: Infrequent Access; a Swift S3 API: none).
    const storageClass = copiesStorageClass(environment.cloud.provider, environment.backups!.region);
    const jobs = objects.filter((o) => o.kind === 'CronJob' && podOf(o).containers.some((c: any) => String(c.image).includes('/rclone:')));

    function podOf(o: KubeObject): Record<string, any> {
      return (o.spec as any).jobTemplate.spec.template.spec;
    }
    const rcloneContainer = (o: KubeObject) => podOf(o).containers.find((c: any) => String(c.image).includes('/rclone:'));

    /** The container's environment as the kubelet gives it, with the S3 endpoints moved to the local servers. */
    const podEnv = (c: Record<string, any>): Record<string, string> => {
      const config = pulumiConfig();
      const env = containerEnv(c, (secret, key) => {
        const how = secretSource(secret, key);
        const name = /^config:(.+)$/.exec(how)?.[1];
        if (name === undefined) return secretValue(secret, key);
        if (!(name in config)) throw new Error(`${secret}/${key} comes from Pulumi config ${name}, which no stack output feeds here`);
        return config[name]!;
      });
      expect(env['RCLONE_CONFIG_BACKUP_ENDPOINT']).toBe(backups.endpoint);
      expect(env['RCLONE_CONFIG_BACKUP_REGION']).toBe(backups.region);
      env['RCLONE_CONFIG_BACKUP_ENDPOINT'] = backup.endpoint;
      if (env['RCLONE_CONFIG_PRIMARY_ENDPOINT'] !== undefined) {
        expect([env['RCLONE_CONFIG_PRIMARY_ENDPOINT'], env['RCLONE_CONFIG_PRIMARY_REGION']]).toEqual([data.endpoint, data.region]);
        env['RCLONE_CONFIG_PRIMARY_ENDPOINT'] = source.endpoint;
      }
      return env;
    };

    /**
     * Runs `command` (default: the container's own) as the pod would: fresh emptyDirs, the given
     * files in read-only mounts, as nobody, under strace.
     */
    const runPod = (job: KubeObject, options: { command?: string[]; env?: Record<string, string>; readOnlyFiles?: Record<string, { bytes: Buffer; mtime: Date }> } = {}): Run => {
      const c = rcloneContainer(job);
      const root = mkdtempSync(join(scratch, 'pod-'));
      chmodSync(root, 0o755);
      const mounts: { mountPath: string; readOnly?: boolean }[] = c.volumeMounts ?? [];
      const relocate = relocator(root, mounts.map((m) => m.mountPath));
      for (const m of mounts) {
        const dir = join(root, m.mountPath);
        mkdirSync(dir, { recursive: true });
        // A read-only mount is the init container's output: root's files, readable by all; an emptyDir is the pod's (fsGroup).
        if (!m.readOnly) chownSync(dir, RCLONE_UID, RCLONE_UID);
      }
      for (const [path, file] of Object.entries(options.readOnlyFiles ?? {})) {
        const at = relocate(path);
        expect(at, `${path} lies in no read-only mount`).not.toBe(path);
        writeFileSync(at, file.bytes, { mode: 0o644 });
        utimesSync(at, file.mtime, file.mtime);
      }
      const [shell, flag, script] = (options.command ?? c.command) as [string, string, string];
      const env = Object.fromEntries(Object.entries(options.env ?? podEnv(c)).map(([k, v]) => [k, relocate(v)]));
      const log = join(root, 'execve.log');
      const result = spawnSync('strace', ['-f', '-qq', '-e', 'trace=execve', '-s', '100000', '-o', log, 'setpriv', `--reuid=${RCLONE_UID}`, `--regid=${RCLONE_UID}`, '--clear-groups', '--', `/bin/${shell}`, flag, relocate(script)], {
        cwd: root,
        env: { ...env, PATH: `${dirname(RCLONE)}:/usr/bin:/bin`, HOME: '/nonexistent' },
        encoding: 'utf8',
        timeout: 120_000,
      });
      const run = { status: result.status, stderr: `${result.stderr}${result.error ? String(result.error) : ''}`, execve: readFileSync(log, 'utf8') };
      runs.push(run);
      return run;
    };
    // rclone notes, on every run, that the config file RCLONE_CONFIG names is not there yet: the remotes come from the environment.
    const notice = /^\S+ \S+ NOTICE: Config file ".*\/tmp\/rclone\.conf" not found - using defaults\n/gm;
    const ok = (run: Run) => expect({ status: run.status, stderr: run.stderr.replace(notice, '') }).toEqual({ status: 0, stderr: '' });
    /** The backup server's requests from the job (its access key) since `from`. */
    const backupWrites = (from: number) => recordedRequests(recording.backup).slice(from).filter((r) => r.headers['authorization']?.includes(`Credential=${backupKey.accessKey}/`) && r.method !== 'GET' && r.method !== 'HEAD');
    const mark = () => recordedRequests(recording.backup).length;
    const content = async (s3: S3Server, key: S3Key, bucket: string, object: string) => (await s3.call('GET', `/${bucket}/${object}`, '', {}, key)).body;
    /** A server-side copy in the backup bucket (as `--backup-dir` makes), then dated `daysAgo` days back. */
    const copyAged = (job: KubeObject, bucket: string, from: string, to: string, daysAgo: number) => {
      ok(runPod(job, { command: ['sh', '-c', `rclone copyto "backup:${bucket}/${from}" "backup:${bucket}/${to}"`] }));
      backup.ageObject(bucket, to, daysAgo);
    };

    // The PostgreSQL clusters' Barman objects share the backups bucket: an old base backup of each,
    // under the destinationPath of the Barman Cloud plugin's ObjectStore the cluster archives to.
    const barman = objects
      .filter((o) => o.kind === 'ObjectStore' && o.apiVersion.startsWith('barmancloud.cnpg.io/'))
      .map((o) => /^s3:\/\/([^/]+)\/(.+)$/.exec((o.spec as any).configuration.destinationPath as string)!)
      .map(([, b, path]) => ({ bucket: b!, key: `${path}/base/20200101T000000/data.tar.gz` }));

    beforeAll(async () => {
      recording = { source: join(scratch, `${example}-source.jsonl`), backup: join(scratch, `${example}-backup.jsonl`) };
      recordings.push(recording.source, recording.backup);
      [source, backup] = await Promise.all([
        startS3Server(scratch, { region: data.region, tls: false, recordTo: recording.source }),
        startS3Server(scratch, { region: backups.region, tls: false, recordTo: recording.backup }),
      ]);
      appsKey = await source.account('apps');
      backupKey = await backup.account('backups');
      secrets.push(appsKey.secretKey, backupKey.secretKey);
      for (const bucket of data.buckets) await ensureBucket(source.send, { endpoint: source.endpoint, region: data.region, ...appsKey }, bucket, () => new Date());
      for (const bucket of backups.buckets) await ensureBucket(backup.send, { endpoint: backup.endpoint, region: backups.region, ...backupKey }, bucket, () => new Date());
      for (const b of barman) {
        expect((await backup.call('PUT', `/${b.bucket}/${b.key}`, 'base backup', {}, backupKey)).status).toBe(200);
        backup.ageObject(b.bucket, b.key, retentionDays + 10);
      }
    });
    afterAll(async () => {
      await Promise.all([source?.stop(), backup?.stop()]);
    });

    it('refuses a tampered secret: both servers check the signature of what rclone sends', () => {
      const job = jobs.find((j) => rcloneContainer(j).name === 'sync')!;
      const env = podEnv(rcloneContainer(job));
      const tampered = (name: string) => ({ ...env, [name]: `${env[name]!.slice(0, -1)}${env[name]!.endsWith('x') ? 'y' : 'x'}` });
      for (const [remote, variable] of [['primary', 'RCLONE_CONFIG_PRIMARY_SECRET_ACCESS_KEY'], ['backup', 'RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY']] as const) {
        const bucket = remote === 'primary' ? data.buckets[0] : backups.buckets[0];
        const run = runPod(job, { command: ['sh', '-c', `rclone lsf "${remote}:${bucket}/"`], env: tampered(variable) });
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain('SignatureDoesNotMatch');
      }
    });

    it('has a files copy per file bucket and an upload per MongoDB set, each in an rclone container', () => {
      expect(jobs.map((j) => `${j.metadata.namespace}/${j.metadata.name}`).sort()).toEqual(['nextcloud/nextcloud-data-backup', 'rocketchat/attachments-backup', 'rocketchat/rocketchat-mongodb-backup', 'wekan/wekan-mongodb-backup']);
    });

    describe.each(jobs.filter((j) => rcloneContainer(j).name === 'sync').map((j) => [j.metadata.name, j] as const))('%s (rclone sync)', (_name, job) => {
      const script: string = rcloneContainer(job).command[2];
      const from = /rclone sync "primary:([^"/]+)"/.exec(script)?.[1] ?? '';
      const to = /"backup:([^"/]+)\/([^"]+)\/current"/.exec(script);
      const [bucket, prefix] = [to?.[1] ?? '', to?.[2] ?? ''];
      const put = (object: string, body: string, mtime?: Date) =>
        source.call('PUT', `/${from}/${object}`, body, mtime ? { 'x-amz-meta-mtime': String(mtime.getTime() / 1000) } : {}, appsKey);
      const current = async () => (await list(backup, backupKey, bucket, `${prefix}/current/`)).map((o) => o.key.slice(`${prefix}/current/`.length));
      const previous = () => list(backup, backupKey, bucket, `${prefix}/previous/`);
      const long = new Date(Date.now() - (retentionDays + 60) * DAY * 1000);

      it('copies from a bucket of the data stack into the backups stack bucket', () => {
        expect(data.buckets).toContain(from);
        expect(backups.buckets).toEqual([bucket]);
      });

      it(`copies every object to current/ byte for byte, in ${storageClass ?? 'the default storage class'}; asks no server-side encryption`, async () => {
        await put('a.txt', 'alpha 1');
        await put('folder/b.txt', randomBytes(4096).toString('base64'));
        // A file last changed long before the retention (rclone reads an S3 object's time from x-amz-meta-mtime).
        await put('old.txt', 'written long ago', long);
        const before = mark();
        ok(runPod(job));
        expect(await current()).toEqual(['a.txt', 'folder/b.txt', 'old.txt']);
        for (const object of await current()) expect(await content(backup, backupKey, bucket, `${prefix}/current/${object}`)).toBe(await content(source, appsKey, from, object));
        const uploads = backupWrites(before).filter((r) => r.method === 'PUT');
        expect(uploads.length).toBe(3);
        // socle sets no server_side_encryption: rclone sends none of its headers; storage_class only where the backup region has the tier.
        expect(uploads.flatMap((r) => Object.keys(r.headers).filter((h) => /^x-amz-server-side-encryption/.test(h)))).toEqual([]);
        expect(uploads.map((r) => r.headers['x-amz-storage-class'])).toEqual(uploads.map(() => storageClass));
        expect(await previous()).toEqual([]);
      });

      it('a second run writes nothing to the backup region', async () => {
        const before = mark();
        ok(runPod(job));
        expect(backupWrites(before).map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([]);
      });

      it("moves a changed or deleted file's last copy to previous/<run time>/ and keeps it, however old the file", async () => {
        // A new size: rclone compares size and modification time, and S3 times have whole seconds (this test is faster).
        await put('a.txt', 'alpha 2, longer');
        await put('c.txt', 'new');
        await source.call('DELETE', `/${from}/old.txt`, '', {}, appsKey);
        const started = new Date(Math.floor(Date.now() / 1000) * 1000);
        const before = mark();
        ok(runPod(job));
        expect(await current()).toEqual(['a.txt', 'c.txt', 'folder/b.txt']);
        // The moves are server-side copies: they ask the same storage class as the uploads.
        const copies = backupWrites(before).filter((r) => r.method === 'PUT' && r.headers['x-amz-copy-source'] !== undefined);
        expect(copies.length).toBe(2);
        expect(copies.map((r) => r.headers['x-amz-storage-class'])).toEqual([storageClass, storageClass]);
        const moved = await previous();
        expect(moved.map((o) => o.key.replace(/previous\/\d{8}T\d{6}Z\//, 'previous/<run>/'))).toEqual([`${prefix}/previous/<run>/a.txt`, `${prefix}/previous/<run>/old.txt`]);
        const run = /previous\/(\d{8}T\d{6}Z)\//.exec(moved[0]!.key)![1]!;
        expect(run >= stamp(started)).toBe(true);
        expect(await content(backup, backupKey, bucket, `${prefix}/previous/${run}/a.txt`)).toBe('alpha 1');
        expect(await content(backup, backupKey, bucket, `${prefix}/previous/${run}/old.txt`)).toBe('written long ago');
      });

      it("restores a deleted file from previous/<run>/ as the README says, leaving the newer files as they are", async () => {
        const [run] = [...new Set((await previous()).map((o) => /previous\/(\d{8}T\d{6}Z)\//.exec(o.key)![1]!))];
        // The command of README "Restore files", run with the job's own environment (the apps' and the backup bucket's keys).
        const restore = /^Restore files: `(rclone [^`]+)`/m.exec(readFileSync(join(REPO, 'docs', 'operate.md'), 'utf8'))?.[1];
        expect(restore).toBeDefined();
        ok(runPod(job, { command: ['sh', '-c', `${restore} "backup:${bucket}/${prefix}/previous/${run}/" "primary:${from}"`] }));
        const restored = (await list(source, appsKey, from, '')).map((o) => o.key);
        expect(restored).toEqual(['a.txt', 'c.txt', 'folder/b.txt', 'old.txt']);
        expect(await content(source, appsKey, from, 'old.txt')).toBe('written long ago');
        expect(await content(source, appsKey, from, 'a.txt')).toBe('alpha 2, longer');
        await source.call('DELETE', `/${from}/old.txt`, '', {}, appsKey);
      });

      it(`deletes previous copies moved there more than ${retentionDays} days ago, keeps the younger ones`, async () => {
        const aged = (days: number) => `${prefix}/previous/${stamp(new Date(Date.now() - days * DAY * 1000))}/a.txt`;
        const [expired, kept] = [aged(retentionDays + 1), aged(retentionDays - 1)];
        copyAged(job, bucket, `${prefix}/current/a.txt`, expired, retentionDays + 1);
        copyAged(job, bucket, `${prefix}/current/a.txt`, kept, retentionDays - 1);
        const before = (await previous()).map((o) => o.key);
        expect(before).toContain(expired);
        ok(runPod(job));
        expect((await previous()).map((o) => o.key)).toEqual(before.filter((k) => k !== expired));
      });

      it('fails with a non-zero exit and says why when the source bucket is gone, and deletes nothing of current/', async () => {
        const kept = await current();
        const c = rcloneContainer(job);
        // Still a valid bucket name (at most 63 characters, S3's rule the gateway applies), one nobody made.
        const gone = `${from.slice(0, 58).replace(/-+$/, '')}-gone`;
        const run = runPod(job, { command: c.command.map((a: string) => a.replaceAll(`primary:${from}`, `primary:${gone}`)) });
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain('directory not found');
        expect(await current()).toEqual(kept);
      });
    });

    describe.each(jobs.filter((j) => rcloneContainer(j).name === 'upload').map((j) => [j.metadata.name, j] as const))('%s (archive upload)', (_name, job) => {
      const script: string = rcloneContainer(job).command[2];
      const upload = /rclone copyto (\S+) "backup:([^"/]+)\/([^"]+)\/\$\(date/.exec(script);
      const [archive, bucket, prefix] = [upload?.[1] ?? '', upload?.[2] ?? '', upload?.[3] ?? ''];
      // Text bytes, so the S3 answer compares as a string.
      const dump = { bytes: Buffer.from(randomBytes(48 * 1024).toString('base64'), 'latin1'), mtime: new Date() };
      const stored = () => list(backup, backupKey, bucket, `${prefix}/`);

      it('uploads into the backups stack bucket, under the set\'s own folder', () => {
        expect(backups.buckets).toEqual([bucket]);
        expect(prefix).toBe(`mongodb/${job.metadata.namespace}/${job.metadata.name.replace(/-backup$/, '')}`);
      });

      it(`uploads the dump, read from the read-only dump volume, as <UTC time>.archive.gz byte for byte, in ${storageClass ?? 'the default storage class'}`, async () => {
        const before = (await stored()).map((o) => o.key);
        const started = new Date(Math.floor(Date.now() / 1000) * 1000);
        const from = mark();
        ok(runPod(job, { readOnlyFiles: { [archive]: dump } }));
        expect(backupWrites(from).filter((r) => r.method === 'PUT').map((r) => r.headers['x-amz-storage-class'])).toEqual([storageClass]);
        const added = (await stored()).map((o) => o.key).filter((k) => !before.includes(k));
        expect(added.length).toBe(1);
        const name = /\/(\d{8}T\d{6}Z)\.archive\.gz$/.exec(added[0]!)?.[1];
        expect(name !== undefined && name >= stamp(started)).toBe(true);
        expect(await content(backup, backupKey, bucket, added[0]!)).toBe(dump.bytes.toString('latin1'));
      });

      it(`deletes archives older than ${retentionDays} days, keeps the younger ones`, async () => {
        const aged = (days: number) => ({ key: `${prefix}/${stamp(new Date(Date.now() - days * DAY * 1000))}.archive.gz`, days });
        const [expired, kept] = [aged(retentionDays + 1), aged(retentionDays - 1)];
        for (const a of [expired, kept]) {
          // An earlier run's upload: its dump file dated then, stored then.
          ok(runPod(job, { command: ['sh', '-c', `rclone copyto ${archive} "backup:${bucket}/${a.key}"`], readOnlyFiles: { [archive]: { bytes: dump.bytes, mtime: new Date(Date.now() - a.days * DAY * 1000) } } }));
          backup.ageObject(bucket, a.key, a.days);
        }
        const before = (await stored()).map((o) => o.key);
        expect(before).toContain(expired.key);
        ok(runPod(job, { readOnlyFiles: { [archive]: dump } }));
        const after = (await stored()).map((o) => o.key);
        expect(after).not.toContain(expired.key);
        // Nothing else went: the younger archives, the ones the earlier runs made.
        expect(before.filter((k) => k !== expired.key && !after.includes(k))).toEqual([]);
        expect(after).toContain(kept.key);
      });

      it('fails with a non-zero exit and says why when there is no dump to upload', () => {
        const run = runPod(job);
        expect(run.status).not.toBe(0);
        expect(run.stderr).toMatch(/no such file or directory|not found/i);
      });
    });

    it("leaves the PostgreSQL backups in the shared bucket alone, however old", async () => {
      expect(barman.length).toBeGreaterThan(0);
      for (const b of barman) expect(backups.buckets).toContain(b.bucket);
      for (const b of barman) expect((await list(backup, backupKey, b.bucket, b.key)).map((o) => o.key)).toEqual([b.key]);
    });
  });

  it('never asked either region to create a bucket: the stacks make them (no_check_bucket)', () => {
    const fromRclone = recordings.flatMap((file) => recordedRequests(file)).filter((r) => r.headers['user-agent']?.startsWith('rclone/'));
    expect(fromRclone.length).toBeGreaterThan(0);
    const creations = fromRclone.filter((r) => r.method === 'PUT' && /^\/[^/]+\/?$/.test(new URL(r.url).pathname));
    expect(creations.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('started rclone in every run, and no command line (strace execve) or error output of any run held an S3 secret key', () => {
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) expect(run.execve).toContain(`execve("${RCLONE}"`);
    const leaks = runs.filter((run) => secrets.some((s) => run.execve.includes(s) || run.stderr.includes(s)));
    expect(leaks.map((r) => r.execve.slice(0, 300))).toEqual([]);
  });
});
