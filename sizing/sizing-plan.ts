/**
 * The sizing plan: what `size(environment)` derives, and what stacks, charts, policies and cost
 * read. Its JSON form (`socle size --format json`, `out/<name>/sizing.json`) is a documented,
 * stable contract: fields are only ever added.
 */
import type { Edition, Flavor, ProfileName, SizingAssumptions } from '../environments/environment.js';

export type AppName = 'nextcloud' | 'onlyoffice' | 'rocketchat' | 'wekan' | 'jitsi' | 'platform';
export type PoolRole = 'control-plane' | 'general' | 'media' | 'database';

export interface Resources {
  /** CPU in millicores (1000 = one vCPU). */
  cpuMillicores: number;
  /** Memory in MiB. */
  memoryMiB: number;
}

export interface VolumePlan {
  /** Per replica, GiB. */
  sizeGi: number;
  /** `fast`: high-speed block storage (databases); `standard`: classic. */
  class: 'fast' | 'standard';
}

/**
 * A container of the component's pods besides its main one. `sidecar`: runs for the pod's life
 * beside it (nginx in front of PHP-FPM, Sentinel beside Valkey); `init`: runs to completion first.
 */
export interface HelperContainer {
  name: string;
  role: 'sidecar' | 'init';
  /** Requests and limits are equal: a helper is never the pod's burst. */
  resources: Resources;
  /** Why it asks that much. */
  rationale: string;
}

export interface ComponentPlan {
  /** Stable name, e.g. `nextcloud-app`, `rocketchat-mongodb`, `jitsi-videobridge`. */
  name: string;
  app: AppName;
  /** `stateless`: a Deployment; `stateful`: members of a replicated data store; `cron`: a scheduled job. */
  kind: 'stateless' | 'stateful' | 'cron';
  /** Total replicas (for per-shard components: shards × per-shard replicas). */
  replicas: number;
  /** Jitsi shard components: the number of shards the replicas are split over. */
  shards?: number;
  /** The main container's requests and limits. */
  requests: Resources;
  limits: Resources;
  /** The pod's other containers; the scheduler counts them too (sizing/pod-requests.ts). */
  helpers?: HelperContainer[];
  volume?: VolumePlan;
  pool: Exclude<PoolRole, 'control-plane'>;
  /**
   * `one-per-node`: never two replicas on one node (quorum members, videobridges, TURN: a hard
   * hostname spread in the charts); `preferred`: the scheduler spreads them when it can. The
   * plan always sets it; a component built outside the plan (a chart's helper) may leave it out.
   */
  spread?: 'one-per-node' | 'preferred';
  /**
   * Runs at the backups' lower priority (charts platform/priority-classes.ts): after a node loss
   * the scheduler may evict it to place a service pod, so the N+1 headroom need not hold it.
   */
  preemptible?: boolean;
  /** How the replica count was reached, in words a reviewer can check. */
  rationale: string;
}

export interface ZoneCount {
  /** `null` in a one-zone region. */
  zone: string | null;
  count: number;
}

export interface NodePoolPlan {
  role: PoolRole;
  flavor: Flavor;
  /** Total nodes, N+1 headroom included. */
  count: number;
  zones: ZoneCount[];
  /** Each node gets a floating IP (videobridges and TURN are reached directly). */
  publicIp: boolean;
  /** Sum of the requests placed on this pool. */
  requested: Resources;
  /** Requests one node takes: its flavor less the system reserve, eviction threshold and per-node pods (sizing/node-allocatable.ts). */
  allocatablePerNode: Resources;
  /**
   * What each node has left once the scheduler port placed the pool's pods, node by node: the room
   * the one-shot Jobs (install, schema, replica-set initiation) run in at deploy time.
   */
  freePerNode: Resources[];
  /** `requested` as a share (0–1, two decimals) of what the pool's nodes leave to pods; `binding`: the fuller of the two. */
  utilisation: { cpu: number; memory: number; binding: 'cpu' | 'memory' };
  rationale: string;
}

export interface LicenceGate {
  app: 'onlyoffice' | 'rocketchat';
  edition: Edition;
  /** What the edition allows, in words with numbers. */
  allows: string;
  /** What the expected load needs, in words with numbers. */
  needs: string;
  /** The edition covers the need. */
  sufficient: boolean;
  /** The number the limit applies to, and the limit (for machine checks). */
  measure: { name: string; expected: number; limit: number | null };
}

export interface BucketPlan {
  /** Stable logical name, e.g. `nextcloud-data`, `backups`. */
  name: string;
  purpose: string;
  /** OpenStack region that holds it. */
  region: string;
  sizeGb: number;
  /** Of `sizeGb`, what is written in the Infrequent Access tier (S3 STANDARD_IA); absent: all Standard. */
  infrequentAccessGb?: number;
}

export interface LoadBalancerPlan {
  name: string;
  /** OVHcloud Octavia size (small 200 Mbit/s, medium 500, large 2 Gbit/s, xl 4 Gbit/s). */
  size: 'small' | 'medium' | 'large' | 'xl';
  /** What it fronts. */
  purpose: string;
}

export interface SizingPlan {
  environment: string;
  users: number;
  profile: ProfileName;
  region: string;
  zones: string[];
  assumptions: SizingAssumptions;
  /** Expected peak load, derived from users and assumptions. */
  load: {
    concurrentUsers: number;
    meetingParticipants: number;
    coeditors: number;
    nextcloudRequestsPerSecond: number;
    phpWorkers: number;
    videoEgressMbps: number;
  };
  components: ComponentPlan[];
  jitsi: { shards: number; bridges: number } | null;
  nodePools: NodePoolPlan[];
  licences: LicenceGate[];
  objectStorage: BucketPlan[];
  /** Block storage for persistent volumes, GiB in all. */
  blockStorageGi: number;
  loadBalancers: LoadBalancerPlan[];
  /** Floating IPs: load balancers + media nodes. */
  publicIps: number;
}
