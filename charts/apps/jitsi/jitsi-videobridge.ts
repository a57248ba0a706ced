/**
 * Jitsi videobridges: one per media node, on the host network so that each is reachable on UDP
 * 10000 at its node's public address (a floating IP, 1:1 NAT: socle's on `instances` and `magnum`
 * clusters, the operator's on an `existing` one). A bridge learns that address by STUN against
 * the authority's own TURN server (never the jitsi.net default, residency leak #1), and joins the
 * bridge pool of every shard, so that any shard can use any bridge.
 * Host networking breaks two rules; design-exceptions.ts says which and why.
 */
import { readFileSync } from 'node:fs';
import { JVB_MEDIA_PORT } from '../../../stacks/networking/security-rules.js';
import type { Environment } from '../../../environments/environment.js';
import { appHosts } from '../../../environments/environment.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';
import { container, envValue, execProbe } from '../../container.js';
import { JITSI_POD_USER, jitsiContainer } from './jitsi-container.js';
import { imageRef } from '../../images.js';
import { stunServers } from './jitsi-config.js';
import { prosodyHost, xmppEnv } from './jitsi-xmpp.js';
import type { KubeObject } from '../../kube-object.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { component, helperResources, resourceRequirements } from '../../resources.js';
import { configMap, deployment, labelsFor } from '../../workload.js';

/** Host networking: the privileged namespace; it reaches prosody in NAMESPACES.jitsi by its full name. */
const NS = NAMESPACES.jitsiMedia;
/**
 * The bridge's public HTTP server: Colibri WebSockets only (jitsi-videobridge stable/jitsi-meet_10431
 * Main.kt L124-140), which the web pods proxy (bridge channel to the browser), so it listens on
 * the node's addresses (jvb.conf template L110-114: 0.0.0.0:9090); every socket needs the
 * conference's and endpoint's ids and the endpoint's password. The node security groups keep it
 * inside the cluster networks, the NetworkPolicies to the web pods among the pods.
 */
export const JVB_WEBSOCKET_PORT = 9090;

/** Where the drain script is mounted: outside /config, which the image's init chowns (K5). */
const SOCLE_DIR = '/opt/socle';
/** socle's preStop script, shipped byte for byte (test/charts/jitsi/jitsi-videobridge-drain.test.ts runs it). */
export const JVB_DRAIN_SCRIPT = readFileSync(new URL('./jitsi-videobridge-drain.sh', import.meta.url), 'utf8');
/**
 * How long a stopping bridge lets its conferences run before it has jicofo move them: a long
 * council meeting. A bridge's rollout or drain waits up to this long per bridge.
 */
export const JVB_DRAIN_SECONDS = 2 * 3600;
/**
 * The bridge's private HTTP server (health, COLIBRI REST, stats, graceful shutdown: Main.kt
 * L142-164) on loopback only. jitsi-videobridge's reference.conf binds it to 127.0.0.1 (L169-172),
 * but the image's jvb.conf template rebinds it to 0.0.0.0 (L105-109) with no variable to say
 * otherwise; on host networking that would open 8080 to every host and pod that reaches the node.
 * The template ends with `include "custom-jvb.conf"` (L152), resolved next to /config/jvb.conf and
 * read after it, so this file's value wins. Everything that calls the server runs on the node
 * itself: the probes (the image's healthcheck.sh) and the preStop drain, both on 127.0.0.1:8080;
 * jicofo checks bridges over XMPP (HealthCheckIQ, jitsi-videobridge xmpp/XmppConnection.kt L62).
 */
export const JVB_CUSTOM_CONF = `# socle (charts/apps/jitsi/jitsi-videobridge.ts): the private HTTP server on loopback only.
videobridge.http-servers.private.host = "127.0.0.1"
`;
/**
 * The image's own health check: `curl --fail-with-body http://127.0.0.1:8080/about/health`
 * (docker-jitsi-meet stable-10431 jvb/rootfs/usr/local/bin/healthcheck.sh). An exec probe, since
 * the kubelet's httpGet goes to the pod's address (the node's), where nothing listens now, and a
 * `host: 127.0.0.1` httpGet is refused from Pod Security baseline on (check_hostProbesAndhostLifecycle.go).
 */
const JVB_HEALTH_CHECK = ['/usr/local/bin/healthcheck.sh'];
/** The drain, the bridge's shutting-down delay (1 minute, jitsi-videobridge reference.conf) and a margin. */
export const JVB_TERMINATION_GRACE_SECONDS = JVB_DRAIN_SECONDS + 60 + 60;

/**
 * Every shard's prosody, comma-separated in XMPP_SERVER: the image's jvb.conf template renders one
 * xmpp-client connection (shard0…shardN-1) per entry (docker-jitsi-meet stable-10431
 * jvb/rootfs/defaults/jvb.conf L31-32, L66-78), so no custom HOCON file is needed under /config.
 */
export function bridgeXmppServers(shards: number): string {
  return Array.from({ length: shards }, (_, i) => prosodyHost(i)).join(',');
}

export function jitsiVideobridge(env: Environment, plan: SizingPlan, shards: number): KubeObject[] {
  const image = imageRef(env, 'jitsiVideobridge');
  const jvbPlan = component(plan, 'jitsi-videobridge');
  const base = { env, namespace: NS, app: 'jitsi', component: 'jitsi-videobridge', versionImage: image };
  return [
    configMap(NS, 'jitsi-videobridge', labelsFor(base), { 'drain.sh': JVB_DRAIN_SCRIPT, 'custom-jvb.conf': JVB_CUSTOM_CONF }),
    ...deployment({
      ...base,
      plan: jvbPlan,
      hostNetwork: true,
      hardHostSpread: true,
      user: JITSI_POD_USER,
      terminationGracePeriodSeconds: JVB_TERMINATION_GRACE_SECONDS,
      volumes: [{ name: 'config', emptyDir: {} }, { name: 'socle', configMap: { name: 'jitsi-videobridge' } }],
      // custom-jvb.conf must be a file of the /config volume: a read-only mount under /config stops
      // the image's init (10-config L76 chown -R, K5). The emptyDir is world-writable, so no root.
      initContainers: [
        container({
          name: 'custom-config',
          image,
          resources: helperResources(jvbPlan, 'custom-config'),
          command: ['cp', `${SOCLE_DIR}/custom-jvb.conf`, '/config/custom-jvb.conf'],
          runAsUser: 65534,
          volumeMounts: [{ name: 'config', mountPath: '/config' }, { name: 'socle', mountPath: SOCLE_DIR, readOnly: true }],
        }),
      ],
      containers: [
        {
          ...jitsiContainer({
            name: 'jvb',
            image,
            resources: resourceRequirements(jvbPlan),
            env: [
              ...xmppEnv(env, 0, 'jvb').filter((v) => v.name !== 'XMPP_SERVER'),
              envValue('XMPP_SERVER', bridgeXmppServers(shards)),
              envValue('JVB_PORT', JVB_MEDIA_PORT),
              // STUN stays on (the image's default): it is how a bridge learns its floating IP.
              envValue('JVB_STUN_SERVERS', stunServers(env).join(',')),
              envValue('ENABLE_COLIBRI_WEBSOCKET', 1),
              envValue('JVB_WS_DOMAIN', appHosts(env).jitsi),
              // The colibri-ws path carries the bridge's address: the web pods proxy to it.
              { name: 'JVB_WS_SERVER_ID', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              // The graceful-shutdown endpoint of the preStop hook: off unless both are set (jvb.conf
              // template L1/L84 and L23/L89; jitsi-videobridge rest/RestConfig.kt: shutdown needs COLIBRI).
              envValue('COLIBRI_REST_ENABLED', 'true'),
              envValue('SHUTDOWN_REST_ENABLED', 'true'),
            ],
            ports: [
              { name: 'media', containerPort: JVB_MEDIA_PORT, protocol: 'UDP' },
              { name: 'colibri-ws', containerPort: JVB_WEBSOCKET_PORT },
            ],
            volumeMounts: [{ name: 'config', mountPath: '/config' }, { name: 'socle', mountPath: SOCLE_DIR, readOnly: true }],
            // /about/health is on the private HTTP server (videobridge.rest.health, on by default).
            probes: { liveness: execProbe(JVB_HEALTH_CHECK, 30), readiness: execProbe(JVB_HEALTH_CHECK, 20) },
          }),
          // SIGTERM would stop the bridge at once, cutting every conference on it.
          lifecycle: { preStop: { exec: { command: ['sh', `${SOCLE_DIR}/drain.sh`, String(JVB_DRAIN_SECONDS)] } } },
        },
      ],
    }),
  ];
}
