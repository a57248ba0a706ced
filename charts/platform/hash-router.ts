/**
 * A sticky HTTP router: HAProxy pods that send every request carrying the same URL parameter
 * (Jitsi's `room`, ONLYOFFICE's `shardkey`) to the same backend, by consistent hashing over a
 * fixed, ordered list of backends. Every router replica computes the same mapping, so two replicas
 * need no shared state; a backend that fails its health check moves only its own keys, and only
 * after several failed checks in a row, so that one slow answer moves nothing.
 * test/charts/platform/hash-router-haproxy.program.test.ts runs this configuration in HAProxy.
 */
import type { Environment } from '../../environments/environment.js';
import type { ComponentPlan } from '../../sizing/sizing-plan.js';
import { container, httpProbe } from '../container.js';
import { imageRef } from '../images.js';
import type { KubeObject } from '../kube-object.js';
import { resourceRequirements } from '../resources.js';
import { configMap, deployment, labelsFor, service } from '../workload.js';

export interface HashRouter {
  env: Environment;
  namespace: string;
  app: string;
  /** Component name; also the Service name clients and the Ingress use. */
  name: string;
  /** The routers' plan entry: replicas, resources and pool (sizing/components/component.ts `hashRouterComponent`). */
  plan: ComponentPlan;
  /**
   * URL query parameters that carry the key, the first present wins: HAProxy matches parameter
   * names case-sensitively (HAProxy 2.6 configuration.txt, url_param), so each spelling clients
   * send is listed.
   */
  parameters: readonly string[];
  /** `host:port` of each backend, in a fixed order. */
  backends: string[];
  port: number;
  /** Path of each backend's health check (200 = healthy). */
  healthPath: string;
}

/** Paths of socle's own checks behind a router (e.g. a Jitsi shard's health): never served to clients. */
export const ROUTER_ONLY_PREFIX = '/_socle/';

export function hashRouterConfig(r: HashRouter): string {
  const [first, ...others] = r.parameters;
  if (first === undefined) throw new Error(`hash router ${r.name}: no key parameter`);
  const key = [`  http-request set-var(txn.key) url_param(${first})`, ...others.map((p) => `  http-request set-var(txn.key) url_param(${p}) if !{ var(txn.key) -m found }`)].join('\n');
  const servers = r.backends.map((b, i) => `  server b${i} ${b}`).join('\n');
  return `global
  maxconn 20000
defaults
  mode http
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
  option forwardfor
resolvers cluster
  parse-resolv-conf
frontend http
  bind :${r.port}
  http-request deny deny_status 404 if { path_beg ${ROUTER_ONLY_PREFIX} }
  default_backend sticky
frontend health
  bind :8404
  http-request return status 200 if { path /healthz }
backend sticky
  # Same ${r.parameters.join(' or ')} → same backend; without one, round robin.
${key}
  balance hash var(txn.key)
  hash-type consistent
  option httpchk GET ${r.healthPath}
  http-check expect status 200
  # Out after 3 failed checks in a row (6 s), back after 2.
  default-server check inter 2s fall 3 rise 2 resolvers cluster init-addr none
${servers}
`;
}

export function hashRouter(r: HashRouter): KubeObject[] {
  const image = imageRef(r.env, 'haproxy');
  const plan = r.plan;
  const base = { env: r.env, namespace: r.namespace, app: r.app, component: r.name, versionImage: image };
  const configName = `${r.name}-haproxy`;
  return [
    configMap(r.namespace, configName, labelsFor(base), { 'haproxy.cfg': hashRouterConfig(r) }),
    ...deployment({
      ...base,
      plan,
      user: { uid: 99, gid: 99 },
      volumes: [{ name: 'config', configMap: { name: configName } }],
      containers: [
        container({
          name: 'haproxy',
          image,
          resources: resourceRequirements(plan),
          ports: [{ name: 'http', containerPort: r.port }, { name: 'health', containerPort: 8404 }],
          volumeMounts: [{ name: 'config', mountPath: '/usr/local/etc/haproxy' }],
          probes: { liveness: httpProbe('/healthz', 'health', 5), readiness: httpProbe('/healthz', 'health', 2) },
        }),
      ],
    }),
    service(base, [{ name: 'http', port: r.port, targetPort: 'http' }], r.name),
  ];
}
