/**
 * The edge: Traefik (maintained Ingress and Gateway API controller; installed by operators.ts)
 * serves HTTPS only — its HTTP entry point only redirects — and adds HSTS to every response;
 * cert-manager obtains certificates from the ACME server the environment names.
 */
import type { Environment } from '../../environments/environment.js';
import type { KubeObject } from '../kube-object.js';
import { MANAGED_BY } from '../labels.js';
import { NAMESPACES } from './namespaces.js';

export const CLUSTER_ISSUER = 'socle-acme';
export const INGRESS_CLASS = 'traefik';
/** Traefik's HTTPS entry point (operators.ts): the web apps and TCP-over-TLS routes share it. */
const HTTPS_ENTRY_POINT = 'websecure';
const HSTS_MIDDLEWARE = 'hsts';
/** Traefik's reference to a Kubernetes CRD middleware: `<namespace>-<name>@kubernetescrd`. */
const HSTS_REF = `${NAMESPACES.edge}-${HSTS_MIDDLEWARE}@kubernetescrd`;

const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': 'socle' };

export function edgeObjects(env: Environment): KubeObject[] {
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: CLUSTER_ISSUER, labels },
      spec: {
        acme: {
          // The CA is the environment's choice (residency leak #3: its operator's jurisdiction is checked by the policies).
          server: env.tls.acmeServer,
          email: env.tls.email,
          privateKeySecretRef: { name: 'socle-acme-account' },
          // `class` rather than `ingressClassName`: valid in every cert-manager since 1.0, and the
          // field the published CRD schema we validate against (1.11) knows.
          solvers: [{ http01: { ingress: { class: INGRESS_CLASS } } }],
        },
      },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: { name: HSTS_MIDDLEWARE, namespace: NAMESPACES.edge, labels },
      spec: {
        headers: {
          // Two years, subdomains included: every app host is under the authority's domain.
          stsSeconds: 63072000,
          stsIncludeSubdomains: true,
          stsPreload: false,
          contentTypeNosniff: true,
          referrerPolicy: 'strict-origin-when-cross-origin',
        },
      },
    },
  ];
}

export interface Route {
  path: string;
  service: string;
  port: number;
}

export interface IngressOptions {
  /** Traefik middlewares of this namespace to apply after HSTS (e.g. a prefix strip). */
  middlewares?: string[];
  /**
   * A second Ingress for a host that already has one: reuse that Ingress's certificate Secret
   * instead of ordering another certificate for the same name.
   */
  certificateOf?: string;
}

/** Traefik's reference to a middleware CRD of a namespace. */
export const middlewareRef = (namespace: string, name: string) => `${namespace}-${name}@kubernetescrd`;

/** A Traefik middleware that removes a path prefix before the request reaches the backend. */
export function stripPrefix(namespace: string, name: string, prefix: string, extraLabels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: { name, namespace, labels: { ...labels, ...extraLabels } },
    spec: { stripPrefix: { prefixes: [prefix] } },
  };
}

/** An HTTPS-only Ingress for one host, with its certificate from the cluster issuer and HSTS. */
export function ingress(namespace: string, name: string, host: string, routes: Route[], extraLabels: Record<string, string>, options: IngressOptions = {}): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace,
      labels: { ...labels, ...extraLabels },
      annotations: {
        ...(options.certificateOf ? {} : { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER }),
        'traefik.ingress.kubernetes.io/router.entrypoints': HTTPS_ENTRY_POINT,
        'traefik.ingress.kubernetes.io/router.tls': 'true',
        'traefik.ingress.kubernetes.io/router.middlewares': [HSTS_REF, ...(options.middlewares ?? []).map((m) => middlewareRef(namespace, m))].join(','),
      },
    },
    spec: {
      ingressClassName: INGRESS_CLASS,
      tls: [{ hosts: [host], secretName: `${options.certificateOf ?? name}-tls` }],
      rules: [
        {
          host,
          http: { paths: routes.map((r) => ({ path: r.path, pathType: 'Prefix', backend: { service: { name: r.service, port: { number: r.port } } } })) },
        },
      ],
    },
  };
}

/**
 * A plain-TCP service behind the edge's TLS on the HTTPS port, for clients that may only reach
 * 443: Traefik's TCP routers come before its HTTP routers on an entry point, so
 * `HostSNI(host)` takes that name's TLS connections, terminates TLS with the host's certificate
 * and forwards the bytes; every other name still reaches the web apps. The PROXY header the load
 * balancer adds is consumed by the entry point itself (operators.ts), before any routing: Traefik
 * knows the client address, the backend sees Traefik's. No Ingress exists for the host, so the
 * certificate is ordered with a cert-manager `Certificate` (HTTP-01 through the cluster issuer:
 * the name points at the ingress, whose port 80 answers the challenge before its redirect).
 */
export function tcpBehindEdgeTls(namespace: string, name: string, host: string, backend: { service: string; port: number }, extraLabels: Record<string, string>): KubeObject[] {
  const secretName = `${name}-tls`;
  const metadata = () => ({ name, namespace, labels: { ...labels, ...extraLabels } });
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: metadata(),
      spec: { secretName, dnsNames: [host], issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: CLUSTER_ISSUER } },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRouteTCP',
      metadata: metadata(),
      spec: {
        entryPoints: [HTTPS_ENTRY_POINT],
        routes: [{ match: `HostSNI(\`${host}\`)`, services: [{ name: backend.service, port: backend.port }] }],
        tls: { secretName },
      },
    },
  ];
}
