/**
 * TURN as a browser in a socle meeting gets it: the real Prosody hands out the time-limited
 * credential (its own mod_external_services, configured as the prosody image does from socle's
 * TURN_* environment), and the real coturn, started with socle's command and turnserver.conf,
 * allocates a relay with it over UDP, over TCP, and over TLS through the edge; a credential made
 * with another secret, or expired, is refused; relays stay in socle's port range.
 *
 * Runs as rendered, with only what must differ outside a pod changed: the pod's mount paths move
 * to a scratch folder (the relocation of test/charts/process-argv.ts); listening-port becomes a
 * free loopback port; the addresses the init container discovers (cloud metadata) are 127.0.0.1.
 * TLS for turns.<domain> ends at the edge (Traefik's IngressRouteTCP, HostSNI, with the
 * `turns-tls` certificate) and goes on in clear to coturn's TCP port: a Node TLS server with a
 * throwaway certificate for that name stands in for Traefik here; it routes without looking at
 * SNI, which turnutils_uclient 4.6.1 does not send (browsers do: the HostSNI match itself is
 * checked on the rendered route only). The shared secret reaches
 * turnserver through its environment and socle's start command (never argv), and Prosody through
 * its configuration file, as the image writes it (external_service_secret).
 */
import { installedProgram, pinnedTag } from '../harness/installed-program.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import { relocator } from '../../charts/process-argv.js';
import { describeProgram, type ProgramAvailability } from '../harness/program-suite.js';
import { freePorts } from './local-ports.js';
import { prosodyAvailability, startProsody, type ProsodyServer } from './prosody-server.js';
import { configMapFile, containerEnv, findObject, synthesized } from './synthesized-manifests.js';
import { stanzaPattern, xmppSession } from './xmpp-client.js';

const { objects, secretValue } = synthesized('pilot');
const coturnPod = (findObject(objects, 'Deployment', 'jitsi-media', 'coturn').spec as any).template.spec;
const coturn = coturnPod.containers.find((c: any) => c.name === 'coturn');
const prosodyPod = (findObject(objects, 'Deployment', 'jitsi', 'jitsi-prosody-0').spec as any).template.spec;
const prosodyEnv = containerEnv(prosodyPod.containers.find((c: any) => c.name === 'prosody'), secretValue);
const coturnEnv = containerEnv(coturn, secretValue);
const renderedConf = configMapFile(objects, 'jitsi-media', 'coturn', 'turnserver.conf');
const turnsRoute = findObject(objects, 'IngressRouteTCP', 'jitsi-media', 'turns').spec as any;

function coturnAvailability(): ProgramAvailability {
  const prosody = prosodyAvailability('');
  if (prosody.missing) return { missing: `${prosody.missing} (it hands out the TURN credentials)` };
  return installedProgram({ command: 'turnserver', args: ['--version'], version: /^(\d+\.\d+\.\d+)/m, debianPackages: 'coturn', pinned: pinnedTag(IMAGES.coturn), alsoNeeds: ['turnutils_uclient'] });
}

interface Service { type: string; host: string; port: string; transport: string; username: string; password: string }

/** The image's external_services for socle's TURN_* (docker-jitsi-meet stable-10431 prosody/rootfs/defaults/prosody.cfg.lua). */
function externalServices(env: Record<string, string>): string {
  const ttl = env.TURN_TTL ?? '86400';
  const credentials = env.TURN_CREDENTIALS ? 'secret = true, algorithm = "turn", ' : '';
  const turn = env.TURN_HOST ? (env.TURN_TRANSPORT ?? 'tcp').split(',').map((t) => `{ type = "turn", host = "${env.TURN_HOST}", port = ${env.TURN_PORT ?? 443}, transport = "${t}", ttl = ${ttl}, ${credentials}}`) : [];
  const turns = env.TURNS_HOST ? [`{ type = "turns", host = "${env.TURNS_HOST}", port = ${env.TURNS_PORT ?? 443}, transport = "tcp", ttl = ${ttl}, ${credentials}}`] : [];
  return [...(env.TURN_CREDENTIALS ? [`external_service_secret = "${env.TURN_CREDENTIALS}"`] : []), `external_services = { ${[...turn, ...turns].join(', ')} }`].join('\n');
}

/**
 * turnutils_uclient: two clients, one relay each, talking to each other through the relays. Run
 * without blocking: the TLS edge stand-in lives in this process.
 */
async function uclient(port: number, user: string, password: string, transport: 'udp' | 'tcp' | 'tls', caFile?: string) {
  const flags = { udp: [], tcp: ['-t'], tls: ['-t', '-S', '-E', caFile!] }[transport];
  const run = await execa('turnutils_uclient', [...flags, '-v', '-u', user, '-w', password, '-p', String(port), '-n', '1', '-m', '1', '-y', '127.0.0.1'], { reject: false, timeout: 15_000, all: true, stdin: 'ignore' });
  const out = run.all ?? '';
  return {
    allocated: out.includes('Received relay addr'),
    relayPorts: [...out.matchAll(/Received relay addr: [\d.]+:(\d+)/g)].map((m) => Number(m[1])),
    refused: out.includes('Cannot complete Allocation'),
    // The peers are the other client's relay on 127.0.0.1, which socle's denied-peer-ip refuses.
    peerRefused: out.includes('channel bind: error 403 (Forbidden IP)'),
  };
}

describeProgram('coturn', coturnAvailability(), () => {
  const scratch = mkdtempSync('/var/tmp/socle-coturn-');
  const relocate = relocator(scratch, coturn.volumeMounts.map((m: any) => m.mountPath));
  let tlsSessions = 0;
  let turnPort: number;
  let edgePort: number;
  let turnserver: ChildProcess | undefined;
  let edge: TlsServer | undefined;
  let prosody: ProsodyServer | undefined;
  let services: Service[] = [];
  const caFile = join(scratch, 'turns.crt');

  beforeAll(async () => {
    [turnPort, edgePort] = (await freePorts(2)) as [number, number];
    for (const m of coturn.volumeMounts) mkdirSync(join(scratch, m.mountPath), { recursive: true });
    const listening = /^listening-port=\d+$/m;
    expect(renderedConf).toMatch(listening);
    writeFileSync(join(scratch, 'etc/coturn/turnserver.conf'), relocate(renderedConf).replace(listening, `listening-port=${turnPort}`));
    for (const kind of ['public', 'private']) writeFileSync(join(scratch, 'addresses', kind), '127.0.0.1\n');
    spawnSync('chown', ['-R', 'nobody:nogroup', scratch]);
    expect(coturn.command.slice(0, 2)).toEqual(['sh', '-c']);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    turnserver = spawn('sh', ['-c', relocate(coturn.command[2])], { ...asNobody, env: { PATH: process.env.PATH, ...coturnEnv }, stdio: 'ignore' });

    const keyFile = join(scratch, 'turns.key');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', `/CN=${prosodyEnv.TURNS_HOST}`, '-addext', `subjectAltName=DNS:${prosodyEnv.TURNS_HOST}`], { stdio: 'ignore' });
    expect(made.status).toBe(0);
    edge = createTlsServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, (client) => {
      tlsSessions += 1;
      const upstream: Socket = connect({ host: '127.0.0.1', port: turnPort });
      client.pipe(upstream).pipe(client);
      const end = () => { client.destroy(); upstream.destroy(); };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => edge!.listen(edgePort, '127.0.0.1', resolve));

    prosody = await startProsody({ plugins: {}, globalModules: ['external_services'], hosts: ['c2s_require_encryption = false', externalServices(prosodyEnv), `VirtualHost "${prosodyEnv.XMPP_GUEST_DOMAIN}"`, '  authentication = "anonymous"'].join('\n') });
    const guest = await xmppSession(prosody.c2sPort, prosodyEnv.XMPP_GUEST_DOMAIN!, { mechanism: 'ANONYMOUS' });
    const reply = await guest.request(`<iq type='get' id='extdisco' to='${prosodyEnv.XMPP_GUEST_DOMAIN}'><services xmlns='urn:xmpp:extdisco:2'/></iq>`, stanzaPattern('iq', `id=['"]extdisco['"]`));
    guest.close();
    services = [...reply.matchAll(/<service\b([^>]*)/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/(\w+)=['"]([^'"]*)['"]/g)].map((a) => [a[1], a[2]])) as unknown as Service);

    const deadline = Date.now() + 15_000;
    const probe = services.find((s) => s.type === 'turn')!;
    while (Date.now() < deadline && !(await uclient(turnPort, probe.username, probe.password, 'tcp')).allocated) await new Promise((r) => setTimeout(r, 300));
  }, 60_000);

  afterAll(async () => {
    turnserver?.kill('SIGKILL');
    edge?.close();
    await prosody?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const local = (s: Service) => (s.type === 'turns' ? edgePort : turnPort);

  it('gets from Prosody turn over UDP and TCP and turns over TLS, each with a time-limited credential', () => {
    expect(services.map(({ type, host, port, transport }) => ({ type, host, port, transport }))).toEqual([
      ...prosodyEnv.TURN_TRANSPORT!.split(',').map((transport) => ({ type: 'turn', host: prosodyEnv.TURN_HOST, port: prosodyEnv.TURN_PORT, transport })),
      { type: 'turns', host: prosodyEnv.TURNS_HOST, port: prosodyEnv.TURNS_PORT, transport: 'tcp' },
    ]);
    // The edge's route for that name goes to coturn's TCP port, the one turnserver listens on.
    expect(turnsRoute.routes[0].match).toBe(`HostSNI(\`${prosodyEnv.TURNS_HOST}\`)`);
    expect(turnsRoute.routes[0].services[0].port).toBe(Number(/^listening-port=(\d+)$/m.exec(renderedConf)![1]));
    for (const s of services) expect(Number(s.username) - Date.now() / 1000).toBeGreaterThan(3600);
  });

  it('shares one secret between Prosody and turnserver, on neither command line', () => {
    expect(prosodyEnv.TURN_CREDENTIALS).toBe(coturnEnv.TURN_SECRET);
    const cmdline = readFileSync(`/proc/${turnserver!.pid}/cmdline`, 'utf8');
    expect(cmdline.split('\0')[0]).toBe('turnserver');
    expect(cmdline).not.toContain(coturnEnv.TURN_SECRET);
  });

  it.each(['udp', 'tcp', 'tls'] as const)('allocates a relay over %s with the credential Prosody handed out, in socle\'s relay port range', async (transport) => {
    const service = services.find((s) => (transport === 'tls' ? s.type === 'turns' : s.type === 'turn' && s.transport === transport))!;
    const result = await uclient(local(service), service.username, service.password, transport, caFile);
    expect(result).toMatchObject({ allocated: true, refused: false, peerRefused: true });
    const [min, max] = ['min-port', 'max-port'].map((k) => Number(new RegExp(`^${k}=(\\d+)$`, 'm').exec(renderedConf)![1]));
    expect(result.relayPorts.length).toBeGreaterThan(0);
    expect(result.relayPorts.filter((port) => port < min! || port > max!)).toEqual([]);
    if (transport === 'tls') expect(tlsSessions).toBeGreaterThan(0);
  });

  it('refuses a credential made with another secret, and an expired one, over TCP and TLS', async () => {
    const turn = services.find((s) => s.type === 'turn' && s.transport === 'tcp')!;
    const turns = services.find((s) => s.type === 'turns')!;
    const credential = (secret: string, expiry: number) => ({ user: String(expiry), password: createHmac('sha1', secret).update(String(expiry)).digest('base64') });
    const soon = Math.floor(Date.now() / 1000) + 600;
    const forged = credential('another-secret', soon);
    const expired = credential(coturnEnv.TURN_SECRET!, Math.floor(Date.now() / 1000) - 60);
    const valid = credential(coturnEnv.TURN_SECRET!, soon);
    for (const [service, transport] of [[turn, 'tcp'], [turns, 'tls']] as const) {
      expect((await uclient(local(service), valid.user, valid.password, transport, caFile)).allocated).toBe(true);
      expect(await uclient(local(service), forged.user, forged.password, transport, caFile)).toMatchObject({ allocated: false, refused: true });
      expect(await uclient(local(service), expired.user, expired.password, transport, caFile)).toMatchObject({ allocated: false, refused: true });
    }
  });
});
