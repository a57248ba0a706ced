/**
 * Every OpenStack API call the cloud controller manager (OCCM) and the Cinder CSI driver make, as
 * method and path under the API's versioned root: the list the cloud-provider credential's access
 * rules are built from (`cloud-provider-credential.ts`). Read from kubernetes/cloud-provider-openstack
 * branch release-1.36 (bae07f49, the line of the 2.36.x charts `environments/catalogue/kubernetes-releases.ts`
 * pins) and the URL builders of gophercloud v2.12.0 (its go.mod), `openstack/<package>/urls.go`.
 * Query strings (`?device_id=`, `?cascade=true`) are not part of the path Keystone matches.
 *
 * Left out on purpose, because socle's configuration never reaches them: the route controller
 * (`pkg/openstack/routes.go`, routers and extra routes; only with `[Route] router-id`), TLS-terminating
 * listeners (Barbican `secrets`/`containers`, L7 policies), and Manila.
 */
export type ApiService = 'compute' | 'network' | 'load-balancer' | 'block-storage';

export interface ApiCall {
  service: ApiService;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under the versioned root of `API_ROOTS`; `{name}` stands for one id. */
  path: string;
  /** The cloud-provider-openstack function that makes it (file: gophercloud call). */
  caller: string;
}

const occm = 'pkg/openstack';
const util = 'pkg/util/openstack';
const csi = 'pkg/csi/cinder/openstack';

export const CLOUD_PROVIDER_API_CALLS: readonly ApiCall[] = [
  // Node initialisation: the instance, its flavor, its ports and their networks (instances*.go).
  { service: 'compute', method: 'GET', path: '/servers/{server_id}', caller: `${occm}/instances.go, ${csi}/openstack_instances.go: servers.Get` },
  { service: 'compute', method: 'GET', path: '/servers/detail', caller: `${occm}/instances.go: servers.List (listDetailURL), server by name` },
  { service: 'compute', method: 'GET', path: '/flavors/{flavor_id}', caller: `${occm}/instances.go: flavors.Get (instance type)` },
  { service: 'network', method: 'GET', path: '/ports', caller: `${occm}/instances.go: getAttachedPorts, ports.List{DeviceID}; ${util}/network.go` },
  { service: 'network', method: 'GET', path: '/ports/{port_id}', caller: `${occm}/instances_addresses.go: neutronports.Get (trunk subports)` },
  { service: 'network', method: 'GET', path: '/networks/{network_id}', caller: `${occm}/instances_addresses.go: networks.Get` },
  { service: 'network', method: 'GET', path: '/networks', caller: `${util}/network.go: networks.List (floating network lookup)` },
  { service: 'network', method: 'GET', path: '/extensions', caller: `${util}/network.go: extensions.List` },
  // Service type LoadBalancer (loadbalancer.go, loadbalancer_sg.go, util/openstack/loadbalancer*.go).
  { service: 'network', method: 'GET', path: '/subnets', caller: `${occm}/loadbalancer.go, ${util}/network.go: subnets.List` },
  { service: 'network', method: 'GET', path: '/subnets/{subnet_id}', caller: `${occm}/loadbalancer.go, loadbalancer_sg.go: subnets.Get` },
  { service: 'network', method: 'GET', path: '/floatingips', caller: `${util}/network.go: floatingips.List` },
  { service: 'network', method: 'POST', path: '/floatingips', caller: `${occm}/loadbalancer.go: floatingips.Create` },
  { service: 'network', method: 'PUT', path: '/floatingips/{floatingip_id}', caller: `${occm}/loadbalancer.go: floatingips.Update` },
  { service: 'network', method: 'DELETE', path: '/floatingips/{floatingip_id}', caller: `${occm}/loadbalancer.go: floatingips.Delete` },
  { service: 'network', method: 'POST', path: '/security-groups', caller: `${occm}/loadbalancer_sg.go: groups.Create` },
  { service: 'network', method: 'DELETE', path: '/security-groups/{security_group_id}', caller: `${occm}/loadbalancer_sg.go: groups.Delete` },
  { service: 'network', method: 'GET', path: '/security-group-rules', caller: `${util}/security_group.go: rules.List` },
  { service: 'network', method: 'POST', path: '/security-group-rules', caller: `${occm}/loadbalancer_sg.go: rules.Create` },
  { service: 'network', method: 'DELETE', path: '/security-group-rules/{rule_id}', caller: `${occm}/loadbalancer_sg.go: rules.Delete` },
  { service: 'network', method: 'PUT', path: '/ports/{port_id}', caller: `${occm}/loadbalancer_sg.go: neutronports.Update (member ports' groups)` },
  { service: 'network', method: 'DELETE', path: '/ports/{port_id}/tags/{tag}', caller: `${occm}/loadbalancer_sg.go: neutrontags.Delete` },
  { service: 'load-balancer', method: 'GET', path: '/lbaas/loadbalancers', caller: `${util}/loadbalancer.go: loadbalancers.List` },
  { service: 'load-balancer', method: 'POST', path: '/lbaas/loadbalancers', caller: `${occm}/loadbalancer.go: loadbalancers.Create` },
  { service: 'load-balancer', method: 'GET', path: '/lbaas/loadbalancers/{loadbalancer_id}', caller: `${util}/loadbalancer.go: loadbalancers.Get` },
  { service: 'load-balancer', method: 'PUT', path: '/lbaas/loadbalancers/{loadbalancer_id}', caller: `${util}/loadbalancer.go: loadbalancers.Update` },
  { service: 'load-balancer', method: 'DELETE', path: '/lbaas/loadbalancers/{loadbalancer_id}', caller: `${util}/loadbalancer.go: loadbalancers.Delete (cascade)` },
  { service: 'load-balancer', method: 'GET', path: '/lbaas/listeners', caller: `${util}/loadbalancer.go: listeners.List` },
  { service: 'load-balancer', method: 'POST', path: '/lbaas/listeners', caller: `${util}/loadbalancer.go: listeners.Create` },
  { service: 'load-balancer', method: 'PUT', path: '/lbaas/listeners/{listener_id}', caller: `${util}/loadbalancer.go: listeners.Update` },
  { service: 'load-balancer', method: 'DELETE', path: '/lbaas/listeners/{listener_id}', caller: `${util}/loadbalancer.go: listeners.Delete` },
  { service: 'load-balancer', method: 'GET', path: '/lbaas/pools', caller: `${util}/loadbalancer.go: pools.List` },
  { service: 'load-balancer', method: 'POST', path: '/lbaas/pools', caller: `${util}/loadbalancer.go: pools.Create` },
  { service: 'load-balancer', method: 'PUT', path: '/lbaas/pools/{pool_id}', caller: `${util}/loadbalancer.go: pools.Update` },
  { service: 'load-balancer', method: 'DELETE', path: '/lbaas/pools/{pool_id}', caller: `${util}/loadbalancer.go: pools.Delete` },
  { service: 'load-balancer', method: 'GET', path: '/lbaas/pools/{pool_id}/members', caller: `${util}/loadbalancer.go: pools.ListMembers` },
  { service: 'load-balancer', method: 'PUT', path: '/lbaas/pools/{pool_id}/members', caller: `${util}/loadbalancer.go: pools.BatchUpdateMembers` },
  { service: 'load-balancer', method: 'POST', path: '/lbaas/pools/{pool_id}/members', caller: `${util}/loadbalancer_serial.go: pools.CreateMember` },
  { service: 'load-balancer', method: 'DELETE', path: '/lbaas/pools/{pool_id}/members/{member_id}', caller: `${util}/loadbalancer_serial.go: pools.DeleteMember` },
  { service: 'load-balancer', method: 'POST', path: '/lbaas/healthmonitors', caller: `${util}/loadbalancer.go: monitors.Create` },
  { service: 'load-balancer', method: 'GET', path: '/lbaas/healthmonitors/{healthmonitor_id}', caller: `${util}/loadbalancer.go: monitors.Get` },
  { service: 'load-balancer', method: 'PUT', path: '/lbaas/healthmonitors/{healthmonitor_id}', caller: `${util}/loadbalancer.go: monitors.Update` },
  { service: 'load-balancer', method: 'DELETE', path: '/lbaas/healthmonitors/{healthmonitor_id}', caller: `${util}/loadbalancer.go: monitors.Delete` },
  // Cinder CSI: volumes, snapshots (and backups, for a snapshot class of type backup), attachments.
  { service: 'block-storage', method: 'POST', path: '/volumes', caller: `${csi}/openstack_volumes.go: volumes.Create` },
  { service: 'block-storage', method: 'GET', path: '/volumes/detail', caller: `${csi}/openstack_volumes.go: volumes.List (listURL is volumes/detail)` },
  { service: 'block-storage', method: 'GET', path: '/volumes/{volume_id}', caller: `${csi}/openstack_volumes.go: volumes.Get (also attach/detach waits)` },
  { service: 'block-storage', method: 'DELETE', path: '/volumes/{volume_id}', caller: `${csi}/openstack_volumes.go: volumes.Delete` },
  { service: 'block-storage', method: 'POST', path: '/volumes/{volume_id}/action', caller: `${csi}/openstack_volumes.go: volumes.ExtendSize` },
  { service: 'block-storage', method: 'POST', path: '/snapshots', caller: `${csi}/openstack_snapshots.go: snapshots.Create` },
  { service: 'block-storage', method: 'GET', path: '/snapshots', caller: `${csi}/openstack_snapshots.go: snapshots.List` },
  { service: 'block-storage', method: 'GET', path: '/snapshots/{snapshot_id}', caller: `${csi}/openstack_snapshots.go: snapshots.Get` },
  { service: 'block-storage', method: 'DELETE', path: '/snapshots/{snapshot_id}', caller: `${csi}/openstack_snapshots.go: snapshots.Delete` },
  { service: 'block-storage', method: 'POST', path: '/backups', caller: `${csi}/openstack_backups.go: backups.Create` },
  { service: 'block-storage', method: 'GET', path: '/backups', caller: `${csi}/openstack_backups.go: backups.List` },
  { service: 'block-storage', method: 'GET', path: '/backups/{backup_id}', caller: `${csi}/openstack_backups.go: backups.Get` },
  { service: 'block-storage', method: 'DELETE', path: '/backups/{backup_id}', caller: `${csi}/openstack_backups.go: backups.Delete` },
  { service: 'compute', method: 'POST', path: '/servers/{server_id}/os-volume_attachments', caller: `${csi}/openstack_volumes.go: volumeattach.Create` },
  { service: 'compute', method: 'DELETE', path: '/servers/{server_id}/os-volume_attachments/{attachment_id}', caller: `${csi}/openstack_volumes.go: volumeattach.Delete` },
];

/**
 * Where each API's calls start, as the catalog endpoint path plus what gophercloud appends
 * (`openstack/client.go` v2.12.0: Neutron and Octavia clients append `v2.0/`; Nova and Cinder use
 * the endpoint as is). Nova's endpoint carries the project id on OVHcloud (`/v2.1/<project_id>`) and
 * not on clouds that dropped it; Cinder's v3 endpoint carries it everywhere
 * (`/v3/<project_id>`). A cloud that serves an API under a path prefix (`/compute/v2.1`) is not covered.
 */
export const API_ROOTS: Readonly<Record<ApiService, readonly string[]>> = {
  compute: ['/v2.1', '/v2.1/{project_id}'],
  network: ['/v2.0'],
  'load-balancer': ['/v2.0'],
  'block-storage': ['/v3/{project_id}'],
};

/**
 * The service type each API's keystonemiddleware compares a rule's `service` with: its own
 * `[keystone_authtoken] service_type`, which must also be in the token's catalog
 * (keystonemiddleware 13.0.0 `auth_token/__init__.py` `validate_allowed_request`). Cinder's is
 * the deployer's choice between the catalog's `volumev3` and the official `block-storage`: a rule
 * for each, only the one the cloud configured ever matches.
 */
export const SERVICE_TYPES: Readonly<Record<ApiService, readonly string[]>> = {
  compute: ['compute'],
  network: ['network'],
  'load-balancer': ['load-balancer'],
  'block-storage': ['block-storage', 'volumev3'],
};
