/**
 * Highly available Redis-protocol cache (Valkey, BSD-licensed fork of Redis 7.2): a StatefulSet of
 * the plan's members, each with a Sentinel sidecar that elects a new primary on failure, and an
 * HAProxy pair in front that always routes to the current primary — Nextcloud and ONLYOFFICE speak
 * to one plain Redis endpoint and never need Sentinel support.
 */
import type { Environment } from '../environments/environment.js';
import type { ComponentPlan } from '../sizing/sizing-plan.js';
import { container, envSecret, execProbe, tcpProbe } from './container.js';
import { imageRef } from './images.js';
import type { KubeObject } from './kube-object.js';
import { selectorLabels } from './labels.js';
import { allowIngressFrom, fromNamespace } from './network-policies.js';
import { resourceRequirements, sidecarResources } from './resources.js';
import { random, type SecretSpec } from './secret-catalogue.js';
import { configMap, deployment, labelsFor, service, statefulSet } from './workload.js';

export const VALKEY_SECRET = 'valkey-auth';
/** The endpoint clients use: the HAProxy Service, always the primary. */
export const valkeyService = 'valkey';

export function valkeySecret(namespaces: string[]): SecretSpec {
  return { name: VALKEY_SECRET, namespaces, values: { password: random(32) }, purpose: 'Valkey (Redis) password, shared by Nextcloud and ONLYOFFICE' };
}

function startScript(namespace: string): string {
  const headless = `valkey-headless.${namespace}.svc.cluster.local`;
  return `#!/bin/sh
# Start as a replica of whoever the Sentinels say is primary; on first start, valkey-0 is primary.
set -eu
me="$(hostname).${headless}"
primary="$(valkey-cli -h valkey-headless -p 26379 sentinel get-master-addr-by-name socle 2>/dev/null | head -n1 || true)"
if [ -z "$primary" ]; then primary="valkey-0.${headless}"; fi
set -- --port 6379 --dir /data --appendonly yes --requirepass "$VALKEY_PASSWORD" --masterauth "$VALKEY_PASSWORD" \\
  --replica-announce-ip "$me" --protected-mode no
if [ "$primary" != "$me" ]; then set -- "$@" --replicaof "$primary" 6379; fi
exec valkey-server "$@"
`;
}

function sentinelScript(namespace: string): string {
  const headless = `valkey-headless.${namespace}.svc.cluster.local`;
  return `#!/bin/sh
# Sentinel rewrites its configuration on failover: it lives in an emptyDir, written at start,
# monitoring the primary the other Sentinels know (valkey-0 on first start).
set -eu
primary="$(valkey-cli -h valkey-headless -p 26379 sentinel get-master-addr-by-name socle 2>/dev/null | head -n1 || true)"
if [ -z "$primary" ]; then primary="valkey-0.${headless}"; fi
cat > /sentinel/sentinel.conf <<CONF
port 26379
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $(hostname).${headless}
sentinel monitor socle $primary 6379 2
sentinel auth-pass socle $VALKEY_PASSWORD
sentinel down-after-milliseconds socle 5000
sentinel failover-timeout socle 60000
CONF
exec valkey-sentinel /sentinel/sentinel.conf
`;
}

function haproxyConfig(namespace: string, members: number): string {
  const servers = Array.from({ length: members }, (_, i) => `  server valkey-${i} valkey-${i}.valkey-headless.${namespace}.svc.cluster.local:6379 check inter 1s resolvers cluster init-addr none`).join('\n');
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

export function valkey(env: Environment, namespace: string, plan: ComponentPlan, clientNamespaces: string[]): KubeObject[] {
  const image = imageRef(env, 'valkey');
  const haproxyImage = imageRef(env, 'haproxy');
  const base = { env, namespace, app: 'valkey', versionImage: image };
  const password = envSecret('VALKEY_PASSWORD', VALKEY_SECRET, 'password');
  const scripts = configMap(namespace, 'valkey-scripts', labelsFor({ ...base, component: 'valkey' }), {
    'start.sh': startScript(namespace),
    'sentinel.sh': sentinelScript(namespace),
  });
  const members = statefulSet({
    ...base,
    component: 'valkey',
    plan,
    user: { uid: 999, gid: 999 },
    hardHostSpread: true,
    dataMountName: 'data',
    ports: [{ name: 'valkey', port: 6379 }, { name: 'sentinel', port: 26379 }],
    volumes: [{ name: 'scripts', configMap: { name: 'valkey-scripts', defaultMode: 0o555 } }, { name: 'sentinel', emptyDir: {} }],
    containers: [
      container({
        name: 'valkey',
        image,
        resources: resourceRequirements(plan),
        command: ['/scripts/start.sh'],
        env: [password],
        ports: [{ name: 'valkey', containerPort: 6379 }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'scripts', mountPath: '/scripts' }],
        probes: { liveness: tcpProbe('valkey'), readiness: execProbe(['sh', '-c', 'valkey-cli -a "$VALKEY_PASSWORD" --no-auth-warning ping | grep -q PONG']) },
      }),
      container({
        name: 'sentinel',
        image,
        resources: sidecarResources(100, 128),
        command: ['/scripts/sentinel.sh'],
        env: [password],
        ports: [{ name: 'sentinel', containerPort: 26379 }],
        volumeMounts: [{ name: 'sentinel', mountPath: '/sentinel' }, { name: 'scripts', mountPath: '/scripts' }],
        probes: { liveness: tcpProbe('sentinel'), readiness: execProbe(['sh', '-c', 'valkey-cli -p 26379 ping | grep -q PONG']) },
      }),
    ],
  });
  const proxyPlan: ComponentPlan = { ...plan, name: 'valkey-haproxy', kind: 'stateless', replicas: 2, requests: { cpuMillicores: 100, memoryMiB: 128 }, limits: { cpuMillicores: 500, memoryMiB: 256 } };
  delete proxyPlan.volume;
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
