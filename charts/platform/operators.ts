/**
 * The operators and controllers the suite relies on, installed by the Pulumi program as Helm
 * releases pinned to exact chart versions, before any rendered object: on clusters socle builds,
 * the OpenStack cloud controller and Cinder CSI; then Traefik (edge), cert-manager (certificates),
 * CloudNativePG (PostgreSQL) and, with backups, its Barman Cloud plugin. A GitOps user installs the same charts, same versions
 * and values, from this list (`out/<name>/deploy/operators.json`).
 * With `images.mirror`, charts come from the mirror (`oci://<mirror>/charts/<chart>`) and every
 * image they run from the mirror too: nothing is pulled from outside the EU at deploy or run time.
 */
import type { Environment } from '../../environments/environment.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { INGRESS_NODE_PORTS } from '../../stacks/lb/ingress-ports.js';
import { NODE_SUBNET_CIDR } from '../../stacks/networking/address-plan.js';
import { barmanCloudPluginRelease } from './barman-cloud-plugin.js';
import { chartSource, registry } from './chart-source.js';
import { OPERATOR_NAMESPACES } from './namespaces.js';
import { openstackCloudProviderReleases } from './openstack-cloud-provider.js';
import { poolSelector } from './node-pools.js';
import { component } from '../resources.js';

export interface OperatorRelease {
  name: string;
  namespace: string;
  chart: string;
  /** Exact chart version. */
  version: string;
  /** Upstream Helm repository, used when no mirror is set. */
  repository: string;
  values: Record<string, unknown>;
  /** Releases this one must follow (their CRDs or webhooks serve objects its chart holds). */
  after?: string[];
  /** Values the program fills from Pulumi config at deploy time: never written to operators.json. */
  configValues?: ConfigValue[];
}

/** A release value read from Pulumi config (namespace `socle`) at deploy time. */
export interface ConfigValue {
  /** Where in `values` it goes, e.g. `['cloudConfig', 'global', 'application-credential-secret']`. */
  path: string[];
  configKey: string;
  secret: boolean;
}


/**
 * Pulumi config key (namespace `socle`) that carries the cluster stack's `ingress_load_balancer_id`
 * output to the program (Magnum: the Traefik Service adopts that load balancer); a deploy sets it.
 */
export const INGRESS_LOAD_BALANCER_CONFIG_KEY = 'ingressLoadBalancerId';

/** Values known only at deploy time, from the infrastructure stacks' outputs. */
export interface DeployInputs {
  /** `ingress_load_balancer_id` output of the cluster stack (Magnum clusters). */
  ingressLoadBalancerId?: string;
}

/**
 * How long the HTTPS entry point may take to read one whole request, body included. Traefik's
 * default since 2.11.2 is 60 s (traefik v3.5.2 pkg/config/static/static_config.go L47-48, L178;
 * docs/content/reference/install-configuration/entrypoints.md L112; docs/content/migrate/v2.md
 * L627-629): an upload that lasts longer is cut. Nextcloud takes bodies up to PHP_UPLOAD_LIMIT
 * (10 GiB, charts/apps/nextcloud/nextcloud.ts), and WebDAV clients that don't chunk send a file in one PUT: 3 h
 * lets 10 GiB through at 8 Mbit/s. Slow clients are still bounded, by this and by the idle timeout
 * (180 s by default, static_config.go L45).
 */
export const EDGE_READ_TIMEOUT = '3h';

/**
 * How the edge is reached, per cluster mode (the contract of stacks/lb/ingress-ports.ts):
 * `instances`: Octavia → NodePorts on the general nodes with the PROXY protocol (client addresses
 * kept); `magnum`: a LoadBalancer Service adopting the load balancer the cluster stack created;
 * `existing`: a plain LoadBalancer Service. HTTPS only: the HTTP entry point only redirects.
 */
function edgeExposure(env: Environment, deploy: DeployInputs): Record<string, unknown> {
  // Lowest priority: Traefik's entry-point redirect otherwise outranks every router of port 80,
  // cert-manager's HTTP-01 solvers included, and the CA follows it to 443, where the TURN over TLS
  // route (HostSNI turns.<domain>, TCP routers first) would take the challenge to coturn.
  const redirect = { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true, priority: 1 } } };
  const proxied = { proxyProtocol: { trustedIPs: [NODE_SUBNET_CIDR] } };
  const websecure = { http3: { enabled: false }, transport: { respondingTimeouts: { readTimeout: EDGE_READ_TIMEOUT } } };
  switch (env.cluster.mode) {
    case 'instances':
      return {
        ports: {
          web: { ...redirect, nodePort: INGRESS_NODE_PORTS.http, ...proxied },
          websecure: { nodePort: INGRESS_NODE_PORTS.https, ...websecure, ...proxied },
        },
        // Local: no SNAT between node and pod, so the PROXY header comes from the load balancer itself.
        service: { type: 'NodePort', spec: { externalTrafficPolicy: 'Local' } },
      };
    case 'magnum':
      return {
        ports: { web: { ...redirect, ...proxied }, websecure: { ...websecure, ...proxied } },
        service: {
          type: 'LoadBalancer',
          annotations: {
            'loadbalancer.openstack.org/proxy-protocol': 'true',
            ...(deploy.ingressLoadBalancerId ? { 'loadbalancer.openstack.org/load-balancer-id': deploy.ingressLoadBalancerId } : {}),
          },
        },
      };
    case 'existing':
      return { ports: { web: redirect, websecure }, service: { type: 'LoadBalancer' } };
  }
}

/**
 * cert-manager's PodDisruptionBudgets (controller, webhook, CA injector: two replicas each). The
 * bound is explicit: some chart templates emit neither `minAvailable` nor `maxUnavailable` when
 * none is set, which leaves a budget that allows every eviction.
 */
const CERT_MANAGER_PDB = { enabled: true, minAvailable: 1 };

/**
 * CloudNativePG: the chart and the operator it installs (cloudnative-pg/charts
 * cloudnative-pg-v0.26.0 `charts/cloudnative-pg/Chart.yaml`: appVersion 1.27.0). The Clusters' WAL
 * archiving and base backups go through the Barman Cloud plugin (barman-cloud-plugin.ts), not the
 * in-tree support 1.26 deprecated and 1.28 removes.
 */
export const CLOUDNATIVE_PG = { chart: '0.26.0', operator: '1.27.0' } as const;

export function operatorReleases(env: Environment, plan: SizingPlan, deploy: DeployInputs = {}): OperatorRelease[] {
  const edge = component(plan, 'ingress');
  return [
    ...openstackCloudProviderReleases(env),
    {
      name: 'cert-manager',
      namespace: OPERATOR_NAMESPACES.certManager,
      ...chartSource(env, 'cert-manager', 'https://charts.jetstack.io'),
      version: 'v1.18.2',
      values: {
        crds: { enabled: true },
        replicaCount: 2,
        podDisruptionBudget: CERT_MANAGER_PDB,
        image: { repository: `${registry(env, 'quay.io')}/jetstack/cert-manager-controller` },
        webhook: { replicaCount: 2, podDisruptionBudget: CERT_MANAGER_PDB, image: { repository: `${registry(env, 'quay.io')}/jetstack/cert-manager-webhook` } },
        cainjector: { replicaCount: 2, podDisruptionBudget: CERT_MANAGER_PDB, image: { repository: `${registry(env, 'quay.io')}/jetstack/cert-manager-cainjector` } },
        acmesolver: { image: { repository: `${registry(env, 'quay.io')}/jetstack/cert-manager-acmesolver` } },
        startupapicheck: { image: { repository: `${registry(env, 'quay.io')}/jetstack/cert-manager-startupapicheck` } },
      },
    },
    {
      name: 'cloudnative-pg',
      namespace: OPERATOR_NAMESPACES.cnpg,
      ...chartSource(env, 'cloudnative-pg', 'https://cloudnative-pg.github.io/charts'),
      version: CLOUDNATIVE_PG.chart,
      values: {
        replicaCount: 2,
        // The operator version, explicit (the chart's default tag is its appVersion).
        image: { repository: `${registry(env, 'ghcr.io')}/cloudnative-pg/cloudnative-pg`, tag: CLOUDNATIVE_PG.operator },
        // No PodMonitor: it is a Prometheus Operator object, whose CRDs socle does not install.
        monitoring: { podMonitorEnabled: false },
      },
    },
    ...(env.backups ? [barmanCloudPluginRelease(env)] : []),
    {
      name: 'traefik',
      namespace: OPERATOR_NAMESPACES.traefik,
      ...chartSource(env, 'traefik', 'https://traefik.github.io/charts'),
      version: '37.1.1',
      values: {
        deployment: { replicas: edge.replicas },
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        nodeSelector: poolSelector(edge.pool),
        resources: {
          requests: { cpu: `${edge.requests.cpuMillicores}m`, memory: `${edge.requests.memoryMiB}Mi` },
          limits: { cpu: `${edge.limits.cpuMillicores}m`, memory: `${edge.limits.memoryMiB}Mi` },
        },
        // Docker Hub's official image: `library/traefik`, the path charts/images.ts keeps under a mirror.
        image: { registry: registry(env, 'docker.io'), repository: 'library/traefik' },
        // Residency: Traefik's update check and anonymous usage statistics phone home. Since chart 36
        // these are `global.*` (traefik/templates/_podtemplate.tpl turns checkNewVersion=false into
        // `--global.checkNewVersion=false`); the old `globalArguments` list is read by nothing.
        global: { checkNewVersion: false, sendAnonymousUsage: false },
        ...edgeExposure(env, deploy),
        providers: { kubernetesCRD: { allowCrossNamespace: true }, kubernetesIngress: { publishedService: { enabled: true } } },
        ingressClass: { enabled: true, isDefaultClass: true, name: 'traefik' },
        // Pod Security `restricted` (the namespace's enforce level) wants a seccomp profile on the pod
        // or every container; the chart's defaults set none (values.yaml L954-965, rendered as they are
        // by _podtemplate.tpl L150-153 and L987-990), so every pod would be refused.
        podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      },
    },
  ];
}
