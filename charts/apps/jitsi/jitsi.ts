/**
 * Jitsi Meet ("RÉUNIONS"): per shard a web, a prosody and a jicofo Deployment; a room-sticky router
 * in front (every participant of a room lands on the same shard, `room` URL parameter that
 * jitsi-meet adds to its BOSH and WebSocket URLs); videobridges and TURN in their own files.
 */
import type { Environment } from '../../../environments/environment.js';
import { appHosts } from '../../../environments/environment.js';
import type { ComponentPlan, SizingPlan } from '../../../sizing/sizing-plan.js';
import { envSecret, envValue, httpProbe, tcpProbe } from '../../container.js';
import { coturn, TURN_SECRET } from './coturn.js';
import { ingress } from '../../platform/edge.js';
import { hashRouter } from '../../platform/hash-router.js';
import { imageRef } from '../../images.js';
import { JITSI_POD_USER, jitsiContainer } from './jitsi-container.js';
import { lobbyPluginsConfigMap, prosodyLobby } from './jitsi-lobby.js';
import { jitsiBranding, jitsiCustomConfig, jitsiInterfaceConfig, jitsiWelcomeContent, stunServers, TURNS_PORT } from './jitsi-config.js';
import { TURN_PORT } from '../../../stacks/networking/security-rules.js';
import { JICOFO_REST_PORT, jicofoService, SHARD_HEALTH_PATH, shardHealthNginxConf, WEB_NGINX_CUSTOM_DIR } from './jitsi-shard-health.js';
import { jitsiVideobridge, JVB_WEBSOCKET_PORT } from './jitsi-videobridge.js';
import { JITSI_JWT_APP_ID, JITSI_JWT_SECRET } from './jitsi-wiring.js';
import { prosodyService, xmppEnv } from './jitsi-xmpp.js';
import type { KubeObject } from '../../kube-object.js';
import { selectorLabels } from '../../labels.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { allowEgressTo, allowFromEdge, allowIngressFrom, baselinePolicies } from '../../platform/network-policies.js';
import { component, resourceRequirements } from '../../resources.js';
import { configMap, deployment, labelsFor, service } from '../../workload.js';

const NS = NAMESPACES.jitsi;
/** Node addresses (videobridges and TURN are host-networked: their traffic comes from node IPs). */
const NODE_NETWORKS = [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '172.16.0.0/12' } }, { ipBlock: { cidr: '192.168.0.0/16' } }];

/**
 * The bridge ids the web pods proxy `/colibri-ws/<id>/` to: a bridge's id is its node's address
 * (JVB_WS_SERVER_ID), so an IPv4 address in NODE_NETWORKS. The web image puts this in its nginx
 * location (defaults/meet.conf `^/colibri-ws/(COLIBRI_WEBSOCKET_REGEX)/(.*)`, proxied to
 * `http://$1:9090`); left unset, it resolves the name `jvb` (etc/cont-init.d config), which
 * nothing answers here, and every bridge channel would fail. No braces: nginx would read them as a block.
 */
export const COLIBRI_WS_BRIDGE_ID = String.raw`10\.[0-9]+\.[0-9]+\.[0-9]+|172\.(?:1[6-9]|2[0-9]|3[01])\.[0-9]+\.[0-9]+|192\.168\.[0-9]+\.[0-9]+`;

/** Per-shard plan: the plan's totals split evenly over its shards. */
function perShard(plan: ComponentPlan): number {
  return Math.max(1, Math.floor(plan.replicas / (plan.shards ?? 1)));
}

function shard(env: Environment, plan: SizingPlan, index: number): KubeObject[] {
  const hosts = appHosts(env);
  const webPlan = component(plan, 'jitsi-web');
  const prosodyPlan = component(plan, 'jitsi-prosody');
  const jicofoPlan = component(plan, 'jitsi-jicofo');
  const spread = (role: string) => ({ 'socle.io/spread-group': `jitsi-${role}` });
  const webImage = imageRef(env, 'jitsiWeb');
  const prosodyImage = imageRef(env, 'jitsiProsody');
  const jicofoImage = imageRef(env, 'jitsiJicofo');
  const webBase = { env, namespace: NS, app: 'jitsi', component: `jitsi-web-${index}`, versionImage: webImage };
  const prosodyBase = { env, namespace: NS, app: 'jitsi', component: prosodyService(index), versionImage: prosodyImage };
  const jicofoBase = { env, namespace: NS, app: 'jitsi', component: jicofoService(index), versionImage: jicofoImage };
  const shardHealthConfig = `jitsi-web-${index}-nginx`;
  const user = JITSI_POD_USER;
  const stun = stunServers(env).join(',');
  const lobby = prosodyLobby(env);

  return [
    configMap(NS, shardHealthConfig, labelsFor(webBase), { 'shard-health.conf': shardHealthNginxConf(index) }),
    ...deployment({
      ...webBase,
      plan: webPlan,
      replicas: perShard(webPlan),
      spreadGroup: spread('web'),
      user,
      volumes: [{ name: 'config', emptyDir: {} }, { name: 'custom', configMap: { name: 'jitsi-web-custom' } }, { name: 'shard-health', configMap: { name: shardHealthConfig } }],
      containers: [
        jitsiContainer({
          name: 'web',
          image: webImage,
          resources: resourceRequirements(webPlan),
          env: [
            ...xmppEnv(env, index, 'web'),
            envValue('DISABLE_HTTPS', 1),
            envValue('ENABLE_HTTP_REDIRECT', 0),
            envValue('ENABLE_LETSENCRYPT', 0),
            envValue('ENABLE_COLIBRI_WEBSOCKET', 1),
            envValue('COLIBRI_WEBSOCKET_REGEX', COLIBRI_WS_BRIDGE_ID),
            // custom-config.js sets config.p2p.stunServers last either way (see jitsi-config.ts).
            envValue('P2P_STUN_SERVERS', stun),
            envValue('DEFAULT_LANGUAGE', 'fr'),
          ],
          ports: [{ name: 'http', containerPort: 80 }],
          volumeMounts: [
            { name: 'config', mountPath: '/config' },
            { name: 'custom', mountPath: '/config/custom-config.js', subPath: 'custom-config.js', readOnly: true },
            { name: 'custom', mountPath: '/config/custom-interface_config.js', subPath: 'custom-interface_config.js', readOnly: true },
            { name: 'custom', mountPath: '/usr/share/jitsi-meet/static/branding.json', subPath: 'branding.json', readOnly: true },
            { name: 'custom', mountPath: '/usr/share/jitsi-meet/static/welcomePageAdditionalContent.html', subPath: 'welcomePageAdditionalContent.html', readOnly: true },
            { name: 'shard-health', mountPath: WEB_NGINX_CUSTOM_DIR, readOnly: true },
          ],
          probes: { liveness: httpProbe('/', 'http', 20), readiness: httpProbe('/', 'http', 10) },
          // nginx in the web image listens on port 80.
          addCapabilities: ['NET_BIND_SERVICE'],
        }),
      ],
    }),
    service(webBase, [{ name: 'http', port: 80 }]),
    ...deployment({
      ...prosodyBase,
      plan: prosodyPlan,
      replicas: 1,
      // Its MUCs live in its memory: two prosodies behind one Service would split rooms.
      neverTwoAtOnce: true,
      spreadGroup: spread('prosody'),
      user,
      volumes: [{ name: 'config', emptyDir: {} }, ...lobby.volumes],
      containers: [
        jitsiContainer({
          name: 'prosody',
          image: prosodyImage,
          resources: resourceRequirements(prosodyPlan),
          env: [
            ...xmppEnv(env, index, 'prosody'),
            envSecret('JWT_APP_ID', JITSI_JWT_SECRET, 'app-id'),
            envSecret('JWT_APP_SECRET', JITSI_JWT_SECRET, 'app-secret'),
            envValue('JWT_ALLOW_EMPTY', 0),
            // What Rocket.Chat's Jitsi app signs (iss = jitsi_application_id, aud = jitsi_token_auditor,
            // rocketchat.ts), said explicitly: prosody's defaults would accept iss = app_id but any aud
            // (jitsi-meet resources/prosody-plugins/token/util.lib.lua).
            envValue('JWT_ACCEPTED_ISSUERS', JITSI_JWT_APP_ID),
            envValue('JWT_ACCEPTED_AUDIENCES', JITSI_JWT_APP_ID),
            envValue('JWT_AUTH_TYPE', 'token'),
            envValue('JWT_TOKEN_AUTH_MODULE', 'token_verification'),
            // TURN for participants, from the authority's coturn only (XEP-0215 external services,
            // docker-jitsi-meet's prosody template): turn:<turn>:3478 over UDP and TCP, and
            // turns:<turns>:443 through the edge. lib-jitsi-meet keeps only TURN/TCP and TURNS for
            // the bridge connection (TURN/UDP for peer-to-peer only), so both are needed there.
            envValue('TURN_HOST', hosts.turn),
            envValue('TURN_PORT', TURN_PORT),
            envValue('TURN_TRANSPORT', 'udp,tcp'),
            envValue('TURNS_HOST', hosts.turns),
            envValue('TURNS_PORT', TURNS_PORT),
            envSecret('TURN_CREDENTIALS', TURN_SECRET, 'static-auth-secret'),
            ...lobby.env,
          ],
          ports: [{ name: 'xmpp-c2s', containerPort: 5222 }, { name: 'bosh', containerPort: 5280 }, { name: 'xmpp-component', containerPort: 5347 }],
          volumeMounts: [{ name: 'config', mountPath: '/config' }, ...lobby.volumeMounts],
          probes: { liveness: tcpProbe('xmpp-c2s', 20), readiness: httpProbe('/http-bind', 'bosh', 10) },
        }),
      ],
    }),
    service(prosodyBase, [{ name: 'xmpp-c2s', port: 5222 }, { name: 'bosh', port: 5280 }, { name: 'xmpp-component', port: 5347 }]),
    ...deployment({
      ...jicofoBase,
      plan: jicofoPlan,
      replicas: 1,
      // Two focus components logged in to one prosody would fight over the same conferences.
      neverTwoAtOnce: true,
      spreadGroup: spread('jicofo'),
      user,
      volumes: [{ name: 'config', emptyDir: {} }],
      containers: [
        jitsiContainer({
          name: 'jicofo',
          image: jicofoImage,
          resources: resourceRequirements(jicofoPlan),
          env: [
            ...xmppEnv(env, index, 'jicofo'),
            envValue('JICOFO_ENABLE_HEALTH_CHECKS', 'true'),
            // jicofo's REST server (/about/health, the probes below) listens on 127.0.0.1 unless
            // told otherwise (jicofo reference.conf `rest.host`); the image binds it to 0.0.0.0 with this.
            envValue('JICOFO_ENABLE_REST', 1),
          ],
          ports: [{ name: 'rest', containerPort: JICOFO_REST_PORT }],
          volumeMounts: [{ name: 'config', mountPath: '/config' }],
          // /about/health fails while no videobridge is operational (JicofoHealthChecker.kt L80-86):
          // as a liveness probe it would restart jicofo, ending every conference of the shard, each
          // time the bridges are away. Liveness asks only that the REST server answers (jicofo
          // ktor/Application.kt /about/version); readiness and the router's check use the health.
          probes: { liveness: httpProbe('/about/version', 'rest', 30), readiness: httpProbe('/about/health', 'rest', 20) },
        }),
      ],
    }),
    // The web pods' shard check reaches jicofo's REST health through this Service.
    service(jicofoBase, [{ name: 'rest', port: JICOFO_REST_PORT }]),
  ];
}

export function jitsi(env: Environment, plan: SizingPlan): KubeObject[] {
  const shards = plan.jitsi?.shards ?? component(plan, 'jitsi-web').shards ?? 1;
  const webPlan = component(plan, 'jitsi-web');
  const hosts = appHosts(env);
  const routerLabels = selectorLabels({ app: 'jitsi', component: 'jitsi' });
  const webImage = imageRef(env, 'jitsiWeb');
  const indexes = Array.from({ length: shards }, (_, i) => i);
  return [
    configMap(NS, 'jitsi-web-custom', labelsFor({ env, app: 'jitsi', component: 'jitsi-web', versionImage: webImage }), {
      'custom-config.js': jitsiCustomConfig(env),
      'custom-interface_config.js': jitsiInterfaceConfig(env),
      'branding.json': jitsiBranding(env),
      'welcomePageAdditionalContent.html': jitsiWelcomeContent(env),
    }),
    ...lobbyPluginsConfigMap(env, labelsFor({ env, app: 'jitsi', component: 'jitsi-prosody', versionImage: imageRef(env, 'jitsiProsody') })),
    ...indexes.flatMap((i) => shard(env, plan, i)),
    ...hashRouter({
      env,
      namespace: NS,
      app: 'jitsi',
      name: 'jitsi',
      plan: component(plan, 'jitsi-router'),
      // jitsi-meet adds it to its BOSH and WebSocket URLs.
      parameters: ['room'],
      backends: indexes.map((i) => `jitsi-web-${i}.${NS}.svc.cluster.local:80`),
      port: 8080,
      healthPath: SHARD_HEALTH_PATH,
    }),
    // In NAMESPACES.jitsiMedia (host networking), outside every NetworkPolicy: the media nodes'
    // security groups filter them. Its default deny still covers any other pod there (ACME solvers).
    ...jitsiVideobridge(env, plan, shards),
    ...coturn(env, plan),
    ...baselinePolicies(NAMESPACES.jitsiMedia),
    ingress(NS, 'jitsi', hosts.jitsi, [{ path: '/', service: 'jitsi', port: 8080 }], routerLabels),
    ...baselinePolicies(NS),
    allowFromEdge(NS, routerLabels, [{ port: 8080 }]),
    // Videobridges (namespace jitsi-media, host network: node addresses) log in to every shard's prosody.
    allowIngressFrom(NS, 'allow-videobridges-to-prosody', { 'socle.io/spread-group': 'jitsi-prosody' }, NODE_NETWORKS, [{ port: 5222 }]),
    // Web pods proxy the bridges' colibri WebSockets to the node that runs each bridge.
    allowEgressTo(NS, 'allow-web-to-videobridges', { 'socle.io/spread-group': 'jitsi-web' }, NODE_NETWORKS, [{ port: JVB_WEBSOCKET_PORT }]),
  ];
}
