/** Every Jitsi Meet and coturn setting socle renders is one its pinned image reads, and the privacy switches switch. */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { COLIBRI_WS_BRIDGE_ID, jitsi } from '../../../charts/apps/jitsi/jitsi.js';
import { jitsiBranding, jitsiCustomConfig, jitsiInterfaceConfig } from '../../../charts/apps/jitsi/jitsi-config.js';
import { turnserverConf } from '../../../charts/apps/jitsi/coturn.js';
import { rocketchatJitsiSettings } from '../../../charts/apps/rocketchat/rocketchat.js';
import { IMAGES } from '../../../charts/images.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import type { Environment } from '../../../environments/environment.js';
import { appHosts } from '../../../environments/environment.js';
import { size } from '../../../sizing/size.js';
import { containers, EXAMPLE_NAMES, loadExample, variant } from '../examples.js';
import { COTURN_OPTIONS, JITSI_CLIENT_KEYS, JITSI_IMAGE_VARIABLES, type ImageSettings } from './jitsi-image-settings.js';

/** The image each container runs (by container name) and the list of settings it reads. */
const IMAGE_OF: Record<string, { image: keyof typeof IMAGES; settings: ImageSettings }> = {
  web: { image: 'jitsiWeb', settings: JITSI_IMAGE_VARIABLES.web },
  prosody: { image: 'jitsiProsody', settings: JITSI_IMAGE_VARIABLES.prosody },
  jicofo: { image: 'jitsiJicofo', settings: JITSI_IMAGE_VARIABLES.jicofo },
  jvb: { image: 'jitsiVideobridge', settings: JITSI_IMAGE_VARIABLES.jvb },
  coturn: { image: 'coturn', settings: COTURN_OPTIONS },
};

const tagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1);

/** Leaf paths of a value (lists are leaves). */
function leafPaths(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

/** What the browser ends up with: the web image's own config, then custom-config.js appended (as the image does). */
function clientConfig(script: string, before = ''): { config: Record<string, any>; interfaceConfig: Record<string, any> } {
  const context = { config: {} as Record<string, any>, interfaceConfig: {} as Record<string, any> };
  runInNewContext(`${before}\n${script}`, context);
  return context;
}

/** The names of the variables of each Jitsi/coturn container, and its image. */
function jitsiContainers(objects: KubeObject[]): { workload: string; name: string; image: string; env: string[]; command: string[] }[] {
  return objects
    .filter((o) => o.kind === 'Deployment')
    .flatMap((o) =>
      containers(o).map((c: any) => ({
        workload: o.metadata.name,
        name: c.name,
        image: c.image,
        env: (c.env ?? []).map((e: any) => e.name),
        command: c.command ?? [],
      })),
    );
}

/** turnserver.conf option names, and the `--flags` of coturn's command line. */
function coturnOptions(env: Environment, command: string[]): string[] {
  const fromFile = turnserverConf(env)
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('=')[0]!.trim());
  const script = command.join(' ');
  const fromCommand = [...script.matchAll(/\sturnserver\s+(.*)$/g)].flatMap((m) => [...m[1]!.matchAll(/(?:^|\s)--?([a-z][a-z0-9-]*)/g)].map((f) => f[1]!));
  return [...fromFile, ...fromCommand];
}

/** Everything a container sets that its image's list doesn't have. */
function unread(env: Environment, c: ReturnType<typeof jitsiContainers>[number]): string[] {
  const known = IMAGE_OF[c.name];
  if (!known) return [];
  const set = c.name === 'coturn' ? coturnOptions(env, c.command) : c.env;
  return [...new Set(set)].filter((name) => !known.settings.names.includes(name));
}

const ENVIRONMENTS = [
  ...EXAMPLE_NAMES.map((name) => ({ name, env: loadExample(name) })),
  { name: 'metropole, no lobby, no guests', env: variant(loadExample('metropole-9000'), (e) => ((e.apps.jitsi.lobby = false), (e.apps.jitsi.guests = false))) },
  { name: 'metropole, recording, no logo', env: variant(loadExample('metropole-9000'), (e) => ((e.apps.jitsi.recording = true), delete (e.apps.jitsi.branding as any).logoUrl)) },
];

describe('Jitsi and coturn settings', () => {
  it('are all read by the pinned images, in every example', () => {
    const seen = new Set<string>();
    for (const { name, env } of ENVIRONMENTS) {
      for (const c of jitsiContainers(jitsi(env, size(env)))) {
        if (!IMAGE_OF[c.name]) continue;
        seen.add(c.name);
        expect({ example: name, container: `${c.workload}/${c.name}`, unread: unread(env, c) }).toEqual({ example: name, container: `${c.workload}/${c.name}`, unread: [] });
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(IMAGE_OF).sort());
  });

  it('use only the client keys jitsi-meet reads under their current names', () => {
    for (const { env } of ENVIRONMENTS) {
      const { config } = clientConfig(jitsiCustomConfig(env));
      const { interfaceConfig } = clientConfig(jitsiInterfaceConfig(env));
      const branding = JSON.parse(jitsiBranding(env));
      expect(leafPaths(config).filter((p) => !JITSI_CLIENT_KEYS.config.includes(p))).toEqual([]);
      expect(leafPaths(interfaceConfig).filter((p) => !JITSI_CLIENT_KEYS.interfaceConfig.includes(p))).toEqual([]);
      expect(leafPaths(branding).filter((p) => !JITSI_CLIENT_KEYS.branding.includes(p))).toEqual([]);
    }
  });

  it('were checked for the exact image tags socle pins', () => {
    const pinned = Object.fromEntries(Object.entries(IMAGE_OF).map(([name, { image }]) => [name, tagOf(IMAGES[image])]));
    expect(pinned).toEqual(Object.fromEntries(Object.entries(IMAGE_OF).map(([name, { settings }]) => [name, settings.version])));
    expect(JITSI_CLIENT_KEYS.version).toBe(tagOf(IMAGES.jitsiWeb));
    // And the containers run those images.
    const env = loadExample('metropole-9000');
    for (const c of jitsiContainers(jitsi(env, size(env)))) {
      const known = IMAGE_OF[c.name];
      if (known) expect({ container: c.name, tag: tagOf(c.image) }).toEqual({ container: c.name, tag: known.settings.version });
    }
  });

  it('catch a misspelt, deprecated or removed name', () => {
    const env = loadExample('pilot');
    const c = (name: string, vars: string[], command: string[] = []) => ({ workload: 'x', name, image: '', env: vars, command });
    expect(unread(env, c('prosody', ['JWT_ACCEPTED_ISSUER', 'TURN_SECRET', 'JWT_APP_ID']))).toEqual(['JWT_ACCEPTED_ISSUER', 'TURN_SECRET']);
    expect(unread(env, c('jvb', ['JVB_WS_SERVERID', 'JICOFO_AUTH_PASSWORD']))).toEqual(['JVB_WS_SERVERID', 'JICOFO_AUTH_PASSWORD']);
    expect(unread(env, c('coturn', [], ['sh', '-c', 'exec turnserver -c /x --prod --no-tlsv1 --static-auth-secret=s']))).toEqual(['prod', 'no-tlsv1']);
    const { config } = clientConfig('config.enableLobbyChat = true; config.gravatarBaseURL = "x"; config.fileRecordingsEnabled = false;');
    expect(leafPaths(config).filter((p) => !JITSI_CLIENT_KEYS.config.includes(p))).toEqual(['enableLobbyChat', 'gravatarBaseURL', 'fileRecordingsEnabled']);
  });
});

describe('Jitsi privacy and wiring', () => {
  const env = loadExample('metropole-9000');
  const objects = jitsi(env, size(env));
  const turn = appHosts(env).turn;
  const byName = (name: string) => jitsiContainers(objects).filter((c) => c.name === name);
  const rawEnv = (workload: string, container: string) =>
    (containers(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === workload)!).find((c: any) => c.name === container)!.env ?? []) as any[];

  it('keeps every third-party request off in the browser, whatever the image rendered before', () => {
    // What the web image may render from its defaults: jitsi.net STUN, gravatar, a whiteboard backend.
    const imageDefaults = `config.p2p = { enabled: true, stunServers: [{ urls: 'stun:meet-jit-si-turnrelay.jitsi.net:443' }] };
config.gravatar = { baseUrl: 'https://www.gravatar.com/avatar/' };
config.whiteboard = { enabled: true, collabServerBaseUrl: 'https://excalidraw-backend.example' };
config.analytics = { amplitudeAPPKey: 'k' };
config.enableCalendarIntegration = true;
config.giphy = { enabled: true };`;
    const { config } = clientConfig(jitsiCustomConfig(env), imageDefaults);
    expect(config.disableThirdPartyRequests).toBe(true);
    expect(config.gravatar).toEqual({ disabled: true });
    expect(config.analytics).toEqual({ disabled: true });
    expect(config.whiteboard).toEqual({ enabled: false });
    expect(config.giphy).toEqual({ enabled: false });
    expect(config.enableCalendarIntegration).toBe(false);
    expect(config.p2p.stunServers).toEqual([{ urls: `stun:${turn}:3478` }]);
    expect(config.p2p.enabled).toBe(true);
  });

  it('lets the web pods proxy the bridge channel to a bridge by its node address, and to nothing else', () => {
    for (const web of byName('web')) expect(rawEnv(web.workload, 'web').find((e) => e.name === 'COLIBRI_WEBSOCKET_REGEX').value).toBe(COLIBRI_WS_BRIDGE_ID);
    expect(rawEnv('jitsi-videobridge', 'jvb').find((e) => e.name === 'JVB_WS_SERVER_ID').valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    // The location the web image's meet.conf builds from it (nginx regexes are PCRE; these parts read the same in JS).
    const location = new RegExp(`^/colibri-ws/(${COLIBRI_WS_BRIDGE_ID})/(.*)`);
    for (const address of ['10.0.3.17', '172.16.0.5', '172.31.255.1', '192.168.12.4']) expect(location.exec(`/colibri-ws/${address}/conf/ep?pwd=x`)?.[1]).toBe(address);
    for (const id of ['jvb', '8.8.8.8', '172.32.0.1', 'metadata.google.internal', '169.254.169.254', '10.0.0.1.evil.example']) expect({ id, proxied: location.test(`/colibri-ws/${id}/x`) }).toEqual({ id, proxied: false });
    // Read by nginx as one bare token.
    expect(COLIBRI_WS_BRIDGE_ID).not.toMatch(/[\s{};'"]/);
  });

  it("binds jicofo's REST server where the kubelet probes it", () => {
    for (const jicofo of byName('jicofo')) {
      expect(jicofo.env).toContain('JICOFO_ENABLE_REST');
      const c = containers(objects.find((o) => o.metadata.name === jicofo.workload)!).find((x: any) => x.name === 'jicofo')!;
      expect(c.readinessProbe.httpGet).toEqual({ path: '/about/health', port: 'rest' });
      expect(c.ports).toContainEqual(expect.objectContaining({ name: 'rest', containerPort: 8888 }));
    }
  });

  it("gives each container only its own component's passwords", () => {
    const secrets = (workload: string, container: string) => rawEnv(workload, container).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name).sort();
    expect(secrets('jitsi-web-0', 'web')).toEqual([]);
    expect(secrets('jitsi-jicofo-0', 'jicofo')).toEqual(['JICOFO_AUTH_PASSWORD']);
    expect(secrets('jitsi-videobridge', 'jvb')).toEqual(['JVB_AUTH_PASSWORD']);
    expect(secrets('jitsi-prosody-0', 'prosody')).toEqual(['JICOFO_AUTH_PASSWORD', 'JVB_AUTH_PASSWORD', 'JWT_APP_ID', 'JWT_APP_SECRET', 'TURN_CREDENTIALS']);
  });

  it("accepts exactly the issuer and audience Rocket.Chat's Jitsi app signs, and no other audience", () => {
    const app = rocketchatJitsiSettings(env);
    for (let shard = 0; shard < (size(env).jitsi?.shards ?? 1); shard++) {
      const prosody = new Map(rawEnv(`jitsi-prosody-${shard}`, 'prosody').map((e) => [e.name, e.value]));
      // docker-jitsi-meet splits both on commas into asap_accepted_issuers / asap_accepted_audiences.
      expect(prosody.get('JWT_ACCEPTED_ISSUERS').split(',')).toEqual([app.jitsi_application_id]);
      expect(prosody.get('JWT_ACCEPTED_AUDIENCES').split(',')).toEqual([app.jitsi_token_auditor]);
      expect([prosody.get('ENABLE_AUTH'), prosody.get('AUTH_TYPE'), prosody.get('JWT_ALLOW_EMPTY')]).toEqual(['1', 'jwt', '0']);
    }
    expect(app.jitsi_limit_token_to_room).toBe('true');
  });

  it('runs coturn without a TLS or DTLS listener (TLS ends at the edge) and without the removed TLS-version options', () => {
    const options = turnserverConf(env).split('\n');
    expect(options).toEqual(expect.arrayContaining(['no-tls', 'no-dtls']));
    expect(options.filter((o) => o.startsWith('no-tlsv1'))).toEqual([]);
  });
});
