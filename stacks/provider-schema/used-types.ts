/**
 * The resources and data sources socle's stacks use, per provider: the only ones
 * `npm run gen:openstack` generates bindings for. Add a type here before using it in a stack.
 */
export interface UsedTypes {
  /** Version constraint written into `required_providers` (a `~>` range, never an exact pin). */
  version: string;
  /** The release the schema file in this folder was taken from, which stacks/README.md's runtime review was read at. */
  schemaVersion?: string;
  resources: readonly string[];
  dataSources: readonly string[];
}

export const USED_TYPES: Readonly<Record<string, UsedTypes>> = {
  // The schema in this folder is v3.4.0; `~> 3.4` takes its compatible minor and patch releases.
  'registry.terraform.io/terraform-provider-openstack/openstack': {
    version: '~> 3.4',
    schemaVersion: '3.4.0',
    resources: [
      'openstack_compute_instance_v2',
      'openstack_compute_servergroup_v2',
      'openstack_containerinfra_cluster_v1',
      'openstack_containerinfra_clustertemplate_v1',
      'openstack_containerinfra_nodegroup_v1',
      'openstack_identity_application_credential_v3',
      'openstack_identity_ec2_credential_v3',
      'openstack_identity_role_assignment_v3',
      'openstack_identity_user_v3',
      'openstack_lb_listener_v2',
      'openstack_lb_loadbalancer_v2',
      'openstack_lb_members_v2',
      'openstack_lb_monitor_v2',
      'openstack_lb_pool_v2',
      'openstack_networking_floatingip_v2',
      'openstack_networking_network_v2',
      'openstack_networking_port_secgroup_associate_v2',
      'openstack_networking_port_v2',
      'openstack_networking_router_interface_v2',
      'openstack_networking_router_v2',
      'openstack_networking_secgroup_rule_v2',
      'openstack_networking_secgroup_v2',
      'openstack_networking_subnet_v2',
      'openstack_objectstorage_container_v1',
    ],
    dataSources: ['openstack_identity_auth_scope_v3', 'openstack_identity_role_v3', 'openstack_lb_flavor_v2', 'openstack_networking_network_v2', 'openstack_networking_port_ids_v2'],
  },
};

/**
 * Resource types of OpenTofu's built-in `terraform` provider socle's stacks use: no schema file, no
 * generated bindings (cdktf ships `DataResource`), no provider to install.
 */
export const BUILTIN_RESOURCE_TYPES: readonly string[] = [
  // The cluster bootstrap bundle (stacks/compute/cluster-bootstrap.ts).
  'terraform_data',
];
