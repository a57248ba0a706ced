/**
 * Every variable, Rocket.Chat setting and command-line flag socle renders for Rocket.Chat, its
 * microservices, NATS, Wekan and their MongoDB replica sets is one the pinned image reads (an
 * application silently ignores the others), and the privacy and liveness switches found wrong on
 * that check stay fixed.
 */
import { describe, expect, it } from 'vitest';
import { IMAGES, imageRef, type ImageName } from '../../charts/images.js';
import type { KubeObject } from '../../charts/kube-object.js';
import { ROCKETCHAT_PHONE_HOME_HOSTS } from '../../charts/apps/rocketchat/rocketchat.js';
import { APP_KEYS, NATS_CONF_KEYS } from './app-env-keys.js';
import { configData, EXAMPLE_NAMES, envOf, find, loadExample, podSpec, render, variant, type Rendered } from './examples.js';

const NAMESPACES = new Set(['rocketchat', 'wekan']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job', 'CronJob']);

type Container = Record<string, any>;

const flagsIn = (words: unknown[]): string[] => words.flatMap((w) => [...String(w).matchAll(/(?:^|[\s"'])(--[A-Za-z][\w-]*)/g)].map((m) => m[1]!));

/** What a container sets that its image does not read: variables (when the image's own entrypoint runs) and flags. */
function unreadKeys(image: ImageName, c: Container): string[] {
  const known = APP_KEYS[image];
  if (!known) return [`no checked keys for image ${image}`];
  const env: { name: string; value?: string }[] = c.env ?? [];
  // With a command of socle's own, socle's script reads the variables: only the flags are the image's.
  const envUnread = c.command
    ? []
    : env.filter((e) => !known.env.includes(e.name) && !known.kubernetesOnly?.includes(e.name)).map((e) => `env ${e.name}`);
  const expandedNowhere = env
    .filter((e) => known.kubernetesOnly?.includes(e.name) && !env.some((other) => other.value?.includes(`$(${e.name})`)))
    .map((e) => `env ${e.name} expanded nowhere`);
  const probes = [c.livenessProbe, c.readinessProbe, c.startupProbe].flatMap((p) => p?.exec?.command ?? []);
  const flags = flagsIn([...(c.command ?? []), ...(c.args ?? []), ...probes]).filter((f) => !known.flags?.includes(f)).map((f) => `flag ${f}`);
  return [...envUnread, ...expandedNowhere, ...flags];
}

function checkedContainers(r: Rendered): { where: string; image: ImageName; container: Container }[] {
  const byRef = new Map((Object.keys(IMAGES) as ImageName[]).map((name) => [imageRef(r.env, name), name]));
  return r.objects
    .filter((o) => WORKLOADS.has(o.kind) && NAMESPACES.has(o.metadata.namespace ?? ''))
    .flatMap((o: KubeObject) => {
      const pod = podSpec(o);
      return [...(pod.initContainers ?? []), ...pod.containers].map((container: Container) => ({
        where: `${o.kind} ${o.metadata.namespace}/${o.metadata.name} ${container.name}`,
        image: byRef.get(container.image)!,
        container,
      }));
    })
    .filter((c) => c.image !== 'rclone');
}

const ENVIRONMENTS = [
  ...EXAMPLE_NAMES.map((name) => ({ name, env: loadExample(name) })),
  { name: 'pilot, Rocket.Chat community', env: variant(loadExample('pilot'), (e) => (e.apps.rocketchat.edition = 'community')) },
  { name: 'metropole with a push gateway', env: variant(loadExample('metropole-9000'), (e) => (e.apps.rocketchat.pushGateway = 'https://push.metropole-exemple.fr')) },
];

describe('application variables, settings and flags', () => {
  it('are all read by the pinned images, in every example and edition', () => {
    const images = new Set<string>();
    for (const { name, env } of ENVIRONMENTS) {
      const r = render(env);
      for (const { where, image, container } of checkedContainers(r)) {
        images.add(image);
        expect({ example: name, where, unread: unreadKeys(image, container) }).toEqual({ example: name, where, unread: [] });
      }
      for (const cm of r.objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'rocketchat-nats-config')) {
        const keys = [...String((cm.data as Record<string, string>)['nats.conf']).matchAll(/^\s*([a-z_]+)\s*(?::(?!\/\/)|\{)/gm)].map((m) => m[1]);
        expect({ example: name, unread: keys.filter((k) => !NATS_CONF_KEYS.includes(k!)) }).toEqual({ example: name, unread: [] });
      }
    }
    // Every image of the table was met, so none of its rows is unchecked.
    expect([...images].sort()).toEqual(Object.keys(APP_KEYS).sort());
  });

  it('were checked for the exact image tags socle pins', () => {
    const pinned = Object.fromEntries(Object.keys(APP_KEYS).map((name) => [name, IMAGES[name as ImageName].split(':').pop()]));
    expect(pinned).toEqual(Object.fromEntries(Object.entries(APP_KEYS).map(([name, k]) => [name, k!.version])));
  });

  it('catch a misspelt, renamed or unexpanded key', () => {
    expect(
      unreadKeys('rocketchat', {
        env: [
          { name: 'OVERWRITE_SETTING_Statistics_Reporting', value: 'false' },
          { name: 'RC_DISABLE_STATISTICS_REPORTING', value: 'true' },
          { name: 'MONGO_PASSWORD', valueFrom: {} },
          { name: 'MONGO_URL', value: 'mongodb://rocketchat@mongo/rocketchat' },
        ],
      }),
    ).toEqual(['env OVERWRITE_SETTING_Statistics_Reporting', 'env RC_DISABLE_STATISTICS_REPORTING', 'env MONGO_PASSWORD expanded nowhere']);
    expect(unreadKeys('wekan', { env: [{ name: 'OAUTH2_SCOPE', value: 'openid' }] })).toEqual(['env OAUTH2_SCOPE']);
    expect(unreadKeys('mongodb', { args: ['--replset', 'rs0', '--bind_ip_all'] })).toEqual(['flag --replset']);
    expect(unreadKeys('mongodb', { command: ['sh', '-c', 'mongodump --oplogReplay --archive=/dump/x'], env: [{ name: 'ANYTHING', value: 'x' }] })).toEqual(['flag --oplogReplay']);
  });
});

describe('Rocket.Chat 7.10 phone-home', () => {
  const metropole = render(loadExample('metropole-9000'));
  const monolith = find(metropole.objects, 'Deployment', 'rocketchat', 'rocketchat');

  it('sends the statistics, cloud, update and marketplace hosts to a closed local port: no setting stops the daily report', () => {
    expect(podSpec(monolith).hostAliases).toEqual([{ ip: '127.0.0.1', hostnames: ['collector.rocket.chat', 'cloud.rocket.chat', 'releases.rocket.chat', 'marketplace.rocket.chat'] }]);
    expect(ROCKETCHAT_PHONE_HOME_HOSTS).toContain('collector.rocket.chat');
  });

  it('still turns off every switch 7.10 reads: registration, update check, NPS survey, push content', () => {
    const env = envOf(monolith, 'rocketchat');
    for (const id of ['Register_Server', 'Update_EnableChecker', 'NPS_survey_enabled', 'Push_show_message', 'Push_show_username_room', 'Push_enable']) {
      expect({ id, value: env.get(`OVERWRITE_SETTING_${id}`) }).toEqual({ id, value: 'false' });
    }
  });
});

describe('Rocket.Chat microservices', () => {
  const metropole = render(loadExample('metropole-9000'));
  const deployments = metropole.objects.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'rocketchat');
  const nats = `nats://rocketchat-nats.rocketchat.svc.cluster.local:4222`;

  it('put the monolith on the bus as nats:// like every service: `monolith+` would keep all services inside each monolith', () => {
    const services = deployments.filter((d) => d.metadata.name !== 'rocketchat' && !d.metadata.name.startsWith('rocketchat-jitsi'));
    expect(services.length).toBeGreaterThan(0);
    for (const d of [...services, find(metropole.objects, 'Deployment', 'rocketchat', 'rocketchat')]) {
      expect({ deployment: d.metadata.name, transporter: envOf(d).get('TRANSPORTER') }).toEqual({ deployment: d.metadata.name, transporter: nats });
    }
  });

  it('serve metrics where the liveness probe of port-less services knocks (MS_METRICS is off by default)', () => {
    for (const d of deployments.filter((x) => ['rocketchat-accounts', 'rocketchat-authorization', 'rocketchat-presence'].includes(x.metadata.name))) {
      const c = podSpec(d).containers[0];
      const metricsPort = c.ports.find((p: any) => p.name === c.livenessProbe.tcpSocket.port).containerPort;
      const env = envOf(d);
      expect({ d: d.metadata.name, on: env.get('MS_METRICS'), port: env.get('MS_METRICS_PORT') }).toEqual({ d: d.metadata.name, on: 'true', port: String(metricsPort) });
    }
  });

  it('run no stream-hub and leave the database watchers off, as 7.10 defaults them (each service broadcasts its own changes)', () => {
    expect(deployments.map((d) => d.metadata.name)).not.toContain('rocketchat-stream-hub');
    for (const d of [...deployments, find(metropole.objects, 'Deployment', 'rocketchat', 'rocketchat')]) {
      const env = envOf(d);
      expect({ d: d.metadata.name, disable: env.get('DISABLE_DB_WATCHERS'), enable: env.get('DB_WATCHERS') }).toEqual({ d: d.metadata.name, disable: undefined, enable: undefined });
    }
  });

  it('leave TRANSPORTER unset without microservices', () => {
    const community = render(variant(loadExample('pilot'), (e) => (e.apps.rocketchat.edition = 'community')));
    expect(envOf(find(community.objects, 'Deployment', 'rocketchat', 'rocketchat')).has('TRANSPORTER')).toBe(false);
  });
});

describe('Wekan uploads', () => {
  it('land in a pod volume at WRITABLE_PATH before Wekan moves them to GridFS', () => {
    const wekan = find(render(loadExample('pilot')).objects, 'Deployment', 'wekan', 'wekan');
    const c = podSpec(wekan).containers[0];
    expect(envOf(wekan).get('WRITABLE_PATH')).toBe('/data');
    const mount = c.volumeMounts.find((m: any) => m.mountPath === '/data');
    expect(podSpec(wekan).volumes).toContainEqual({ name: mount.name, emptyDir: {} });
  });
});

describe('NATS', () => {
  it('reads the pod name for server_name from the environment', () => {
    const r = render(loadExample('metropole-9000'));
    expect(configData(r.objects, 'rocketchat-nats-config', 'nats.conf')).toContain('server_name: $POD_NAME');
    expect(envOf(find(r.objects, 'StatefulSet', 'rocketchat-nats', 'rocketchat')).get('POD_NAME')).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  });
});
