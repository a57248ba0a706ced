/**
 * The nodes' bootstrap, run in the real programs: the cloud-init command in sh (every command
 * stood in for, `cloud-init-shell.ts`), the first server's join decision in sh, and the
 * metadata guard's routing rules in the Linux kernel (a network namespace of its own).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudConfig, runRuncmd } from './cloud-init-shell.js';
import { example, resources, stack, variant } from './synthesized.js';

const metropole = example('metropole-9000');
const nodes = resources(stack(metropole, 'cluster'), 'openstack_compute_instance_v2');
const userData = (name: string) => nodes[name]!['user_data'] as string;
const file = (name: string, path: string) => cloudConfig(userData(name)).write_files.find((f) => f.path === path);
const rke2Config = (name: string) => JSON.parse(file(name, '/etc/rancher/rke2/config.yaml')!.content);
const servers = Object.keys(nodes).filter((n) => n.startsWith('control_plane_'));

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'socle-node-'));
  temps.push(dir);
  return dir;
}

describe('server bootstrap (O3): a replaced first server joins, never founds a second etcd', () => {
  const JOIN = ['sh', '/usr/local/lib/socle/rke2-join-existing.sh', '/var/lib/socle/registration-url', '/etc/rancher/rke2/config.yaml.d/50-socle-join.yaml'];

  it('runs the join decision on the first server only, before RKE2 starts; the others always join the API address', () => {
    for (const name of servers) {
      const { calls } = runRuncmd(userData(name));
      const start = calls.findIndex((c) => c.join(' ') === 'systemctl enable --now rke2-server.service');
      expect(start).toBe(calls.length - 1);
      if (name === 'control_plane_0') {
        expect(calls.findIndex((c) => c.join(' ') === JOIN.join(' '))).toBe(start - 1);
        expect(rke2Config(name)['server']).toBeUndefined();
        expect(file(name, '/var/lib/socle/registration-url')!.content).toBe('https://${openstack_lb_loadbalancer_v2.kubernetes_api.vip_address}:9345');
      } else {
        expect(calls.some((c) => c[1]?.endsWith('rke2-join-existing.sh'))).toBe(false);
        expect(rke2Config(name)['server']).toBe('https://${openstack_lb_loadbalancer_v2.kubernetes_api.vip_address}:9345');
      }
    }
  });

  /** Runs the shipped join script with a stand-in curl that answers (or not) for `/cacerts`. */
  function decide(serverAnswers: boolean): { dropIn: string | undefined; probes: number } {
    const dir = tempDir();
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'curl'), `#!/bin/sh\necho "$@" >>${dir}/probes\nexit ${serverAnswers ? 0 : 22}\n`);
    writeFileSync(join(bin, 'sleep'), '#!/bin/sh\n');
    for (const stub of ['curl', 'sleep']) chmodSync(join(bin, stub), 0o755);
    const script = join(dir, 'join.sh');
    writeFileSync(script, file('control_plane_0', '/usr/local/lib/socle/rke2-join-existing.sh')!.content);
    writeFileSync(join(dir, 'registration-url'), 'https://10.20.0.10:9345');
    const dropIn = join(dir, 'config.yaml.d', '50-socle-join.yaml');
    execFileSync('/bin/sh', [script, join(dir, 'registration-url'), dropIn], { env: { PATH: `${bin}:/usr/bin:/bin` }, stdio: 'ignore' });
    const probes = readFileSync(join(dir, 'probes'), 'utf8').trim().split('\n');
    for (const probe of probes) expect(probe).toBe('-sfk --max-time 5 -o /dev/null https://10.20.0.10:9345/cacerts');
    return { dropIn: existsSync(dropIn) ? readFileSync(dropIn, 'utf8') : undefined, probes: probes.length };
  }

  it('joins through the API load balancer when a server answers there (a replacement)', () => {
    const { dropIn, probes } = decide(true);
    expect(probes).toBe(1);
    expect(JSON.parse(dropIn!)).toEqual({ server: 'https://10.20.0.10:9345' });
  });

  it('founds the cluster only after 12 unanswered probes (the very first bootstrap)', () => {
    expect(decide(false)).toEqual({ dropIn: undefined, probes: 12 });
  });
});

describe('etcd snapshots (OS6)', () => {
  it('go to S3 from every server, with the settings of a Secret (no S3 key in user data); none without backups', () => {
    for (const name of servers) expect(rke2Config(name)).toMatchObject({ 'etcd-s3': true, 'etcd-s3-config-secret': 'socle-etcd-snapshot-s3' });
    expect(rke2Config('general_0')['etcd-s3']).toBeUndefined();
    expect(Object.keys(rke2Config('control_plane_0')).filter((k) => k.startsWith('etcd-s3-') && k !== 'etcd-s3-config-secret')).toEqual([]);
    const none = resources(stack(variant(metropole, (e) => delete e.backups), 'cluster'), 'openstack_compute_instance_v2');
    expect(JSON.parse(cloudConfig(none['control_plane_0']!['user_data']).write_files[0]!.content)['etcd-s3']).toBeUndefined();
  });
});

describe('artifacts.url and other environment values in the node command line (D3)', () => {
  it('reach sh as single literal words: no command substitution, no background job, no cut', () => {
    const hostile = "https://artefacts.exemple.fr/$(reboot)/a?x=1&b=2;id|sh'`id`";
    const env = variant(metropole, (e) => (e.artifacts = { url: hostile }));
    const { calls, stderr } = runRuncmd(resources(stack(env, 'cluster'), 'openstack_compute_instance_v2')['general_0']!['user_data'] as string);
    expect(stderr).toBe('');
    expect(calls.map((c) => c[0])).not.toContain('reboot');
    expect(calls.map((c) => c[0])).not.toContain('id');
    const downloads = calls.filter((c) => c[0] === 'curl');
    expect(downloads.map((c) => c.at(-1))).toEqual(['install.sh', 'rke2.linux-amd64.tar.gz', 'sha256sum-amd64.txt'].map((f) => `${hostile}/rke2/v1.36.4+rke2r1/${f}`));
  });
});

/** Root and a private network namespace: the kernel evaluates the guard's routing rules. */
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;

describe.skipIf(!canUnshare)('metadata guard (O7), in a network namespace of the real kernel', () => {
  it('lets root on the node reach 169.254.169.254, and refuses non-root processes and forwarded pod traffic', () => {
    const dir = tempDir();
    const guard = join(dir, 'metadata-guard.sh');
    writeFileSync(guard, file('general_0', '/usr/local/lib/socle/metadata-guard.sh')!.content);
    // A node: eth0 on the node subnet with a default route; pods behind a veth (cali…), forwarding on.
    const node = [
      'ip link set lo up',
      'ip link add eth0 type veth peer name cali0',
      'ip link set eth0 up && ip link set cali0 up',
      'ip addr add 10.20.0.5/20 dev eth0 && ip route add default via 10.20.0.1',
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      `sh ${guard} && sh ${guard}`,
      'ip route get 169.254.169.254 uid 0 >/dev/null 2>&1 && echo root=allowed || echo root=refused',
      'ip route get 169.254.169.254 uid 1000 >/dev/null 2>&1 && echo user=allowed || echo user=refused',
      'ip route get 169.254.169.254 from 10.42.0.7 iif cali0 >/dev/null 2>&1 && echo pod=allowed || echo pod=refused',
      'ip route get 1.1.1.1 from 10.42.0.7 iif cali0 >/dev/null 2>&1 && echo pod-internet=allowed || echo pod-internet=refused',
      'ip route get 1.1.1.1 uid 1000 >/dev/null 2>&1 && echo user-internet=allowed || echo user-internet=refused',
      'ip -4 rule show | grep -c 169.254.169.254',
    ].join('\n');
    const out = execFileSync('unshare', ['-n', 'sh', '-ec', node], { encoding: 'utf8' }).trim().split('\n');
    // Run twice: still exactly two rules (idempotent at every boot).
    expect(out).toEqual(['root=allowed', 'user=refused', 'pod=refused', 'pod-internet=allowed', 'user-internet=allowed', '2']);
  });

  it('is started before RKE2, which requires it', () => {
    for (const name of ['control_plane_0', 'general_0']) {
      const type = name.startsWith('control') ? 'server' : 'agent';
      const { calls } = runRuncmd(userData(name));
      expect(calls.slice(0, 2)).toEqual([['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', 'socle-metadata-guard.service']]);
      expect(file(name, `/etc/systemd/system/rke2-${type}.service.d/10-socle-metadata-guard.conf`)!.content).toBe('[Unit]\nRequires=socle-metadata-guard.service\nAfter=socle-metadata-guard.service\n');
    }
  });
});
