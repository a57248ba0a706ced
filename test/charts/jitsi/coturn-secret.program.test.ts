/**
 * coturn's shared secret, from the file socle's start command writes, in the real turnserver
 * (Debian 12's coturn 4.6.1; the image pins 4.7.0, same `static-auth-secret`/`use-auth-secret`
 * options): the running turnserver's command line holds no secret, a TURN REST credential made
 * with the Secret's value allocates, one made with another secret doesn't. socle's command and
 * turnserver.conf run as rendered; only the pod's mount paths move to a scratch folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import { installedProgram, pinnedTag } from '../../real/harness/installed-program.js';
import { describeProgram } from '../../real/harness/program-suite.js';
import { configData, containers, find, loadExample, render } from '../examples.js';
import { relocator } from '../process-argv.js';

const COTURN = installedProgram({ command: 'turnserver', args: ['--version'], version: /^(\d+\.\d+\.\d+)/m, debianPackages: 'coturn', pinned: pinnedTag(IMAGES.coturn), alsoNeeds: ['turnutils_uclient'] });
const SECRET = 'TurnSharedSecretMarker0123456789';

/** A TURN REST credential (user `expiry:name`, password base64(HMAC-SHA1(secret, user))) made by turnutils_uclient -W. */
const allocate = (secret: string) =>
  spawnSync('turnutils_uclient', ['-u', `${Math.floor(Date.now() / 1000) + 3600}:socle-test`, '-W', secret, '-n', '1', '-m', '1', '-y', '127.0.0.1'], { encoding: 'utf8', timeout: 5000 });

describeProgram('coturn', COTURN, () => describe('coturn reads its shared secret from the file socle writes', () => {
  const rendered = render(loadExample('pilot'));
  const coturn = containers(find(rendered.objects, 'Deployment', 'coturn', 'jitsi-media')).find((c) => c.name === 'coturn')!;
  // Under /var/tmp: the pod's own /tmp is one of the paths moved.
  const scratch = mkdtempSync('/var/tmp/socle-turn-');
  const relocate = relocator(scratch, ['/etc/coturn', '/addresses', '/tmp']);
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    for (const dir of ['etc/coturn', 'addresses', 'tmp']) mkdirSync(join(scratch, dir), { recursive: true });
    writeFileSync(join(scratch, 'etc/coturn/turnserver.conf'), relocate(configData(rendered.objects, 'coturn', 'turnserver.conf')));
    for (const kind of ['public', 'private']) writeFileSync(join(scratch, 'addresses', kind), '127.0.0.1\n');
    expect(coturn.command.slice(0, 2)).toEqual(['sh', '-c']);
    server = spawn('sh', ['-c', relocate(coturn.command[2])], { env: { PATH: process.env.PATH, TURN_SECRET: SECRET }, stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !allocate(SECRET).stdout.includes('channel bind')) await new Promise((r) => setTimeout(r, 300));
  }, 30_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs turnserver with no secret on its command line', () => {
    const cmdline = readFileSync(`/proc/${server!.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline[0]).toBe('turnserver');
    expect(cmdline.join(' ')).not.toContain(SECRET);
  });

  it('allocates for a credential made with the Secret, refuses one made with another', () => {
    // Allocation done, then the peer (127.0.0.1) refused by socle's denied-peer-ip: 403 on channel bind.
    expect(allocate(SECRET).stdout).toContain('channel bind: error 403');
    expect(allocate('another-secret').stdout).toContain('Cannot complete Allocation');
  });
}));
