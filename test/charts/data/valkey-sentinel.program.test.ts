/**
 * socle's Valkey start and Sentinel scripts and its HAProxy front, run in the real programs (review
 * KS2): three members on 127.0.0.1–3 (each member's own loopback address, so every port stays the
 * scripts' own), HAProxy on 127.0.0.10. What the test changes in socle's text: the pod's mount paths
 * (/config, /data, /sentinel) become scratch folders, a `bind` line follows each `port` line (three
 * servers share this machine's port 6379), HAProxy's server names become the members' addresses
 * and its binds 127.0.0.10. The members' DNS names resolve through an /etc/hosts bind-mounted in a
 * private mount namespace (unshare -m), `hostname` answers the pod's name.
 *
 * Debian 12 ships Redis 7.0.15, not Valkey: `valkey-server`/`valkey-sentinel`/`valkey-cli` are
 * wrappers that exec redis-server/redis-sentinel/redis-cli (Valkey 8.1 forked Redis 7.2.4 and keeps
 * its configuration directives, Sentinel protocol and REDISCLI_AUTH). HAProxy is Debian's 2.6.12
 * where the image pins 3.2.4 (balance first, tcp-check and on-marked-down exist in both).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { IMAGES } from '../../../charts/images.js';
import { installedProgram, pinnedTag } from '../../real/harness/installed-program.js';
import { describeProgram } from '../../real/harness/program-suite.js';
import { configData, containers, find, loadExample, render } from '../examples.js';

// Valkey 8.1 is Redis 7.2.4's fork; the row names Debian's Redis Sentinel and the Valkey it stands for.
const SENTINEL = installedProgram({ command: 'redis-sentinel', args: ['-v'], version: /v=(\S+)/, debianPackages: 'redis-server redis-sentinel haproxy', pinned: pinnedTag(IMAGES.valkey), alsoNeeds: ['redis-server', 'redis-cli', 'haproxy', 'unshare'] });
// The members' host names come from an /etc/hosts mounted in a private mount namespace: root only.
const MOUNTS = spawnSync('unshare', ['-m', 'true'], { stdio: 'ignore' }).status === 0;
const PASSWORD = 'Sentinel0and0valkey0test0password';
const HEADLESS = 'valkey-headless.nextcloud.svc.cluster.local';
const PROXY = '127.0.0.10';
const address = (i: number) => `127.0.0.${i + 1}`;

describeProgram('redis-sentinel', MOUNTS ? SENTINEL : { missing: 'unshare -m is refused here (root needed for the members’ private /etc/hosts)' }, () => describe('Valkey members, Sentinels and HAProxy front from socle’s scripts', () => {
  const rendered = render(loadExample('pilot'));
  const startScript = configData(rendered.objects, 'valkey-scripts', 'start.sh');
  const sentinelScript = configData(rendered.objects, 'valkey-scripts', 'sentinel.sh');
  const haproxyCfg = configData(rendered.objects, 'valkey-haproxy', 'haproxy.cfg');
  const members = (find(rendered.objects, 'StatefulSet', 'valkey').spec as { replicas: number }).replicas;
  // Every variable the members' containers get is the Valkey password (valkey-auth/password).
  const memberEnv = [...new Set(containers(find(rendered.objects, 'StatefulSet', 'valkey')).flatMap((c) => (c.env ?? []).map((e: { name: string }) => e.name)))];
  const scratch = mkdtempSync(join(tmpdir(), 'socle-valkey-'));
  const processes = new Map<string, ChildProcess>();
  /** Masters seen at each sample (members that answer ROLE with master). */
  const samples: string[][] = [];

  const cli = (host: string, port: number, ...args: string[]) =>
    spawnSync('redis-cli', ['-h', host, '-p', String(port), ...args], { env: { ...process.env, REDISCLI_AUTH: PASSWORD }, encoding: 'utf8', timeout: 2000 }).stdout?.trim() ?? '';
  const role = (i: number) => cli(address(i), 6379, 'role').split('\n')[0] ?? '';
  const sample = () => {
    const masters = Array.from({ length: members }, (_, i) => i).filter((i) => role(i) === 'master').map((i) => `valkey-${i}`);
    samples.push(masters);
    return masters;
  };
  async function until(what: string, check: () => boolean, seconds = 40): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      sample();
      if (check()) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`not within ${seconds} s: ${what}`);
  }

  function memberScript(i: number, script: string): string {
    const dir = join(scratch, `valkey-${i}`);
    return script
      .replaceAll('/config/', `${dir}/config/`)
      .replaceAll(' /data', ` ${dir}/data`)
      .replaceAll('/sentinel/', `${dir}/sentinel/`)
      .replace('port 6379\n', `port 6379\nbind ${address(i)}\n`)
      .replace('port 26379\n', `port 26379\nbind ${address(i)}\n`)
      // The same for settings given as arguments (socle's scripts before the config file, kept for comparison runs).
      .replace('--port 6379 ', `--port 6379 --bind ${address(i)} `);
  }

  function startMember(i: number): void {
    const dir = join(scratch, `valkey-${i}`);
    const bin = join(dir, 'bin');
    for (const sub of ['config', 'data', 'sentinel', 'bin']) mkdirSync(join(dir, sub), { recursive: true });
    const wrappers: Record<string, string> = { hostname: `echo valkey-${i}`, 'valkey-server': 'exec redis-server "$@"', 'valkey-sentinel': 'exec redis-sentinel "$@"', 'valkey-cli': 'exec redis-cli "$@"' };
    for (const [name, body] of Object.entries(wrappers)) writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'start.sh'), memberScript(i, startScript), { mode: 0o755 });
    writeFileSync(join(dir, 'sentinel.sh'), memberScript(i, sentinelScript), { mode: 0o755 });
    for (const name of ['start', 'sentinel']) {
      const log = openSync(join(dir, `${name}.log`), 'a');
      const child = spawn('unshare', ['-m', 'sh', '-c', `mount --bind ${join(scratch, 'hosts')} /etc/hosts && exec ${join(dir, `${name}.sh`)}`], {
        env: { PATH: `${bin}:/usr/bin:/bin:/usr/sbin:/sbin`, ...Object.fromEntries(memberEnv.map((name) => [name, PASSWORD])) },
        stdio: ['ignore', log, log],
      });
      processes.set(`valkey-${i}/${name}`, child);
    }
  }

  function stop(name: string): void {
    const child = processes.get(name);
    if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
    processes.delete(name);
  }

  beforeAll(async () => {
    chmodSync(scratch, 0o755);
    // `valkey-headless` (the Service name a pod's search path completes) resolves to one member,
    // valkey-0, as a cluster DNS answer may: the pod's own address when valkey-0 asks.
    writeFileSync(join(scratch, 'hosts'), `127.0.0.1 localhost valkey-headless\n${Array.from({ length: members }, (_, i) => `${address(i)} valkey-${i}.${HEADLESS}`).join('\n')}\n`);
    // Pods start in order (StatefulSet OrderedReady): each member once the previous one answers.
    for (let i = 0; i < members; i++) {
      startMember(i);
      await until(`valkey-${i} answers`, () => role(i) !== '' && cli(address(i), 26379, 'ping') === 'PONG', 20);
    }
    let cfg = haproxyCfg.replace('bind :6379', `bind ${PROXY}:6379`).replace('bind :8404', `bind ${PROXY}:8404`);
    for (let i = 0; i < members; i++) cfg = cfg.replaceAll(`valkey-${i}.${HEADLESS}`, address(i));
    writeFileSync(join(scratch, 'haproxy.cfg'), cfg);
    const log = openSync(join(scratch, 'haproxy.log'), 'a');
    processes.set('haproxy', spawn('haproxy', ['-db', '-f', join(scratch, 'haproxy.cfg')], { env: { ...process.env, VALKEY_PASSWORD: PASSWORD }, stdio: ['ignore', log, log] }));
    // Sentinels learn the replicas from the primary's INFO (every 10 s) and each other from hello messages.
    const knowsAll = (i: number) => {
      const master = cli(address(i), 26379, 'sentinel', 'master', 'socle');
      return master.includes(`num-slaves\n${members - 1}\n`) && master.includes(`num-other-sentinels\n${members - 1}\n`);
    };
    await until('every replica in sync, every Sentinel knowing them all, the front writing', () => cli(address(0), 6379, 'info', 'replication').includes(`connected_slaves:${members - 1}`) && Array.from({ length: members }, (_, i) => i).every(knowsAll) && cli(PROXY, 6379, 'set', 'k', 'before') === 'OK');
  }, 120_000);

  afterAll(() => {
    for (const name of [...processes.keys()]) stop(name);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('requires a password on the Sentinels', () => {
    const anonymous = spawnSync('redis-cli', ['-h', address(1), '-p', '26379', 'sentinel', 'get-master-addr-by-name', 'socle'], { encoding: 'utf8', timeout: 2000, env: { PATH: process.env.PATH } });
    expect(anonymous.stdout).toMatch(/NOAUTH/);
    expect(cli(address(1), 26379, 'sentinel', 'get-master-addr-by-name', 'socle').split('\n')[0]).toBe(`valkey-0.${HEADLESS}`);
  });

  it('elects exactly one new primary when valkey-0 dies, takes it back as a replica, never two primaries', async () => {
    stop('valkey-0/start');
    stop('valkey-0/sentinel');
    await until('a new primary among valkey-1..', () => {
      const masters = samples.at(-1)!;
      return masters.length === 1 && masters[0] !== 'valkey-0';
    });
    const primary = samples.at(-1)![0]!;
    await until('the front writes to the new primary', () => cli(PROXY, 6379, 'set', 'k', 'after') === 'OK');
    startMember(0);
    await until('valkey-0 back as a replica of the new primary', () => role(0) === 'slave' && cli(address(0), 6379, 'info', 'replication').includes('master_link_status:up'));
    expect(cli(address(0), 6379, 'info', 'replication')).toContain(`master_host:${primary}.${HEADLESS}`);
    expect(cli(address(0), 6379, 'get', 'k')).toBe('after');
    expect(samples.filter((m) => m.length > 1)).toEqual([]);
    expect(cli(PROXY, 6379, 'get', 'k')).toBe('after');
  }, 180_000);

  it('cuts the sessions of a primary marked down (frozen, as behind a partition), so clients reconnect to the new one', async () => {
    const primary = samples.at(-1)![0]!;
    const socket = connect(6379, PROXY);
    let received = '';
    let closed = false;
    socket.on('data', (d) => (received += d.toString()));
    socket.on('close', () => (closed = true));
    socket.on('error', () => {});
    socket.write(`AUTH ${PASSWORD}\r\nSET session open\r\n`);
    await until('a session through the front', () => received.includes('+OK\r\n+OK\r\n'), 10);
    processes.get(`${primary}/start`)!.kill('SIGSTOP');
    await until('the front closes the session to the frozen primary', () => closed, 20);
    stop(`${primary}/start`);
    await until('a new primary', () => samples.at(-1)!.length === 1 && samples.at(-1)![0] !== primary);
    await until('the front writes to it', () => cli(PROXY, 6379, 'set', 'k', 'third') === 'OK');
    expect(samples.filter((m) => m.length > 1)).toEqual([]);
  }, 120_000);
}));
