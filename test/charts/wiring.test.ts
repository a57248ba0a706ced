/** How the applications are wired to each other and to the authority's own services. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findRegion } from '../../environments/catalogue/regions.js';
import { appHosts } from '../../environments/environment.js';
import { manifestYaml } from '../../charts/manifest-yaml.js';
import { jitsiCustomConfig } from '../../charts/apps/jitsi/jitsi-config.js';
import { secretCatalogue } from '../../charts/secrets.js';
import { bucketName } from '../../stacks/naming.js';
import { configData, containers, envOf, find, loadExample, podSpec, render, variant } from './examples.js';

const metropole = render(loadExample('metropole-9000'));
const pilot = render(loadExample('pilot'));
const text = (r: typeof pilot) => r.files.map((f) => manifestYaml(r.env.name, f)).join('');

describe('Nextcloud ↔ ONLYOFFICE', () => {
  it('read the JWT secret from the same Secret name and key, one value in both namespaces', () => {
    const nextcloudRef = envOf(find(metropole.objects, 'Deployment', 'nextcloud-app'), 'php-fpm').get('ONLYOFFICE_JWT_SECRET');
    const onlyofficeRef = envOf(find(metropole.objects, 'StatefulSet', 'onlyoffice-docservice'), 'docservice').get('JWT_SECRET');
    expect(nextcloudRef).toEqual({ secretKeyRef: { name: 'onlyoffice-jwt', key: 'secret' } });
    expect(onlyofficeRef).toEqual(nextcloudRef);
    const spec = secretCatalogue(metropole.env, metropole.plan).find((s) => s.name === 'onlyoffice-jwt');
    expect(spec?.namespaces).toEqual(['nextcloud', 'onlyoffice']);
    expect(Object.keys(spec?.values ?? {})).toEqual(['secret']);
  });

  it('configures the connector at deploy time with both URLs, and signs requests', () => {
    const install = configData(metropole.objects, 'nextcloud-install', 'install.sh');
    expect(install).toContain(`DocumentServerUrl --value "https://${appHosts(metropole.env).onlyoffice}/"`);
    expect(install).toContain('DocumentServerInternalUrl --value "http://onlyoffice.onlyoffice.svc.cluster.local:8888/"');
    const config = configData(metropole.objects, 'nextcloud-config', 'socle.config.php');
    expect(config).toContain("'onlyoffice' => array ('jwt_secret' => getenv('ONLYOFFICE_JWT_SECRET')");
    expect(envOf(find(metropole.objects, 'StatefulSet', 'onlyoffice-docservice'), 'docservice').get('JWT_ENABLED')).toBe('true');
  });
});

describe('Nextcloud', () => {
  const config = configData(metropole.objects, 'nextcloud-config', 'socle.config.php');

  it('keeps its files in the S3 bucket the infrastructure stack creates, in the cluster region', () => {
    const s3 = findRegion(metropole.env.cloud.provider, metropole.env.cloud.region)?.s3;
    expect(metropole.plan.objectStorage.map((b) => b.name)).toContain('nextcloud-data');
    expect(config).toContain(`'bucket' => '${bucketName(metropole.env, 'nextcloud-data')}'`);
    expect(config).toContain(`'hostname' => '${new URL(s3?.endpoint ?? '').hostname}'`);
  });

  it('closes every phone-home key (residency leak #8)', () => {
    for (const line of ["'has_internet_connection' => false", "'updatechecker' => false", "'connectivity_check_domains' => array ()", "'lookup_server' => ''", "'appstoreenabled' => false"]) expect(config).toContain(line);
  });

  it('trusts its own host name and the cluster proxies, and runs at least two app pods', () => {
    expect(config).toContain(`'trusted_domains' => array (0 => '${appHosts(metropole.env).nextcloud}'`);
    expect(config).toContain("'trusted_proxies' => array ('10.0.0.0/8'");
    expect((find(pilot.objects, 'Deployment', 'nextcloud-app').spec as any).replicas).toBeGreaterThanOrEqual(2);
  });

  it('runs at least the planned PHP workers across its app pods', () => {
    const perPod = Number(/pm\.max_children = (\d+)/.exec(configData(metropole.objects, 'nextcloud-fpm', 'zz-socle.conf'))?.[1]);
    const pods = (find(metropole.objects, 'Deployment', 'nextcloud-app').spec as any).replicas;
    expect(perPod * pods).toBeGreaterThanOrEqual(metropole.plan.load.phpWorkers);
    expect(perPod * (pods - 1)).toBeLessThan(metropole.plan.load.phpWorkers);
  });

  it('has a 3-instance PostgreSQL with continuous backup to the backup region', () => {
    const cluster = find(metropole.objects, 'Cluster', 'nextcloud-postgresql').spec as any;
    expect(cluster.instances).toBe(3);
    const backupS3 = findRegion(metropole.env.cloud.provider, metropole.env.backups?.region ?? '')?.s3;
    expect(cluster.plugins).toEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'nextcloud-postgresql-backup-store' } }]);
    const store = (find(metropole.objects, 'ObjectStore', 'nextcloud-postgresql-backup-store', 'nextcloud').spec as any).configuration;
    expect(store.endpointURL).toBe(backupS3?.endpoint);
    expect(store.destinationPath).toMatch(new RegExp(`^s3://${bucketName(metropole.env, 'backups')}/`));
    expect((find(metropole.objects, 'ScheduledBackup', 'nextcloud-postgresql-daily').spec as any).schedule).toBe(`0 ${metropole.env.backups?.schedule}`);
  });

  it('runs background jobs as a CronJob and Client Push behind /push', () => {
    expect((find(metropole.objects, 'CronJob', 'nextcloud-cron').spec as any).concurrencyPolicy).toBe('Forbid');
    const push = find(metropole.objects, 'Ingress', 'nextcloud-push');
    expect((push.spec as any).rules[0].http.paths.map((p: any) => `${p.path}→${p.backend.service.name}`)).toEqual(['/push→nextcloud-push']);
    expect(push.metadata.annotations?.['traefik.ingress.kubernetes.io/router.middlewares']).toBe('socle-edge-hsts@kubernetescrd,nextcloud-strip-push-prefix@kubernetescrd');
    // Same host, same certificate: no second ACME order.
    expect((push.spec as any).tls[0].secretName).toBe('nextcloud-tls');
    expect(push.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBeUndefined();
  });
});

describe('ONLYOFFICE editions', () => {
  it('community runs one instance and says so', () => {
    const r = render(variant(pilot.env, (e) => (e.apps.onlyoffice.edition = 'community')));
    const ds = find(r.objects, 'StatefulSet', 'onlyoffice-docservice');
    expect((ds.spec as any).replicas).toBe(1);
    expect((ds.spec as any).template.metadata.annotations['socle.io/edition']).toMatch(/one instance, 20 simultaneous connections/);
    expect(secretCatalogue(r.env, r.plan).map((s) => s.name)).not.toContain('onlyoffice-licence');
  });

  it('enterprise runs the planned replicas with the licence from a Secret, sticky per document', () => {
    const ds = find(metropole.objects, 'StatefulSet', 'onlyoffice-docservice');
    const planned = metropole.plan.components.find((c) => c.name === 'onlyoffice-docservice')?.replicas;
    expect((ds.spec as any).replicas).toBe(planned);
    expect(podSpec(ds).volumes).toContainEqual({ name: 'licence', secret: { secretName: 'onlyoffice-licence' } });
    const router = configData(metropole.objects, 'onlyoffice-haproxy', 'haproxy.cfg');
    expect(router).toContain('balance hash var(txn.key)');
    expect(router.match(/^ {2}server /gm)).toHaveLength(planned ?? -1);
  });
});

describe('Rocket.Chat', () => {
  const rc = find(metropole.objects, 'Deployment', 'rocketchat');
  const env = envOf(rc, 'rocketchat');

  it("sends the call button to the authority's own Jitsi host", () => {
    const jitsiIngress = find(metropole.objects, 'Ingress', 'jitsi');
    const jitsiHost = (jitsiIngress.spec as any).rules[0].host;
    expect((find(metropole.objects, 'ConfigMap', 'rocketchat-jitsi').data as Record<string, string>).jitsi_domain).toBe(jitsiHost);
    expect(jitsiHost).toBe(appHosts(metropole.env).jitsi);
    const prosody = envOf(find(metropole.objects, 'Deployment', 'jitsi-prosody-0'), 'prosody');
    expect(prosody.get('JWT_APP_SECRET')).toEqual({ secretKeyRef: { name: 'jitsi-jwt', key: 'app-secret' } });
    expect(secretCatalogue(metropole.env, metropole.plan).find((s) => s.name === 'jitsi-jwt')?.namespaces).toEqual(['jitsi', 'rocketchat']);
  });

  it('turns phone-home off and keeps push content-free (residency leak #6)', () => {
    expect(env.get('OVERWRITE_SETTING_Statistics_reporting')).toBe('false');
    expect(env.get('OVERWRITE_SETTING_Register_Server')).toBe('false');
    expect(env.get('OVERWRITE_SETTING_Push_show_message')).toBe('false');
    expect(env.get('OVERWRITE_SETTING_Push_enable')).toBe('false');
    expect(env.get('OVERWRITE_SETTING_Push_gateway')).toBeUndefined();
  });

  it('pushes through the gateway the environment names, still without message text', () => {
    const r = render(variant(metropole.env, (e) => (e.apps.rocketchat.pushGateway = 'https://push.metropole-exemple.fr')));
    const e = envOf(find(r.objects, 'Deployment', 'rocketchat'), 'rocketchat');
    expect([e.get('OVERWRITE_SETTING_Push_enable'), e.get('OVERWRITE_SETTING_Push_gateway'), e.get('OVERWRITE_SETTING_Push_show_message')]).toEqual(['true', 'https://push.metropole-exemple.fr', 'false']);
  });

  it("keeps uploads in the attachments bucket with the data stack's S3 credential", () => {
    expect(metropole.plan.objectStorage.map((b) => b.name)).toContain('attachments');
    expect(env.get('OVERWRITE_SETTING_FileUpload_S3_Bucket')).toBe(bucketName(metropole.env, 'attachments'));
    expect(env.get('OVERWRITE_SETTING_FileUpload_S3_AWSSecretAccessKey')).toEqual({ secretKeyRef: { name: 'apps-s3', key: 'secret-key' } });
    expect(envOf(find(metropole.objects, 'Deployment', 'nextcloud-app'), 'php-fpm').get('S3_SECRET_KEY')).toEqual({ secretKeyRef: { name: 'apps-s3', key: 'secret-key' } });
  });

  it('community runs one instance and no microservices', () => {
    const r = render(variant(metropole.env, (e) => (e.apps.rocketchat.edition = 'community')));
    expect((find(r.objects, 'Deployment', 'rocketchat').spec as any).replicas).toBe(1);
    expect(r.objects.filter((o) => o.metadata.namespace === 'rocketchat' && o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['rocketchat']);
  });

  it('uses a 3-member MongoDB replica set, initiated by a Job', () => {
    expect((find(metropole.objects, 'StatefulSet', 'rocketchat-mongodb').spec as any).replicas).toBe(3);
    const script = configData(metropole.objects, 'rocketchat-mongodb-init', 'initiate.js');
    expect(script.match(/_id: \d/g)).toHaveLength(3);
    expect(String(env.get('MONGO_URL'))).toMatch(/replicaSet=rs0/);
  });
});

describe('Wekan', () => {
  it('runs at least two replicas tailing the oplog', () => {
    const w = find(pilot.objects, 'Deployment', 'wekan');
    expect((w.spec as any).replicas).toBeGreaterThanOrEqual(2);
    expect(String(envOf(w).get('MONGO_OPLOG_URL'))).toMatch(/\/local\?replicaSet=rs0/);
  });

  it('logs in through OIDC only when the environment names an identity provider', () => {
    const m = envOf(find(metropole.objects, 'Deployment', 'wekan'));
    expect([m.get('OAUTH2_ENABLED'), m.get('OAUTH2_SERVER_URL'), m.get('OAUTH2_CLIENT_ID')]).toEqual(['true', metropole.env.identity?.oidc.issuer, 'socle']);
    expect(envOf(find(pilot.objects, 'Deployment', 'wekan')).has('OAUTH2_ENABLED')).toBe(false);
  });
});

describe('Jitsi', () => {
  const turn = appHosts(metropole.env).turn;

  it('runs web, prosody and jicofo per shard, at least two shards, routed by room', () => {
    const shards = metropole.plan.jitsi?.shards ?? 0;
    expect(shards).toBeGreaterThanOrEqual(2);
    for (const role of ['web', 'prosody', 'jicofo']) {
      expect(metropole.objects.filter((o) => o.kind === 'Deployment' && new RegExp(`^jitsi-${role}-\\d+$`).test(o.metadata.name))).toHaveLength(shards);
    }
    const router = configData(metropole.objects, 'jitsi-haproxy', 'haproxy.cfg');
    expect(router).toContain('balance hash var(txn.key)');
    expect(router).toContain('hash-type consistent');
    expect(router.match(/^ {2}server /gm)).toHaveLength(shards);
  });

  it('puts the lobby on, lets guests wait in it, and lets JWT-authenticated users moderate', () => {
    const prosody = envOf(find(metropole.objects, 'Deployment', 'jitsi-prosody-1'), 'prosody');
    expect([prosody.get('ENABLE_LOBBY'), prosody.get('ENABLE_GUESTS'), prosody.get('ENABLE_AUTH'), prosody.get('AUTH_TYPE')]).toEqual(['1', '1', '1', 'jwt']);
    // jicofo grants the owner role (jicofo.conf conference.enable-auto-owner).
    expect(envOf(find(metropole.objects, 'Deployment', 'jitsi-jicofo-1'), 'jicofo').get('ENABLE_AUTO_OWNER')).toBe('1');
    const custom = configData(metropole.objects, 'jitsi-web-custom', 'custom-config.js');
    expect(custom).toContain('config.lobby = { autoKnock: true');
    const closed = render(variant(metropole.env, (e) => (e.apps.jitsi.lobby = false)));
    expect(envOf(find(closed.objects, 'Deployment', 'jitsi-prosody-0'), 'prosody').get('ENABLE_LOBBY')).toBe('0');
  });

  it('switches the lobby on in every meeting with socle\'s Prosody modules, on every shard, only when the lobby is on', () => {
    const shards = metropole.plan.jitsi?.shards ?? 0;
    const dir = new URL('../../charts/apps/jitsi/prosody-plugins/', import.meta.url);
    const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]));
    const modules = find(metropole.objects, 'ConfigMap', 'jitsi-prosody-lobby', 'jitsi');
    expect(modules.data).toEqual(files);
    for (let i = 0; i < shards; i++) {
      const prosody = find(metropole.objects, 'Deployment', `jitsi-prosody-${i}`);
      const env = envOf(prosody, 'prosody');
      const muc = String(env.get('XMPP_MUC_MODULES')).split(',');
      expect(muc).toEqual(['socle_lobby_autostart', 'socle_lobby_bypass_for_token']);
      expect(muc.map((m) => `mod_${m}.lua`).sort()).toEqual(Object.keys(files).sort());
      // jitsi-meet's module that handles the event the autostart module fires, on the main VirtualHost.
      expect(env.get('XMPP_MODULES')).toBe('persistent_lobby');
      const volume = podSpec(prosody).volumes.find((v: any) => v.configMap?.name === 'jitsi-prosody-lobby');
      expect(podSpec(prosody).containers[0].volumeMounts).toContainEqual({ name: volume.name, mountPath: '/prosody-plugins-custom', readOnly: true });
    }
    for (const role of ['web', 'jicofo']) expect(envOf(find(metropole.objects, 'Deployment', `jitsi-${role}-0`)).has('XMPP_MUC_MODULES')).toBe(false);

    const closed = render(variant(metropole.env, (e) => (e.apps.jitsi.lobby = false)));
    expect(closed.objects.filter((o) => o.metadata.name === 'jitsi-prosody-lobby')).toEqual([]);
    for (let i = 0; i < shards; i++) {
      const prosody = find(closed.objects, 'Deployment', `jitsi-prosody-${i}`);
      const env = envOf(prosody, 'prosody');
      expect([env.has('XMPP_MUC_MODULES'), env.has('XMPP_MODULES')]).toEqual([false, false]);
      expect(JSON.stringify(podSpec(prosody))).not.toContain('prosody-plugins-custom');
    }
  });

  it("uses only the authority's TURN server for STUN and TURN, everywhere", () => {
    const jvb = envOf(find(metropole.objects, 'Deployment', 'jitsi-videobridge'), 'jvb');
    expect(jvb.get('JVB_STUN_SERVERS')).toBe(`${turn}:3478`);
    // STUN is on by default in the image: no JVB_DISABLE_STUN, whose parsing would decide it.
    expect(jvb.has('JVB_DISABLE_STUN')).toBe(false);
    expect(envOf(find(metropole.objects, 'Deployment', 'jitsi-web-0'), 'web').get('P2P_STUN_SERVERS')).toBe(`${turn}:3478`);
    expect(envOf(find(metropole.objects, 'Deployment', 'jitsi-prosody-0'), 'prosody').get('TURN_HOST')).toBe(turn);
    const all = text(metropole);
    const stunUrls = [...all.matchAll(/stuns?:([A-Za-z0-9.-]+)/g)].map((m) => m[1]);
    expect(stunUrls.length).toBeGreaterThan(0);
    expect(new Set(stunUrls)).toEqual(new Set([turn]));
  });

  it('names no third-party service anywhere in the manifests', () => {
    for (const r of [pilot, metropole]) {
      const all = text(r);
      for (const host of ['jitsi.net', 'meet.jit.si', 'google', 'gravatar.com', 'libravatar', '8x8.vc', 'cloudflare', 'gateway.rocket.chat', 'nextcloud.com', 'startpage', 'eff.org', 'amplitude', 'rtcstats']) {
        expect({ host, found: all.toLowerCase().includes(host) }).toEqual({ host, found: false });
      }
    }
  });

  it('runs the videobridges on the media pool, host-networked on UDP 10000, one per node', () => {
    const jvb = find(metropole.objects, 'Deployment', 'jitsi-videobridge');
    const pod = podSpec(jvb);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.nodeSelector).toEqual({ 'socle/pool': 'media' });
    expect(pod.tolerations).toEqual([{ key: 'socle/pool', operator: 'Equal', value: 'media', effect: 'NoSchedule' }]);
    expect(pod.containers[0].ports).toContainEqual({ name: 'media', containerPort: 10000, protocol: 'UDP' });
    expect((jvb.spec as any).replicas).toBe(metropole.plan.jitsi?.bridges);
    expect(pod.topologySpreadConstraints.find((t: any) => t.topologyKey === 'kubernetes.io/hostname').whenUnsatisfiable).toBe('DoNotSchedule');
  });

  it('runs TURN on the labelled media nodes that turn.<domain> points at, with time-limited credentials', () => {
    const pod = podSpec(find(metropole.objects, 'Deployment', 'coturn'));
    expect(pod.nodeSelector).toEqual({ 'socle/pool': 'media', 'socle/turn': 'true' });
    expect(pod.hostNetwork).toBe(true);
    const conf = configData(metropole.objects, 'coturn', 'turnserver.conf');
    expect(conf).toContain('use-auth-secret');
    expect(conf).toContain(`realm=${turn}`);
    expect(conf).toContain('denied-peer-ip=10.0.0.0-10.255.255.255');
  });

  it("brands the meeting pages with the authority's name, colours, logo and welcome text", () => {
    const data = find(metropole.objects, 'ConfigMap', 'jitsi-web-custom').data as Record<string, string>;
    const b = metropole.env.apps.jitsi.branding;
    expect(data['custom-interface_config.js']).toContain(`interfaceConfig.APP_NAME = ${JSON.stringify(b.appName)}`);
    expect(JSON.parse(data['branding.json'] ?? '{}')).toMatchObject({ backgroundColor: b.backgroundColor, logoImageUrl: b.logoUrl, customTheme: { palette: { action01: b.primaryColor } } });
    expect(data['welcomePageAdditionalContent.html']).toContain('Visioconférence de la Métropole');
    // Nextcloud and Rocket.Chat carry the authority's name (and Nextcloud the same colour).
    const install = configData(metropole.objects, 'nextcloud-install', 'install.sh');
    expect(install).toContain(`theming:config name 'Métropole Exemple'`);
    expect(install).toContain(`theming:config color '${b.primaryColor}'`);
    expect(envOf(find(metropole.objects, 'Deployment', 'rocketchat'), 'rocketchat').get('OVERWRITE_SETTING_Site_Name')).toBe('Métropole Exemple');
  });

  it('keeps recording and streaming off unless the environment asks, and then records only in the browser, telling everyone', () => {
    const prosody = envOf(find(metropole.objects, 'Deployment', 'jitsi-prosody-0'), 'prosody');
    expect([prosody.get('ENABLE_RECORDING'), prosody.get('ENABLE_JAAS_COMPONENTS')]).toEqual(['0', '0']);
    const web = envOf(find(metropole.objects, 'Deployment', 'jitsi-web-0'), 'web');
    expect([web.get('ENABLE_RECORDING'), web.get('ENABLE_LIVESTREAMING'), web.get('ENABLE_JAAS_COMPONENTS')]).toEqual(['0', '0', '0']);
    expect(jitsiCustomConfig(metropole.env)).toContain('config.localRecording = { disable: true, notifyAllParticipants: true };');
    const recorded = variant(metropole.env, (e) => (e.apps.jitsi.recording = true));
    const config = jitsiCustomConfig(recorded);
    expect(config).toContain('config.localRecording = { disable: false, notifyAllParticipants: true };');
    // No Jibri: the server-side recording buttons stay off, and prosody gets no recorder.
    expect(config).toContain('config.recordingService = { enabled: false, sharingEnabled: false };');
    expect(config).toContain('config.liveStreaming = { enabled: false };');
    expect(envOf(find(render(recorded).objects, 'Deployment', 'jitsi-prosody-0'), 'prosody').get('ENABLE_RECORDING')).toBe('0');
  });
});

describe('edge', () => {
  it('issues certificates from the ACME server the environment names', () => {
    expect((find(metropole.objects, 'ClusterIssuer', 'socle-acme').spec as any).acme.server).toBe(metropole.env.tls.acmeServer);
  });

  it('serves every host over HTTPS only, with HSTS and a certificate', () => {
    const ingresses = metropole.objects.filter((o) => o.kind === 'Ingress');
    expect([...new Set(ingresses.map((i) => (i.spec as any).rules[0].host))].sort()).toEqual(
      // Not TURN: `turn.` is on the media nodes, `turns.` is a TCP route (turns.test.ts).
      Object.entries(appHosts(metropole.env)).filter(([k]) => k !== 'turn' && k !== 'turns').map(([, h]) => h).sort(),
    );
    for (const i of ingresses) {
      expect(i.metadata.annotations).toMatchObject({ 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure', 'traefik.ingress.kubernetes.io/router.tls': 'true' });
      expect(i.metadata.annotations?.['traefik.ingress.kubernetes.io/router.middlewares']).toMatch(/^socle-edge-hsts@kubernetescrd(,|$)/);
      expect((i.spec as any).tls[0].hosts).toEqual([(i.spec as any).rules[0].host]);
    }
    // One certificate order per host; other Ingresses of that host reuse its Secret.
    const ordering = ingresses.filter((i) => i.metadata.annotations?.['cert-manager.io/cluster-issuer'] === 'socle-acme').map((i) => (i.spec as any).rules[0].host);
    expect(ordering.sort()).toEqual([...new Set(ordering)].sort());
    expect(new Set(ordering).size).toBe(new Set(ingresses.map((i) => (i.spec as any).rules[0].host)).size);
    expect((find(metropole.objects, 'Middleware', 'hsts').spec as any).headers.stsSeconds).toBeGreaterThanOrEqual(31536000);
  });
});

describe('images', () => {
  it('pulls every image from the EU mirror, pinned to an exact version', () => {
    for (const o of metropole.objects.filter((x) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(x.kind))) {
      for (const c of containers(o)) {
        expect(c.image.startsWith(`${metropole.env.images.mirror}/`)).toBe(true);
        expect(c.image).toMatch(/:[^:/]*\d[^:/]*$/);
        expect(c.image).not.toMatch(/:latest$/);
      }
    }
    expect((find(metropole.objects, 'Cluster', 'nextcloud-postgresql').spec as any).imageName.startsWith(`${metropole.env.images.mirror}/`)).toBe(true);
  });

  it('keeps the upstream registries when no mirror is set', () => {
    const r = render(variant(pilot.env, (e) => (e.images = {})));
    expect(podSpec(find(r.objects, 'Deployment', 'nextcloud-app')).containers[0].image).toBe('docker.io/library/nextcloud:31.0.9-fpm');
  });
});
