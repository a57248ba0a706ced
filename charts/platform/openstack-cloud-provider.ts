/**
 * The OpenStack cloud controller manager and the Cinder CSI driver, on clusters socle builds on
 * instances (`cluster.mode: instances`). RKE2 runs there with an external cloud provider: until
 * the controller initialises them, nodes keep the `uninitialized` taint, and without the CSI driver
 * no volume binds. Magnum clusters bring both; an existing cluster has its own.
 * Both use the application credential the cluster stack creates for them (limited to the compute,
 * network, load-balancer and volume APIs), handed over by `socle deploy` as Pulumi config.
 */
import { kubernetesRelease } from '../../environments/catalogue/kubernetes-releases.js';
import type { Environment } from '../../environments/environment.js';
import { chartSource, registry } from './chart-source.js';
import type { OperatorRelease } from './operators.js';

/** Pulumi config keys a deploy sets from the cluster stack's outputs and the operator's Keystone URL. */
export const CLOUD_PROVIDER_CONFIG = {
  credentialId: 'cloudProviderCredentialId',
  credentialSecret: 'cloudProviderCredentialSecret',
  authUrl: 'openstackAuthUrl',
} as const;

/** The Secret (kube-system) holding `cloud.conf`: the controller's chart makes it, the CSI chart reads it. */
export const CLOUD_CONFIG_SECRET = 'cloud-config';

// kubernetes/cloud-provider-openstack charts, at the versions the release catalogue pins for the
// cluster's Kubernetes minor (chart minor = Kubernetes minor).
const REPOSITORY = 'https://kubernetes.github.io/cloud-provider-openstack';

/** The RKE2 control plane's taint (stacks/compute/rke2-cloud-init.ts) and the uninitialised-node one. */
const CONTROL_PLANE_TOLERATIONS = [
  { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
  { key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
];

export function openstackCloudProviderReleases(env: Environment): OperatorRelease[] {
  if (env.cluster.mode !== 'instances') return [];
  const k8s = registry(env, 'registry.k8s.io');
  const charts = kubernetesRelease(env.cluster.kubernetesVersion).charts;
  return [
    {
      name: 'openstack-cloud-controller-manager',
      namespace: 'kube-system',
      ...chartSource(env, 'openstack-cloud-controller-manager', REPOSITORY),
      version: charts.cloudControllerManager,
      values: {
        image: { repository: `${k8s}/provider-os/openstack-cloud-controller-manager` },
        nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' },
        tolerations: CONTROL_PLANE_TOLERATIONS,
        // Nodes only: the ingress load balancer is the cluster stack's, and no Service asks for one.
        enabledControllers: ['cloud-node', 'cloud-node-lifecycle'],
        secret: { create: true, name: CLOUD_CONFIG_SECRET },
        cloudConfig: {
          global: { region: env.cloud.region },
          loadBalancer: { enabled: false },
        },
      },
      configValues: [
        { path: ['cloudConfig', 'global', 'auth-url'], configKey: CLOUD_PROVIDER_CONFIG.authUrl, secret: false },
        { path: ['cloudConfig', 'global', 'application-credential-id'], configKey: CLOUD_PROVIDER_CONFIG.credentialId, secret: true },
        { path: ['cloudConfig', 'global', 'application-credential-secret'], configKey: CLOUD_PROVIDER_CONFIG.credentialSecret, secret: true },
      ],
    },
    {
      name: 'openstack-cinder-csi',
      namespace: 'kube-system',
      ...chartSource(env, 'openstack-cinder-csi', REPOSITORY),
      version: charts.cinderCsi,
      values: {
        // The controller chart's Secret holds the file as `cloud.conf`; the CSI templates read
        // /etc/kubernetes/<secret.filename> (cinder-csi-plugin/templates/controllerplugin-deployment.yaml).
        secret: { enabled: true, create: false, name: CLOUD_CONFIG_SECRET, filename: 'cloud.conf' },
        // socle's own storage classes (charts/data/storage-classes.ts) name the volume types.
        storageClass: { enabled: false },
        csi: {
          // socle takes no volume snapshots; off, so no image runs that the mirror does not list.
          snapshotController: { enabled: false },
          plugin: { image: { repository: `${k8s}/provider-os/cinder-csi-plugin` } },
          attacher: { image: { repository: `${k8s}/sig-storage/csi-attacher` } },
          provisioner: { image: { repository: `${k8s}/sig-storage/csi-provisioner` } },
          snapshotter: { image: { repository: `${k8s}/sig-storage/csi-snapshotter` } },
          resizer: { image: { repository: `${k8s}/sig-storage/csi-resizer` } },
          livenessprobe: { image: { repository: `${k8s}/sig-storage/livenessprobe` } },
          nodeDriverRegistrar: { image: { repository: `${k8s}/sig-storage/csi-node-driver-registrar` } },
        },
      },
    },
  ];
}
