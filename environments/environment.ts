/**
 * The typed environment: what a platform engineer writes in `environments/*.yaml`, after
 * validation, profile layering and defaults. Every other part of socle reads this shape.
 * The JSON Schema in `environments/schema/environment.schema.json` is the contract for the file;
 * this type is the contract for the code (fields here are all resolved, none optional unless the
 * absence means something).
 */

export type Provider = 'ovhcloud' | 'openstack';
export type ClusterMode = 'instances' | 'magnum' | 'existing';
export type Jurisdiction = 'FR' | 'EU';
export type DataClassification = 'internal' | 'personal' | 'sensitive';
export type Edition = 'community' | 'enterprise';
export type ProfileName = 'pilot' | 'standard' | 'large';

export interface Flavor {
  name: string;
  vcpus: number;
  ramGb: number;
  /** List price per month (730 h), EUR excl. VAT; `undefined` when unknown. */
  monthlyEur?: number;
}

/** Flavor names per node role. */
export interface Flavors {
  /** Control plane instances (`cluster.mode: instances`). */
  controlPlane: string;
  /** General worker pool: every stateless app pod. */
  general: string;
  /** Media pool: Jitsi videobridges and TURN, one public IP per node. */
  media: string;
  /** Database pool: PostgreSQL, MongoDB, Redis, RabbitMQ (memory-heavy). */
  database: string;
}

export interface CloudConfig {
  provider: Provider;
  /** OpenStack region name as the cloud spells it (e.g. `GRA11`, `EU-WEST-PAR`). */
  region: string;
  /** Availability zones to spread over; empty for a one-zone region. */
  availabilityZones: string[];
  /** Name of the external (public) network routers and floating IPs attach to. */
  externalNetwork: string;
  /** Flavor per node role, as the environment overrides it (the sizing plan picks the rest). */
  flavors: Partial<Flavors>;
  /** Flavors the catalogue doesn't know, declared by the environment. */
  customFlavors: Flavor[];
  /** Glance image name for instances (`cluster.mode: instances`). */
  image: string;
  /** Keystone URL; `undefined` means "from OS_CLOUD / clouds.yaml at apply time". */
  authUrl?: string;
}

export interface ClusterConfig {
  mode: ClusterMode;
  /** Kubernetes minor version, e.g. `1.33`. */
  kubernetesVersion: string;
  /** CIDRs allowed to reach the Kubernetes API and SSH. Empty: nobody from outside. */
  adminCidrs: string[];
  /** OpenSSH public keys let into the nodes socle builds. Empty: no SSH login. */
  sshAuthorizedKeys: string[];
  /** Path to a kubeconfig, for `mode: existing`. */
  kubeconfig?: string;
  /** Magnum cluster template settings, for `mode: magnum`. */
  magnum?: { networkDriver: string; dockerVolumeSizeGb: number; image: string };
}

export interface BackupsConfig {
  /** A second region of the same provider that receives the backups. */
  region: string;
  /** Cron expression (UTC). */
  schedule: string;
  retentionDays: number;
}

export interface TerraformStateConfig {
  /** S3-compatible endpoint URL. */
  endpoint: string;
  bucket: string;
  region: string;
  /** Key prefix inside the bucket; each stack appends `<stack>.tfstate`. */
  keyPrefix: string;
}

export interface StateConfig {
  /** `undefined`: local state, for trying the shipped examples only (policy checks say so). */
  terraform?: TerraformStateConfig;
  /** Pulumi backend URL; defaults to a local `file://` backend under `out/<name>/`. */
  pulumi: { backend: string };
}

export interface JitsiBranding {
  appName: string;
  primaryColor: string;
  backgroundColor: string;
  logoUrl?: string;
  welcomeMessage?: string;
}

export interface AppsConfig {
  nextcloud: { enabled: boolean };
  onlyoffice: { enabled: boolean; edition: Edition };
  rocketchat: {
    enabled: boolean;
    edition: Edition;
    /** Push gateway URL, or `undefined` for push notifications off. */
    pushGateway?: string;
    /** The Jitsi app's release zip to install; `undefined`: the administrator installs it by hand. */
    jitsiApp?: { package: string; sha256: string };
  };
  wekan: { enabled: boolean };
  jitsi: {
    enabled: boolean;
    lobby: boolean;
    guests: boolean;
    branding: JitsiBranding;
    /** STUN servers (`host:port`) for clients and bridges; empty means "the authority's own TURN server only". */
    stunServers: string[];
    recording: boolean;
  };
}

/** Sizing assumptions; every one is documented in `sizing/assumptions.ts`. */
export interface SizingAssumptions {
  /** Share of named users connected at peak (chat, files, web). */
  concurrentShare: number;
  /** Share of named users in a video meeting at peak. */
  meetingShare: number;
  /** Share of named users editing an office document at peak. */
  coeditingShare: number;
  /** Nextcloud storage per user, GB. */
  storagePerUserGb: number;
  /** Chat and board attachments per user, GB. */
  attachmentsPerUserGb: number;
  /** Planning capacity of one videobridge, participants. */
  participantsPerBridge: number;
}

export interface Waiver {
  policy: string;
  /** Glob over finding resource addresses (`*` any run of characters). */
  resource: string;
  justification: string;
  owner: string;
  /** ISO date `YYYY-MM-DD`; the waiver lapses at the end of that day (UTC). */
  expires: string;
}

export interface Environment {
  apiVersion: 'socle/v1';
  name: string;
  authority: { name: string; domain: string };
  users: number;
  profile: ProfileName;
  cloud: CloudConfig;
  cluster: ClusterConfig;
  residency: { jurisdiction: Jurisdiction };
  dataClassification: DataClassification;
  /** `undefined`: no backups configured (the availability checks report it). */
  backups?: BackupsConfig;
  state: StateConfig;
  tls: { acmeServer: string; email: string };
  identity?: { oidc: { issuer: string; clientId: string } };
  /** Registry host that mirrors every image (e.g. an OVHcloud Managed Private Registry). */
  images: { mirror?: string };
  /** The authority's copy of the files nodes install (RKE2 releases), instead of the vendors' sites. */
  artifacts?: { url: string };
  smtp?: { host: string; port: number; from: string };
  apps: AppsConfig;
  sizing: SizingAssumptions;
  waivers: Waiver[];
}

/**
 * Public host names of the apps, derived from `authority.domain`. `turn` is the TURN/STUN server on
 * the media nodes' floating IPs; `turns` is TURN over TLS on 443, at the ingress address like the
 * web apps (the edge routes it by SNI to the same TURN server).
 */
export function appHosts(env: Environment): Record<'nextcloud' | 'onlyoffice' | 'rocketchat' | 'wekan' | 'jitsi' | 'turn' | 'turns', string> {
  const d = env.authority.domain;
  return {
    nextcloud: `fichiers.${d}`,
    onlyoffice: `office.${d}`,
    rocketchat: `discussion.${d}`,
    wekan: `projets.${d}`,
    jitsi: `visio.${d}`,
    turn: `turn.${d}`,
    turns: `turns.${d}`,
  };
}
