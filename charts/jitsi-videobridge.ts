/**
 * Jitsi videobridges: one per media node, on the host network so that each is reachable on UDP
 * 10000 at its node's public address (a floating IP, 1:1 NAT: socle's on `instances` and `magnum`
 * clusters, the operator's on an `existing` one). A bridge learns that address by STUN against
 * the authority's own TURN server (never the jitsi.net default, residency leak #1), and joins the
 * bridge pool of every shard, so that any shard can use any bridge.
 * Host networking breaks two rules; design-exceptions.ts says which and why.
 */
import { JVB_MEDIA_PORT } from '../stacks/networking/security-rules.js';
import type { Environment } from '../environments/environment.js';
import { appHosts } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { envValue, httpProbe } from './container.js';
import { JITSI_POD_USER, jitsiContainer } from './jitsi-container.js';
import { imageRef } from './images.js';
import { stunServers } from './jitsi-config.js';
import { prosodyHost, XMPP, xmppEnv } from './jitsi-xmpp.js';
import type { KubeObject } from './kube-object.js';
import { NAMESPACES } from './namespaces.js';
import { component, resourceRequirements } from './resources.js';
import { configMap, deployment, labelsFor } from './workload.js';

const NS = NAMESPACES.jitsi;
/** Colibri WebSocket port, proxied by the web pods (bridge channel to the browser). */
export const JVB_WEBSOCKET_PORT = 9090;
const JVB_REST_PORT = 8080;

/** HOCON added to the image's jvb.conf (it includes `custom-jvb.conf` last): shards 1..n-1 besides XMPP_SERVER's shard 0. */
export function customJvbConf(shards: number): string {
  const configs = Array.from({ length: shards - 1 }, (_, k) => k + 1)
    .map(
      (i) => `        shard${i} {
          hostname = "${prosodyHost(i)}"
          domain = "${XMPP.authDomain}"
          username = "jvb"
          password = \${JVB_AUTH_PASSWORD}
          muc_jids = "${XMPP.brewery}@${XMPP.internalMucDomain}"
          muc_nickname = \${HOSTNAME}"-shard${i}"
          disable_certificate_verification = true
        }`,
    )
    .join('\n');
  return `videobridge {
  apis {
    xmpp-client {
      configs {
${configs}
      }
    }
  }
}
`;
}

export function jitsiVideobridge(env: Environment, plan: SizingPlan, shards: number): KubeObject[] {
  const image = imageRef(env, 'jitsiVideobridge');
  const jvbPlan = component(plan, 'jitsi-videobridge');
  const base = { env, namespace: NS, app: 'jitsi', component: 'jitsi-videobridge', versionImage: image };
  return [
    configMap(NS, 'jitsi-videobridge', labelsFor(base), { 'custom-jvb.conf': customJvbConf(shards) }),
    ...deployment({
      ...base,
      plan: jvbPlan,
      hostNetwork: true,
      hardHostSpread: true,
      user: JITSI_POD_USER,
      // Let a bridge drain its conferences before it stops (jicofo moves participants).
      terminationGracePeriodSeconds: 600,
      volumes: [{ name: 'config', emptyDir: {} }, { name: 'custom', configMap: { name: 'jitsi-videobridge' } }],
      containers: [
        jitsiContainer({
          name: 'jvb',
          image,
          resources: resourceRequirements(jvbPlan),
          env: [
            ...xmppEnv(env, 0, 'jvb'),
            envValue('JVB_PORT', JVB_MEDIA_PORT),
            // STUN stays on (the image's default): it is how a bridge learns its floating IP.
            envValue('JVB_STUN_SERVERS', stunServers(env).join(',')),
            envValue('ENABLE_COLIBRI_WEBSOCKET', 1),
            envValue('JVB_WS_DOMAIN', appHosts(env).jitsi),
            // The colibri-ws path carries the bridge's address: the web pods proxy to it.
            { name: 'JVB_WS_SERVER_ID', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          ],
          ports: [
            { name: 'media', containerPort: JVB_MEDIA_PORT, protocol: 'UDP' },
            { name: 'colibri-ws', containerPort: JVB_WEBSOCKET_PORT },
            { name: 'rest', containerPort: JVB_REST_PORT },
          ],
          volumeMounts: [{ name: 'config', mountPath: '/config' }, { name: 'custom', mountPath: '/config/custom-jvb.conf', subPath: 'custom-jvb.conf', readOnly: true }],
          // /about/health is on the private HTTP server (videobridge.rest.health, on by default); the
          // COLIBRI REST API (COLIBRI_REST_ENABLED) is not needed for it and stays off.
          probes: { liveness: httpProbe('/about/health', 'rest', 30), readiness: httpProbe('/about/health', 'rest', 20) },
        }),
      ],
    }),
  ];
}
