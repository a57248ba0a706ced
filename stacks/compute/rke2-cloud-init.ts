/**
 * cloud-init user data that installs RKE2 on a node (`cluster.mode: instances`).
 *
 * Why RKE2: a CNCF-conformant distribution maintained by SUSE that tracks upstream Kubernetes
 * minors (one channel per minor), ships embedded etcd for a 3-server HA control plane, containerd
 * and a CNI, encrypts Secrets at rest, and is hardened by default (CIS benchmark profile
 * available) — less to assemble and patch than kubeadm, more hardened than k3s.
 *
 * The cloud-config is written as JSON (valid YAML, and escaping-safe); values like the join tokens
 * are Terraform references resolved at apply time, never literal secrets.
 */
import { kubernetesRelease } from '../../environments/catalogue/kubernetes-releases.js';
import type { Environment } from '../../environments/environment.js';
import type { PoolRole } from '../../sizing/sizing-plan.js';
import { RKE2_SUPERVISOR_PORT } from '../networking/security-rules.js';
import type { BootstrapFile } from './cluster-certificates.js';

/** Node label every node carries; charts select pools with it. */
export const POOL_LABEL = 'socle/pool';
/** Media nodes that run TURN carry `socle/turn=true`; `turn.<domain>` points at their floating IPs. */
export const TURN_NODE_LABEL = 'socle/turn';

// Dedicated pools keep other pods off: control plane only runs critical add-ons; media and
// database nodes only run what tolerates their taint (videobridges, TURN, data stores). Magnum
// nodes get the same labels and taints from `socle deploy` (scripts/operate/magnum-node-labels.ts).
export const POOL_TAINTS: Readonly<Record<PoolRole, readonly string[]>> = {
  'control-plane': ['CriticalAddonsOnly=true:NoExecute'],
  general: [],
  media: [`${POOL_LABEL}=media:NoSchedule`],
  database: [`${POOL_LABEL}=database:NoSchedule`],
};

/** RKE2's official installer, asked for the exact release the Kubernetes catalogue pins. */
const INSTALLER_URL = 'https://get.rke2.io';
/**
 * With `artifacts.url`, the installer runs in its air-gap mode (`INSTALL_RKE2_ARTIFACT_PATH`) on the
 * release files the authority copied: it checks the tarball against the release's checksum file.
 * The nodes are x86-64 (every catalogued flavor is).
 */
const ARTIFACT_FILES = ['install.sh', 'rke2.linux-amd64.tar.gz', 'sha256sum-amd64.txt'];
const ARTIFACT_DIR = '/var/lib/socle/rke2-artifacts';

/** Registries whose images socle's clusters pull; all are rewritten to the mirror when one is set. */
const MIRRORED_REGISTRIES = ['docker.io', 'quay.io', 'registry.k8s.io', 'ghcr.io'];

export interface NodeBootstrap {
  role: PoolRole;
  /** The first server initialises the cluster; every other node joins through `apiAddress`. */
  initialises: boolean;
  /** Private address of the API load balancer (Terraform reference). */
  apiAddress: string;
  /** Extra names the API certificate must carry (the API load balancer's addresses). */
  tlsSans: string[];
  tokens: { server: string; agent: string };
  /** Files written before RKE2 starts (the cluster CAs, on the initialising server). */
  files: BootstrapFile[];
  /** This media node runs TURN (the first media nodes, as many as the plan has TURN replicas). */
  turn: boolean;
}

/** `registries.yaml`: every upstream registry served by the mirror host, under its path. */
function registriesConfig(mirror: string): object {
  const [host, ...path] = mirror.split('/');
  const prefix = path.length > 0 ? `${path.join('/')}/` : '';
  return {
    mirrors: Object.fromEntries(
      MIRRORED_REGISTRIES.map((registry) => [registry, { endpoint: [`https://${host}`], ...(prefix ? { rewrite: { '^(.*)$': `${prefix}$1` } } : {}) }]),
    ),
  };
}

function rke2Config(node: NodeBootstrap): object {
  const server = node.role === 'control-plane';
  return {
    ...(node.initialises ? {} : { server: `https://${node.apiAddress}:${RKE2_SUPERVISOR_PORT}` }),
    token: server ? node.tokens.server : node.tokens.agent,
    ...(server
      ? {
          'agent-token': node.tokens.agent,
          'tls-san': node.tlsSans,
          'secrets-encryption': true,
          'write-kubeconfig-mode': '0600',
          // The ingress controller is deployed by socle's charts; RKE2's own would compete for it.
          disable: ['rke2-ingress-nginx'],
          // The OpenStack cloud controller (deployed with the workloads) sets zones and addresses.
          'disable-cloud-controller': true,
        }
      : {}),
    'cloud-provider-name': 'external',
    'node-label': [`${POOL_LABEL}=${node.role}`, ...(node.turn ? [`${TURN_NODE_LABEL}=true`] : [])],
    ...(POOL_TAINTS[node.role].length > 0 ? { 'node-taint': POOL_TAINTS[node.role] } : {}),
  };
}

/** The shell line that installs RKE2: from the authority's copy of the release, or from RKE2's sites. */
function installCommand(env: Environment, type: 'server' | 'agent'): string {
  const release = kubernetesRelease(env.cluster.kubernetesVersion).rke2;
  if (!env.artifacts) return `curl -sfL ${INSTALLER_URL} | INSTALL_RKE2_VERSION=${release} INSTALL_RKE2_TYPE=${type} sh -`;
  const base = `${env.artifacts.url.replace(/\/$/, '')}/rke2/${release}`;
  const downloads = ARTIFACT_FILES.map((f) => `curl -sfL --retry 5 -o ${ARTIFACT_DIR}/${f} ${base}/${f}`).join(' && ');
  return `mkdir -p ${ARTIFACT_DIR} && ${downloads} && INSTALL_RKE2_ARTIFACT_PATH=${ARTIFACT_DIR} INSTALL_RKE2_TYPE=${type} sh ${ARTIFACT_DIR}/install.sh`;
}

export function rke2CloudInit(env: Environment, node: NodeBootstrap): string {
  const type = node.role === 'control-plane' ? 'server' : 'agent';
  const files: object[] = [{ path: '/etc/rancher/rke2/config.yaml', permissions: '0600', content: `${JSON.stringify(rke2Config(node), null, 2)}\n` }];
  if (env.images.mirror) files.push({ path: '/etc/rancher/rke2/registries.yaml', permissions: '0600', content: `${JSON.stringify(registriesConfig(env.images.mirror), null, 2)}\n` });
  for (const file of node.files) files.push({ path: file.path, permissions: file.permissions, encoding: 'b64', content: file.base64Content });
  const doc = {
    ...(env.cluster.sshAuthorizedKeys.length > 0 ? { ssh_authorized_keys: env.cluster.sshAuthorizedKeys } : {}),
    write_files: files,
    runcmd: [
      ['sh', '-c', installCommand(env, type)],
      ['systemctl', 'enable', '--now', `rke2-${type}.service`],
    ],
  };
  return `#cloud-config\n${JSON.stringify(doc, null, 2)}\n`;
}
