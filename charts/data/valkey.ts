/**
 * Highly available Redis-protocol cache (Valkey, BSD-licensed fork of Redis 7.2): a StatefulSet of
 * the plan's members, each with a Sentinel sidecar that elects a new primary on failure, and an
 * HAProxy pair in front that always routes to the current primary — Nextcloud and ONLYOFFICE speak
 * to one plain Redis endpoint and never need Sentinel support.
 */
import type { Environment } from '../../environments/environment.js';
import type { ComponentPlan } from '../../sizing/sizing-plan.js';
import { container, envSecret, execProbe, tcpProbe } from '../container.js';
import { imageRef } from '../images.js';
import type { KubeObject } from '../kube-object.js';
import { selectorLabels } from '../labels.js';
import { allowIngressFrom, fromNamespace } from '../platform/network-policies.js';
import { helperResources, resourceRequirements } from '../resources.js';
import { random, type SecretSpec } from '../secret-catalogue.js';
import { configMap, deployment, labelsFor, service, statefulSet } from '../workload.js';

export const VALKEY_SECRET = 'valkey-auth';
/** The endpoint clients use: the HAProxy Service, always the primary. */
export const valkeyService = 'valkey';

export function valkeySecret(namespaces: string[]): SecretSpec {
  return { name: VALKEY_SECRET, namespaces, values: { password: random(32) }, purpose: 'Valkey (Redis) password, shared by Nextcloud and ONLYOFFICE' };
}

/**
 * The primary as the other members' Sentinels know it, asked by name: never the headless Service,
 * which may resolve to this pod's own Sentinel (not started yet, or as stale as this member).
 * valkey-cli reads the password from REDISCLI_AUTH (redis-cli's variable, kept by valkey-cli: valkey
 * src/valkey-cli.c@8.1.3; run here against redis-cli 7.0.15, test/charts/data/valkey-sentinel.program.test.ts),
 * never from argv: a process's argv is readable by every process of the node (/proc/<pid>/cmdline),
 * its environment only by the same user and root.
 */
function askPeerSentinels(namespace: string, members: number): string {
  const headless = `valkey-headless.${namespace}.svc.cluster.local`;
  const peers = Array.from({ length: members }, (_, i) => `valkey-${i}`).join(' ');
  return `primary=""
for peer in ${peers}; do
  if [ "$peer" = "$(hostname)" ]; then continue; fi
  primary="$(valkey-cli -h "$peer.${headless}" -p 26379 sentinel get-master-addr-by-name socle 2>/dev/null | head -n1 || true)"
  # Only a member's name is an answer; an error line (NOAUTH, a Sentinel still starting) is none.
  case "$primary" in valkey-*.${headless}) break ;; *) primary="" ;; esac
done
if [ -z "$primary" ]; then primary="valkey-0.${headless}"; fi`;
}

/**
 * The password goes into a configuration file written at start (umask 077, a memory emptyDir), never
 * on valkey-server's command line; heredocs are expanded by the shell itself, so no process sees it.
 */
function startScript(namespace: string, members: number): string {
  const headless = `valkey-headless.${namespace}.svc.cluster.local`;
  return `#!/bin/sh
# Start as a replica of whoever the other Sentinels say is primary; on first start, valkey-0 is primary.
set -eu
me="$(hostname).${headless}"
${askPeerSentinels(namespace, members)}
umask 077
cat > /config/valkey.conf <<CONF
port 6379
dir /data
appendonly yes
requirepass "$REDISCLI_AUTH"
masterauth "$REDISCLI_AUTH"
replica-announce-ip $me
protected-mode no
CONF
if [ "$primary" != "$me" ]; then echo "replicaof $primary 6379" >> /config/valkey.conf; fi
exec valkey-server /config/valkey.conf
`;
}

function sentinelScript(namespace: string, members: number): string {
  const headless = `valkey-headless.${namespace}.svc.cluster.local`;
  return `#!/bin/sh
# Sentinel rewrites its configuration on failover: it lives in an emptyDir, written at start,
# monitoring the primary the other Sentinels know (valkey-0 on first start).
set -eu
${askPeerSentinels(namespace, members)}
umask 077
# requirepass: clients must authenticate to Sentinel too, and Sentinel uses the same password
# towards the other Sentinels (Valkey sentinel.conf@8.1.3, "requirepass" in Sentinel mode).
cat > /sentinel/sentinel.conf <<CONF
port 26379
requirepass "$REDISCLI_AUTH"
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $(hostname).${headless}
sentinel monitor socle $primary 6379 2
sentinel auth-pass socle $REDISCLI_AUTH
sentinel down-after-milliseconds socle 5000
sentinel failover-timeout socle 60000
CONF
exec valkey-sentinel /sentinel/sentinel.conf
`;
}

function haproxyConfig(namespace: string, members: number): string {
  const servers = Array.from({ length: members }, (_, i) => `  server valkey-${i} valkey-${i}.valkey-headless.${namespace}.svc.cluster.local:6379`).join('\n');
  return `global
  maxconn 4096
defaults
  mode tcp
  timeout connect 4s
  timeout client 330s
  timeout server 330s
  timeout check 2s
resolvers cluster
  parse-resolv-conf
frontend valkey
  bind :6379
  default_backend primary
backend primary
  # Every connection to one member even if two answer role:master for a moment (\`balance first\`:
  # the lowest-id server up), and a member marked down loses its sessions at once, so clients
  # reconnect to the new primary instead of writing to a demoted one (HAProxy configuration.txt@3.2,
  # "balance first", "on-marked-down shutdown-sessions").
  balance first
  default-server check inter 1s resolvers cluster init-addr none on-marked-down shutdown-sessions
  # Only the member that answers role:master receives traffic (environment variables expand in double quotes).
  option tcp-check
  tcp-check send "AUTH \${VALKEY_PASSWORD}\\r\\n"
  tcp-check expect string +OK
  tcp-check send "PING\\r\\n"
  tcp-check expect string +PONG
  tcp-check send "INFO replication\\r\\n"
  tcp-check expect string role:master
  tcp-check send "QUIT\\r\\n"
  tcp-check expect string +OK
${servers}
frontend health
  mode http
  bind :8404
  http-request return status 200 if { path /healthz }
`;
}

export function valkey(env: Environment, namespace: string, plan: ComponentPlan, proxyPlan: ComponentPlan, clientNamespaces: string[]): KubeObject[] {
  const image = imageRef(env, 'valkey');
  const haproxyImage = imageRef(env, 'haproxy');
  const base = { env, namespace, app: 'valkey', versionImage: image };
  const password = envSecret('VALKEY_PASSWORD', VALKEY_SECRET, 'password');
  const cliPassword = envSecret('REDISCLI_AUTH', VALKEY_SECRET, 'password');
  const scripts = configMap(namespace, 'valkey-scripts', labelsFor({ ...base, component: 'valkey' }), {
    'start.sh': startScript(namespace, plan.replicas),
    'sentinel.sh': sentinelScript(namespace, plan.replicas),
  });
  const members = statefulSet({
    ...base,
    component: 'valkey',
    plan,
    user: { uid: 999, gid: 999 },
    hardHostSpread: true,
    dataMountName: 'data',
    ports: [{ name: 'valkey', port: 6379 }, { name: 'sentinel', port: 26379 }],
    volumes: [{ name: 'scripts', configMap: { name: 'valkey-scripts', defaultMode: 0o555 } }, { name: 'sentinel', emptyDir: {} }, { name: 'config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }],
    containers: [
      container({
        name: 'valkey',
        image,
        resources: resourceRequirements(plan),
        command: ['/scripts/start.sh'],
        env: [cliPassword],
        ports: [{ name: 'valkey', containerPort: 6379 }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'scripts', mountPath: '/scripts' }, { name: 'config', mountPath: '/config' }],
        probes: { liveness: tcpProbe('valkey'), readiness: execProbe(['sh', '-c', 'valkey-cli ping | grep -q PONG']) },
      }),
      container({
        name: 'sentinel',
        image,
        resources: helperResources(plan, 'sentinel'),
        command: ['/scripts/sentinel.sh'],
        env: [cliPassword],
        ports: [{ name: 'sentinel', containerPort: 26379 }],
        volumeMounts: [{ name: 'sentinel', mountPath: '/sentinel' }, { name: 'scripts', mountPath: '/scripts' }],
        probes: { liveness: tcpProbe('sentinel'), readiness: execProbe(['sh', '-c', 'valkey-cli -p 26379 ping | grep -q PONG']) },
      }),
    ],
  });
  const proxyBase = { ...base, component: 'valkey-haproxy', versionImage: haproxyImage };
  const proxy = deployment({
    ...proxyBase,
    plan: proxyPlan,
    user: { uid: 99, gid: 99 },
    volumes: [{ name: 'config', configMap: { name: 'valkey-haproxy' } }],
    containers: [
      container({
        name: 'haproxy',
        image: haproxyImage,
        resources: resourceRequirements(proxyPlan),
        env: [password],
        ports: [{ name: 'valkey', containerPort: 6379 }, { name: 'health', containerPort: 8404 }],
        volumeMounts: [{ name: 'config', mountPath: '/usr/local/etc/haproxy' }],
        probes: { liveness: tcpProbe('valkey'), readiness: { httpGet: { path: '/healthz', port: 'health' }, periodSeconds: 5 } },
      }),
    ],
  });
  return [
    scripts,
    configMap(namespace, 'valkey-haproxy', labelsFor(proxyBase), { 'haproxy.cfg': haproxyConfig(namespace, plan.replicas) }),
    ...members,
    ...proxy,
    service(proxyBase, [{ name: 'valkey', port: 6379 }], valkeyService),
    allowIngressFrom(namespace, 'allow-valkey-clients', selectorLabels(proxyBase), clientNamespaces.map(fromNamespace), [{ port: 6379 }]),
  ];
}
