/**
 * OS6: `socle deploy` gives the RKE2 servers the Secret their etcd snapshots read the backup
 * bucket's settings from. What the servers do with it is a port of k3s's reading
 * (`k3s-etcd-s3-config.ts`: which keys, which defaults, when the Secret is read at all), run on the
 * Secret socle hands to kubectl and on the RKE2 configuration socle renders for every example.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ETCD_S3_SECRET_KEYS, etcdSnapshotSecret } from '../../scripts/operate/cloud/etcd-snapshot-secret.js';
import { REDACTED } from '../../scripts/operate/progress/redaction.js';
import { cloudConfig } from '../stacks/cloud-init-shell.js';
import { environmentFile, MAGNUM_FIXTURE } from '../charts/examples.js';
import { example, EXAMPLES, resources, stacksOf } from '../stacks/synthesized.js';
import { etcdS3FromSecret, K3S_SECRET_KEYS, minioEndpointProblem, secretIsRead } from './k3s-etcd-s3-config.js';
import { ETCD_S3_SECRET, label, sandbox } from './operate-harness.js';

const APPLY_FROM_STDIN = ['apply', '--server-side', '--field-manager=socle', '--force-conflicts', '-f', '-'];

describe('socle deploy: the etcd snapshot Secret (OS6)', () => {
  it('applies kube-system/socle-etcd-snapshot-s3 from stdin after cluster access and before the workloads, with what k3s reads', async () => {
    const box = sandbox();
    await box.run(['plan', 'pilot']);
    const start = box.calls().length;
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(0);
    const calls = box.calls(start);
    const apply = calls.filter((c) => c.tool === 'kubectl' && c.stdin !== undefined);
    expect(apply.map((c) => c.argv)).toEqual([['--kubeconfig', join(box.outDir, 'kubeconfig'), ...APPLY_FROM_STDIN]]);
    const labels = calls.map(label);
    expect(labels.indexOf('kubectl get')).toBeLessThan(calls.indexOf(apply[0]!));
    expect(calls.indexOf(apply[0]!)).toBeLessThan(labels.indexOf('pulumi up'));

    const secret = JSON.parse(apply[0]!.stdin!);
    expect(secret.metadata).toMatchObject({ name: 'socle-etcd-snapshot-s3', namespace: 'kube-system' });
    // What the servers' snapshot client gets (k3s getConfigFromSecret → GetClient → minio.New).
    const config = etcdS3FromSecret(secret.data);
    expect(config).toEqual({ endpoint: 's3.sbg.io.cloud.ovh.net', region: 'sbg', bucket: 'pilot-backups', folder: 'etcd', accessKey: 'ak-etcd', secretKey: ETCD_S3_SECRET, insecure: false, skipSslVerify: false, timeout: '5m0s' });
    expect(minioEndpointProblem(config.endpoint)).toBeUndefined();
    expect(result.err).toContain('s3://pilot-backups/etcd/ at s3.sbg.io.cloud.ovh.net');

    // The secret key went on stdin only: not in argv, the log, the progress or out/.
    for (const call of box.calls()) expect(call.argv.join(' ')).not.toContain(ETCD_S3_SECRET);
    expect(box.logs()).not.toContain(ETCD_S3_SECRET);
    expect(result.out + result.err).not.toContain(ETCD_S3_SECRET);
    expect(readFileSync(join(box.outDir, 'outputs.json'), 'utf8')).not.toContain(ETCD_S3_SECRET);
  });

  it('redacts the secret key when kubectl prints it back', async () => {
    const box = sandbox();
    box.scenario.failures = [{ key: 'kubectl apply', times: 1, stderr: `error: Secret "socle-etcd-snapshot-s3" is invalid: data[etcd-s3-secret-key]: ${ETCD_S3_SECRET}\n`, exit: 1 }];
    await box.run(['plan', 'pilot']);
    const failed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(failed.exitCode).toBe(1);
    expect(failed.err).toContain(`data[etcd-s3-secret-key]: ${REDACTED}`);
    expect(box.logs()).not.toContain(ETCD_S3_SECRET);
    // The re-run resumes at the Secret.
    const resumed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(resumed.exitCode).toBe(0);
  });

  it('stops with the fix when the backups stack has no etcd credential output yet', async () => {
    const box = sandbox();
    delete box.scenario.stacks!['backups']!.outputs!['etcd_s3_secret_key'];
    await box.run(['plan', 'pilot']);
    const failed = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(failed.exitCode).toBe(1);
    expect(failed.err).toContain('the backups stack has not been applied yet (no etcd snapshot credential');
    expect(box.calls().map(label)).not.toContain('pulumi up');
  });

  it('is not made for a Magnum cluster (no RKE2 servers of socle\'s)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'socle-magnum-')), 'pilot.yaml');
    writeFileSync(file, readFileSync(environmentFile(MAGNUM_FIXTURE), 'utf8').replace('name: magnum-cloudferro', 'name: pilot'));
    const box = sandbox({ environmentFile: file });
    box.scenario.stacks!['cluster']!.outputs!['ingress_load_balancer_id'] = { sensitive: false, type: 'string', value: 'lb-0001' };
    box.scenario.stacks!['cluster']!.outputs!['media_node_addresses'] = { sensitive: false, type: ['list', 'object'], value: [] };
    await box.run(['plan', 'pilot']);
    await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(box.calls().filter((c) => c.stdin !== undefined)).toEqual([]);
  });
});

describe('the Secret against what k3s reads', () => {
  const written = etcdSnapshotSecret({ endpoint: 's3.gra.io.cloud.ovh.net', region: 'gra', bucket: 'b', folder: 'etcd', accessKey: 'a', secretKey: 's' }) as { data: Record<string, string> };

  it('holds only keys k3s reads, and every one it needs for a bucket that is not on AWS', () => {
    expect(Object.values(ETCD_S3_SECRET_KEYS).map((k) => k.key).sort()).toEqual(Object.keys(written.data));
    for (const key of Object.keys(written.data)) expect(K3S_SECRET_KEYS, key).toHaveProperty(key);
    // The table next to the code names the line k3s reads each key at.
    for (const { key, read } of Object.values(ETCD_S3_SECRET_KEYS)) expect(read, key).toContain(`config_secret.go ${K3S_SECRET_KEYS[key]} `);
    const config = etcdS3FromSecret(written.data);
    // Left out, k3s would aim at AWS (s3.go defaultEtcdS3).
    expect(config.endpoint).not.toBe('s3.amazonaws.com');
    expect(config.region).not.toBe('us-east-1');
  });

  it('would be refused by minio-go with a scheme in the endpoint (what the stack output holds)', () => {
    expect(minioEndpointProblem('https://s3.gra.io.cloud.ovh.net')).toMatch(/scheme/);
  });

  // GetClient reads the Secret only when the servers' own etcd-s3 options are all at their defaults.
  for (const name of EXAMPLES) {
    const stacks = stacksOf(example(name));
    const nodes = Object.entries(resources(stacks.get('cluster') ?? {}, 'openstack_compute_instance_v2'));
    const servers = nodes.filter(([address]) => address.startsWith('control_plane_'));
    it.runIf(servers.length > 0)(`is read by the servers of ${name}, whose RKE2 configuration sets no other etcd-s3 option`, () => {
      for (const [, server] of servers) {
        const config = JSON.parse(cloudConfig(server['user_data']).write_files.find((f) => f.path === '/etc/rancher/rke2/config.yaml')!.content) as Record<string, unknown>;
        expect(config['etcd-s3']).toBe(true);
        expect(secretIsRead(config)).toBe(true);
        // …and socle's backups stack has the credential the Secret is made from.
        expect(stacks.get('backups')?.['output']).toHaveProperty('etcd_s3_secret_key.sensitive', true);
      }
    });
  }
});
