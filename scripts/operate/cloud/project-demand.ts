/**
 * What an environment takes from its OpenStack project, per region, read from what `socle synth`
 * wrote: the resources of each stack's `cdk.tf.json` (servers and their flavors, server groups and
 * their members, floating IPs, ports, security groups and rules, networks, routers, load
 * balancers), the vCPUs and RAM of each flavor from the flavor catalogue (or the environment's
 * `cloud.customFlavors`), and the Cinder volumes the cluster's claims will make (`sizing.json`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment, Flavor } from '../../../environments/environment.js';
import { clouds } from '../../../environments/catalogue/cloud-catalogue.js';
import { STACK_FILE, type SynthesizedStack } from '../state/synthesized-stacks.js';

export interface ServerGroupDemand {
  /** `stack/resource name`, as the operator finds it in the stack. */
  name: string;
  policy: string;
  members: number;
  /** The members' flavors (for the anti-affinity host count). */
  flavors: string[];
}

export interface ProjectDemand {
  region: string;
  instances: number;
  cores: number;
  /** MiB, as Nova counts RAM. */
  ramMiB: number;
  /** Flavors neither the catalogue nor `cloud.customFlavors` describe: their cores and RAM are not counted. */
  unknownFlavors: string[];
  serverGroups: ServerGroupDemand[];
  floatingIps: number;
  ports: number;
  networks: number;
  subnets: number;
  routers: number;
  securityGroups: number;
  securityGroupRules: number;
  loadBalancers: number;
  /** Cinder volumes the persistent volume claims make once the suite runs (not the apply). */
  volumes: number;
  volumeGiB: number;
}

type Block = Record<string, unknown>;
interface StackJson {
  provider?: { openstack?: { alias?: string; region?: string }[] };
  resource?: Record<string, Record<string, Block>>;
}
interface SizingJson {
  region?: string;
  components?: { replicas?: number; volume?: { sizeGi?: number } }[];
  blockStorageGi?: number;
}

const emptyDemand = (region: string): ProjectDemand => ({
  region,
  instances: 0,
  cores: 0,
  ramMiB: 0,
  unknownFlavors: [],
  serverGroups: [],
  floatingIps: 0,
  ports: 0,
  networks: 0,
  subnets: 0,
  routers: 0,
  securityGroups: 0,
  securityGroupRules: 0,
  loadBalancers: 0,
  volumes: 0,
  volumeGiB: 0,
});

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Flavors by name: the provider's clouds' catalogues, then the environment's own declarations. */
function flavorTable(environment: Environment): Map<string, Flavor> {
  const catalogued = clouds().filter((c) => c.provider === environment.cloud.provider).flatMap((c) => c.flavors);
  return new Map<string, Flavor>([...catalogued, ...environment.cloud.customFlavors].map((f) => [f.name, f]));
}

/** The region a resource lives in: its `region`, else its provider alias's, else the stack's default provider's. */
function regionOf(json: StackJson, block: Block, fallback: string): string {
  const own = str(block['region']);
  if (own && !own.includes('${')) return own;
  const providers = json.provider?.openstack ?? [];
  const alias = str(block['provider'])?.replace(/^openstack\./, '');
  const provider = alias ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
  return provider?.region ?? fallback;
}

export function projectDemand(environment: Environment, stacks: readonly SynthesizedStack[], outDir: string): ProjectDemand[] {
  const flavors = flavorTable(environment);
  const byRegion = new Map<string, ProjectDemand>();
  const demand = (region: string) => byRegion.get(region) ?? byRegion.set(region, emptyDemand(region)).get(region)!;
  const addServers = (d: ProjectDemand, flavor: string | undefined, count: number) => {
    if (count <= 0) return;
    d.instances += count;
    const known = flavor ? flavors.get(flavor) : undefined;
    if (known) {
      d.cores += known.vcpus * count;
      // The catalogue gives GB; Nova counts MiB. GB × 1024 is the larger reading, so a shortfall is never hidden.
      d.ramMiB += known.ramGb * 1024 * count;
    } else if (!d.unknownFlavors.includes(flavor ?? '(none)')) d.unknownFlavors.push(flavor ?? '(none)');
  };

  for (const stack of [...stacks].sort((a, b) => a.name.localeCompare(b.name))) {
    const json = JSON.parse(readFileSync(join(stack.dir, STACK_FILE), 'utf8')) as StackJson;
    const resources = json.resource ?? {};
    const each = (type: string) => Object.entries(resources[type] ?? {});
    const count = (type: string, counter: keyof ProjectDemand) => {
      for (const [, block] of each(type)) (demand(regionOf(json, block, environment.cloud.region))[counter] as number) += 1;
    };
    count('openstack_networking_floatingip_v2', 'floatingIps');
    count('openstack_networking_port_v2', 'ports');
    count('openstack_networking_network_v2', 'networks');
    count('openstack_networking_subnet_v2', 'subnets');
    count('openstack_networking_router_v2', 'routers');
    count('openstack_networking_secgroup_v2', 'securityGroups');
    count('openstack_networking_secgroup_rule_v2', 'securityGroupRules');
    // Neutron gives every new security group two egress rules, IPv4 and IPv6 (networking api-ref,
    // "Create security group"), counted in the project's quota until removed.
    count('openstack_networking_secgroup_v2', 'securityGroupRules');
    count('openstack_networking_secgroup_v2', 'securityGroupRules');
    // A router interface on a subnet is a port of the router's project.
    count('openstack_networking_router_interface_v2', 'ports');
    // Each load balancer's VIP is a port of the project (Octavia api-ref, "Create a Load Balancer": vip_port_id).
    count('openstack_lb_loadbalancer_v2', 'loadBalancers');
    count('openstack_lb_loadbalancer_v2', 'ports');

    const groups = new Map<string, ServerGroupDemand & { region: string }>();
    for (const [name, block] of each('openstack_compute_servergroup_v2')) {
      // `policies` (a list) in provider v3.4.0's schema; `policy` from compute microversion 2.64.
      const policy = str(block['policy']) ?? (Array.isArray(block['policies']) ? str(block['policies'][0]) : undefined) ?? '';
      groups.set(name, { name: `${stack.name}/${name}`, policy, members: 0, flavors: [], region: regionOf(json, block, environment.cloud.region) });
    }
    for (const [, block] of each('openstack_compute_instance_v2')) {
      const d = demand(regionOf(json, block, environment.cloud.region));
      const flavor = str(block['flavor_name']) ?? str(block['flavor_id']);
      addServers(d, flavor, 1);
      // A network block without a port makes one for the server.
      const networks = Array.isArray(block['network']) ? (block['network'] as Block[]) : [];
      d.ports += networks.filter((n) => !str(n['port'])).length;
      const hints = Array.isArray(block['scheduler_hints']) ? (block['scheduler_hints'] as Block[]) : [];
      for (const hint of hints) {
        const group = /^\$\{openstack_compute_servergroup_v2\.([^.]+)\.id\}$/.exec(str(hint['group']) ?? '')?.[1];
        const g = group ? groups.get(group) : undefined;
        if (g) {
          g.members += 1;
          if (flavor && !g.flavors.includes(flavor)) g.flavors.push(flavor);
        }
      }
    }
    for (const { region, ...g } of groups.values()) demand(region).serverGroups.push(g);

    // Magnum makes the servers itself: masters and the default node group from the cluster (or its
    // template), further node groups from their own resources (provider v3.4.0 containerinfra docs).
    const templates = new Map(each('openstack_containerinfra_clustertemplate_v1'));
    for (const [, cluster] of each('openstack_containerinfra_cluster_v1')) {
      const d = demand(regionOf(json, cluster, environment.cloud.region));
      const template = templates.get(/^\$\{openstack_containerinfra_clustertemplate_v1\.([^.]+)\.id\}$/.exec(str(cluster['cluster_template_id']) ?? '')?.[1] ?? '') ?? {};
      const masters = num(cluster['master_count']) || 1;
      const nodes = num(cluster['node_count']) || 1;
      addServers(d, str(cluster['master_flavor']) ?? str(template['master_flavor']), masters);
      addServers(d, str(cluster['flavor']) ?? str(template['flavor']), nodes);
      d.ports += masters + nodes;
      if (template['master_lb_enabled'] === true) {
        d.loadBalancers += 1;
        d.ports += 1;
      }
    }
    for (const [, group] of each('openstack_containerinfra_nodegroup_v1')) {
      const d = demand(regionOf(json, group, environment.cloud.region));
      const nodes = num(group['node_count']) || 1;
      addServers(d, str(group['flavor_id']), nodes);
      d.ports += nodes;
    }
  }

  // Each replica of a stateful component claims one volume (sizing.json `components[].volume`).
  const sizingFile = join(outDir, 'sizing.json');
  if (existsSync(sizingFile)) {
    const sizing = JSON.parse(readFileSync(sizingFile, 'utf8')) as SizingJson;
    const d = demand(sizing.region ?? environment.cloud.region);
    for (const c of sizing.components ?? []) if (c.volume) d.volumes += num(c.replicas);
    d.volumeGiB += num(sizing.blockStorageGi);
  }
  return [...byRegion.values()].sort((a, b) => a.region.localeCompare(b.region));
}
