/**
 * cloud-init user data that installs RKE2 on a node (`cluster.mode: instances`).
 *
 * Why RKE2: a CNCF-conformant distribution maintained by SUSE that tracks upstream Kubernetes
 * minors (one channel per minor), ships embedded etcd for a 3-server HA control plane, containerd
 * and a CNI, encrypts Secrets at rest, and is hardened by default (CIS benchmark profile
 * available) — less to assemble and patch than kubeadm, more hardened than k3s.
 *
 * The cloud-config is written as JSON (valid YAML, and escaping-safe); values like the join tokens
 * are Terraform references to the stored bootstrap bundle resolved at apply time, never literal secrets. The one shell command
 * (`runcmd`) holds constants and environment values only, each quoted for sh (`shell-words.ts`); values
 * Terraform fills in (addresses) reach scripts through files, never through the command line.
 *
 * Every node closes the metadata service to pods and non-root processes before RKE2 starts
 * (`node-scripts/metadata-guard.sh`): its user data holds join tokens, and the first server's the
 * cluster CA keys. RKE2 keeps those same keys root-only on every server
 * (`/var/lib/rancher/rke2/server/tls`, 0600), so the guard leaves the user data exactly as exposed as
 * RKE2's own files — whereas keeping the keys out of it would mean RKE2 making its own CAs, and the
 * admin kubeconfig fetched from a node over SSH instead of signed by `socle deploy` with the client CA.
 */
import { readFileSync } from 'node:fs';
import { kubernetesRelease } from '../../environments/catalogue/kubernetes-releases.js';
import type { Environment } from '../../environments/environment.js';
import type { NodePoolPlan, PoolRole } from '../../sizing/sizing-plan.js';
import { RKE2_SUPERVISOR_PORT } from '../networking/security-rules.js';
import type { BootstrapFile } from './cluster-bootstrap.js';
import { kubeletDropIn } from './kubelet-drop-in.js';
import { shellCommand } from './shell-words.js';

/** Node label every node carries; charts select pools with it. */
export const POOL_LABEL = 'socle/pool';
/** Media nodes that run TURN carry `socle/turn=true`; `turn.<domain>` points at their floating IPs. */
export const TURN_NODE_LABEL = 'socle/turn';

// Dedicated pools keep other pods off: control plane only runs critical add-ons; media and
// database nodes only run what tolerates their taint (videobridges, TURN, data stores). Magnum
// nodes get the same labels and taints from `socle deploy` (scripts/operate/cloud/magnum-node-labels.ts).
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

/** Scripts shipped to the nodes byte for byte (tests run them: test/stacks/node-scripts.test.ts). */
const SCRIPT_DIR = '/usr/local/lib/socle';
const nodeScript = (name: string) => readFileSync(new URL(`./node-scripts/${name}`, import.meta.url), 'utf8');
const METADATA_GUARD_UNIT = 'socle-metadata-guard.service';
/** Where the first server finds the registration address (a Terraform value: kept off the command line). */
const REGISTRATION_URL_FILE = '/var/lib/socle/registration-url';
/** The first server's `server:` when it joins an existing cluster (RKE2 reads `config.yaml.d/*.yaml`). */
const JOIN_DROP_IN = '/etc/rancher/rke2/config.yaml.d/50-socle-join.yaml';

/**
 * The Secret (kube-system) RKE2 reads its etcd-s3 settings from at every snapshot save, list and
 * prune (docs.rke2.io datastore/backup_restore.md, "S3 Configuration Secret Support"): made from the
 * backups stack's outputs by `socle deploy`, so that no S3 key sits in the servers' user data.
 */
export const ETCD_S3_CONFIG_SECRET = 'socle-etcd-snapshot-s3';

/** Registries whose images socle's clusters pull; all are rewritten to the mirror when one is set. */
const MIRRORED_REGISTRIES = ['docker.io', 'quay.io', 'registry.k8s.io', 'ghcr.io'];

export interface NodeBootstrap {
  role: PoolRole;
  /** The pool's flavor: the kubelet reserves for the node what the plan left out of its allocatable. */
  flavor: Pick<NodePoolPlan['flavor'], 'vcpus' | 'ramGb'>;
  /**
   * The first server: it founds the cluster, unless a server already answers at `apiAddress` (it
   * is a replacement); every other node joins through `apiAddress`.
   */
  initialises: boolean;
  /** Private address of the API load balancer (Terraform reference). */
  apiAddress: string;
  /** Extra names the API certificate must carry (the API load balancer's addresses). */
  tlsSans: string[];
  /** The join passwords (Terraform references). */
  tokens: { server: string; agent: string };
  /** SHA-256 (hex) of the server CA certificate file every server serves at `/cacerts` (Terraform reference). */
  serverCaHash: string;
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

/**
 * The secure token `K10<CA hash>::<user>:<password>`: a joining node downloads `/cacerts`, checks its
 * hash against the token and only then sends the password (docs.rke2.io security/token.md). For a
 * one-certificate bundle the hash is SHA-256 over the file's literal bytes (k3s
 * pkg/clientaccess/token.go `hashCA`), the bytes cloud-init writes to the first server's
 * server-ca.crt and the other servers copy from the datastore. `server` and `node` are the users
 * RKE2 itself writes into the server and agent tokens. With custom CA files, the founding server
 * may hold the secure form too (token.md, "Server").
 */
function secureToken(node: NodeBootstrap, user: 'server' | 'node'): string {
  return `K10${node.serverCaHash}::${user}:${user === 'server' ? node.tokens.server : node.tokens.agent}`;
}

function rke2Config(node: NodeBootstrap, backups: boolean): object {
  const server = node.role === 'control-plane';
  return {
    ...(node.initialises ? {} : { server: `https://${node.apiAddress}:${RKE2_SUPERVISOR_PORT}` }),
    token: secureToken(node, server ? 'server' : 'node'),
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
          // Scheduled snapshots also go to the backup region's bucket, with the settings of a Secret.
          ...(backups ? { 'etcd-s3': true, 'etcd-s3-config-secret': ETCD_S3_CONFIG_SECRET } : {}),
        }
      : {}),
    'cloud-provider-name': 'external',
    'node-label': [`${POOL_LABEL}=${node.role}`, ...(node.turn ? [`${TURN_NODE_LABEL}=true`] : [])],
    ...(POOL_TAINTS[node.role].length > 0 ? { 'node-taint': POOL_TAINTS[node.role] } : {}),
  };
}

/** The shell words that install RKE2: from the authority's copy of the release, or from RKE2's sites. */
function installCommand(env: Environment, type: 'server' | 'agent'): string {
  const release = kubernetesRelease(env.cluster.kubernetesVersion).rke2;
  if (!env.artifacts) return `${shellCommand(['curl', '-sfL', INSTALLER_URL])} | ${shellCommand(['env', `INSTALL_RKE2_VERSION=${release}`, `INSTALL_RKE2_TYPE=${type}`, 'sh', '-'])}`;
  const base = `${env.artifacts.url.replace(/\/$/, '')}/rke2/${release}`;
  const downloads = ARTIFACT_FILES.map((f) => shellCommand(['curl', '-sfL', '--retry', '5', '-o', `${ARTIFACT_DIR}/${f}`, `${base}/${f}`]));
  return [shellCommand(['mkdir', '-p', ARTIFACT_DIR]), ...downloads, shellCommand(['env', `INSTALL_RKE2_ARTIFACT_PATH=${ARTIFACT_DIR}`, `INSTALL_RKE2_TYPE=${type}`, 'sh', `${ARTIFACT_DIR}/install.sh`])].join(' && ');
}

/** The metadata guard, at every boot before RKE2 (whose unit requires it: no guard, no RKE2). */
function metadataGuardFiles(type: 'server' | 'agent'): object[] {
  const unit = [
    '[Unit]',
    'Description=socle: instance metadata for root on this node only',
    'Before=rke2-server.service rke2-agent.service',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `ExecStart=/bin/sh ${SCRIPT_DIR}/metadata-guard.sh`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
  return [
    { path: `${SCRIPT_DIR}/metadata-guard.sh`, permissions: '0755', content: nodeScript('metadata-guard.sh') },
    { path: `/etc/systemd/system/${METADATA_GUARD_UNIT}`, permissions: '0644', content: unit },
    { path: `/etc/systemd/system/rke2-${type}.service.d/10-socle-metadata-guard.conf`, permissions: '0644', content: `[Unit]\nRequires=${METADATA_GUARD_UNIT}\nAfter=${METADATA_GUARD_UNIT}\n` },
  ];
}

export function rke2CloudInit(env: Environment, node: NodeBootstrap): string {
  const type = node.role === 'control-plane' ? 'server' : 'agent';
  const files: object[] = [{ path: '/etc/rancher/rke2/config.yaml', permissions: '0600', content: `${JSON.stringify(rke2Config(node, env.backups !== undefined), null, 2)}\n` }];
  // RKE2 reserves nothing for the node itself and keeps no memory eviction threshold: the plan's, as a kubelet drop-in.
  files.push(kubeletDropIn(node.flavor));
  if (env.images.mirror) files.push({ path: '/etc/rancher/rke2/registries.yaml', permissions: '0600', content: `${JSON.stringify(registriesConfig(env.images.mirror), null, 2)}\n` });
  for (const file of node.files) files.push({ path: file.path, permissions: file.permissions, encoding: 'b64', content: file.base64Content });
  files.push(...metadataGuardFiles(type));
  const commands = [
    shellCommand(['systemctl', 'daemon-reload']),
    shellCommand(['systemctl', 'enable', '--now', METADATA_GUARD_UNIT]),
    installCommand(env, type),
  ];
  if (node.initialises) {
    files.push({ path: `${SCRIPT_DIR}/rke2-join-existing.sh`, permissions: '0755', content: nodeScript('rke2-join-existing.sh') });
    files.push({ path: REGISTRATION_URL_FILE, permissions: '0644', content: `https://${node.apiAddress}:${RKE2_SUPERVISOR_PORT}` });
    commands.push(shellCommand(['sh', `${SCRIPT_DIR}/rke2-join-existing.sh`, REGISTRATION_URL_FILE, JOIN_DROP_IN]));
  }
  commands.push(shellCommand(['systemctl', 'enable', '--now', `rke2-${type}.service`]));
  const doc = {
    ...(env.cluster.sshAuthorizedKeys.length > 0 ? { ssh_authorized_keys: env.cluster.sshAuthorizedKeys } : {}),
    write_files: files,
    // One command: a step that fails stops the ones after it (no RKE2 without the guard).
    runcmd: [['sh', '-c', commands.join(' && ')]],
  };
  return `#cloud-config\n${JSON.stringify(doc, null, 2)}\n`;
}
