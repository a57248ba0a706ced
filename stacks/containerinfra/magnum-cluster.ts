/**
 * A Magnum cluster (`cluster.mode: magnum`): a template, the cluster (control plane and its default
 * worker group, the media pool: `magnum-node-groups.ts`) and one node group per other pool. Magnum
 * runs on the private network of the network stack with floating IPs off (the media nodes get
 * theirs from socle: `magnum-media-addresses.ts`), and its API load balancer only admits the admin
 * CIDRs and the node subnet (`master_lb_allowed_cidrs`). Never on OVHcloud, which offers no Magnum.
 */
import { kubernetesRelease } from '../../environments/catalogue/kubernetes-releases.js';
import type { Environment } from '../../environments/environment.js';
import type { NodePoolPlan, SizingPlan } from '../../sizing/sizing-plan.js';
import type { TerraformStack } from '../cdktf.js';
import { ContainerinfraClusterV1 } from '../generated/providers/openstack/containerinfra-cluster-v1/index.js';
import { ContainerinfraClustertemplateV1 } from '../generated/providers/openstack/containerinfra-clustertemplate-v1/index.js';
import { ContainerinfraNodegroupV1 } from '../generated/providers/openstack/containerinfra-nodegroup-v1/index.js';
import { address, objectName, resourceId } from '../naming.js';
import { MAGNUM_POD_CIDR, NODE_SUBNET_CIDR } from '../networking/address-plan.js';
import { magnumNodeGroups } from './magnum-node-groups.js';

export interface MagnumClusterProps {
  externalNetworkId: string;
  networkId: string;
  subnetId: string;
}

function pool(plan: SizingPlan, role: NodePoolPlan['role']): NodePoolPlan {
  const found = plan.nodePools.find((p) => p.role === role);
  if (!found) throw new Error(`the sizing plan has no ${role} pool`);
  return found;
}

export function addMagnumCluster(stack: TerraformStack, env: Environment, plan: SizingPlan, props: MagnumClusterProps): ContainerinfraClusterV1 {
  if (env.cloud.provider === 'ovhcloud') throw new Error('OVHcloud offers no Magnum: use cluster.mode instances or existing');
  const magnum = env.cluster.magnum;
  if (!magnum) throw new Error('cluster.mode magnum needs cluster.magnum settings');
  const controlPlane = pool(plan, 'control-plane');
  const groups = magnumNodeGroups(plan);
  const template = new ContainerinfraClustertemplateV1(stack, address(ContainerinfraClustertemplateV1, 'cluster'), {
    name: objectName(env, 'kubernetes', env.cluster.kubernetesVersion),
    coe: 'kubernetes',
    image: magnum.image,
    externalNetworkId: props.externalNetworkId,
    fixedNetwork: props.networkId,
    fixedSubnet: props.subnetId,
    masterFlavor: controlPlane.flavor.name,
    flavor: groups.defaultWorker.flavor.name,
    networkDriver: magnum.networkDriver,
    dockerVolumeSize: magnum.dockerVolumeSizeGb,
    masterLbEnabled: true,
    floatingIpEnabled: false,
    labels: {
      master_lb_allowed_cidrs: [...env.cluster.adminCidrs, NODE_SUBNET_CIDR].join(','),
      // With floating IPs off, the API load balancer gets one only with this label (Magnum Heat
      // driver, drivers/heat/template_def.py add_fip_env_file, 2026.1 = 31b84327^): the admin
      // CIDRs reach the API through it; without admin CIDRs it stays private.
      master_lb_floating_ip_enabled: String(env.cluster.adminCidrs.length > 0),
      // The Kubernetes release of the catalogue (Heat driver `kube_tag`); the Cluster API drivers
      // take it from the image's `kube_version` property instead (stacks/README.md, Known limits).
      kube_tag: kubernetesRelease(env.cluster.kubernetesVersion).rke2.replace(/\+.*$/, ''),
      // The media nodes' security groups admit this range (address-plan.ts): pinned, whichever driver.
      calico_ipv4pool: MAGNUM_POD_CIDR,
      flannel_network_cidr: MAGNUM_POD_CIDR,
    },
  });
  const cluster = new ContainerinfraClusterV1(stack, address(ContainerinfraClusterV1, 'cluster'), {
    name: objectName(env),
    clusterTemplateId: template.id,
    masterCount: controlPlane.count,
    nodeCount: groups.defaultWorker.count,
    fixedNetwork: props.networkId,
    fixedSubnet: props.subnetId,
    // Explicit: a cluster may override its template, and public nodes are never wanted here.
    floatingIpEnabled: false,
    mergeLabels: true,
  });
  for (const other of groups.named) {
    new ContainerinfraNodegroupV1(stack, address(ContainerinfraNodegroupV1, resourceId(other.role)), {
      name: other.role,
      clusterId: cluster.id,
      flavorId: other.flavor.name,
      nodeCount: other.count,
      role: other.role,
      mergeLabels: true,
    });
  }
  return cluster;
}
