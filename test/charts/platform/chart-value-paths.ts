/**
 * The value paths each pinned operator chart reads, as found in the chart's own files (values.yaml,
 * values.schema.json, templates). Helm ignores a value no template reads, so a misspelt or moved key
 * would silently not apply: chart-values.test.ts checks every value socle sets against this list.
 * A path segment `*` stands for any one key; a trailing `**` for any subtree the chart passes through
 * whole (toYaml, or a map turned into a config file). Bumping a chart version makes the test fail
 * until the paths are checked again against that version's files.
 */
export interface ChartValuePaths {
  /** The chart version these paths were checked for (the version socle pins). */
  version: string;
  /** Which files were read, at which version, as evidence. */
  read: string;
  paths: string[];
}

export const CHART_VALUE_PATHS: Record<string, ChartValuePaths> = {
  traefik: {
    version: '37.1.1',
    read:
      'traefik/traefik-helm-chart: values.yaml, values.schema.json, templates/_podtemplate.tpl, _service.tpl, _helpers.tpl ' +
      '(a 37.3+ snapshot); CHANGELOG.md 36.0.0 (globalArguments replaced by global.*), 37.1.0 (checkNewVersion=false rendered), ' +
      '37.1.1…37.3.0 (no change to the keys below); podSecurityContext and ports.*.transport read at tag v37.1.1',
    paths: [
      'deployment.replicas',
      'podDisruptionBudget.enabled',
      'podDisruptionBudget.maxUnavailable',
      'nodeSelector.**',
      'resources.**',
      'image.registry',
      'image.repository',
      'global.checkNewVersion',
      'global.sendAnonymousUsage',
      'ports.*.redirections.entryPoint.to',
      'ports.*.redirections.entryPoint.scheme',
      'ports.*.redirections.entryPoint.permanent',
      'ports.*.redirections.entryPoint.priority',
      'ports.*.nodePort',
      'ports.*.proxyProtocol.trustedIPs',
      'ports.*.http3.enabled',
      'service.type',
      'service.annotations.**',
      'service.spec.**',
      'providers.kubernetesCRD.allowCrossNamespace',
      'providers.kubernetesIngress.publishedService.enabled',
      'ingressClass.enabled',
      'ingressClass.isDefaultClass',
      'ingressClass.name',
      'securityContext.**',
      // v37.1.1 templates/_podtemplate.tpl L987-990: the pod's securityContext is `toYaml .Values.podSecurityContext`.
      'podSecurityContext.**',
      // v37.1.1 templates/_podtemplate.tpl L729-740 → `--entryPoints.<name>.transport.respondingTimeouts.readTimeout=…`;
      // values.yaml L751-755, values.schema.json (string, integer or null).
      'ports.*.transport.respondingTimeouts.readTimeout',
    ],
  },
  'cert-manager': {
    version: 'v1.18.2',
    read:
      'cert-manager/cert-manager: deploy/charts/cert-manager/values.yaml (a 1.17/1.18 snapshot: feature gates "as of v1.17.0", ' +
      'no global.nodeSelector, which 1.19 added), templates/webhook-poddisruptionbudget.yaml',
    paths: [
      'crds.enabled',
      'replicaCount',
      'podDisruptionBudget.enabled',
      'podDisruptionBudget.minAvailable',
      'image.repository',
      'webhook.replicaCount',
      'webhook.podDisruptionBudget.enabled',
      'webhook.podDisruptionBudget.minAvailable',
      'webhook.image.repository',
      'cainjector.replicaCount',
      'cainjector.podDisruptionBudget.enabled',
      'cainjector.podDisruptionBudget.minAvailable',
      'cainjector.image.repository',
      'acmesolver.image.repository',
      'startupapicheck.image.repository',
    ],
  },
  'cloudnative-pg': {
    version: '0.26.0',
    read: 'cloudnative-pg/charts: charts/cloudnative-pg/values.yaml, values.schema.json, README.md (chart 0.18.1; 0.26.0 not stored, same keys in third-party 0.22–0.29 values)',
    // image.tag: values.yaml L22-26 at tag cloudnative-pg-v0.26.0 ("Overrides the image tag whose default is the chart appVersion"),
    // templates/deployment.yaml L96.
    paths: ['replicaCount', 'image.repository', 'image.tag', 'monitoring.podMonitorEnabled'],
  },
  'plugin-barman-cloud': {
    version: '0.7.0',
    read: 'cloudnative-pg/charts tag plugin-barman-cloud-v0.7.0: charts/plugin-barman-cloud/values.yaml, templates/deployment.yaml, templates/configmap.yaml',
    // values.yaml `image` and `sidecarImage` {registry, repository, tag} ("Overrides the image tag whose
    // default is the chart appVersion"); deployment.yaml renders `image.registry/repository:tag`,
    // configmap.yaml SIDECAR_IMAGE from `sidecarImage.*`; deployment.yaml appends `additionalArgs`
    // (values.yaml `additionalArgs: []`) after its own args.
    paths: ['image.registry', 'image.repository', 'image.tag', 'sidecarImage.registry', 'sidecarImage.repository', 'sidecarImage.tag', 'additionalArgs'],
  },
  'openstack-cloud-controller-manager': {
    version: '2.36.5',
    read:
      'kubernetes/cloud-provider-openstack: charts/openstack-cloud-controller-manager/values.yaml (chart 2.31.1), ' +
      'templates/daemonset.yaml, _helpers.tpl (cloud.conf from cloudConfig.*), README.md; cloud.conf keys from ' +
      'docs/openstack-cloud-controller-manager/using-openstack-cloud-controller-manager.md',
    paths: [
      'image.repository',
      'nodeSelector.**',
      'tolerations',
      'enabledControllers',
      'secret.create',
      'secret.name',
      'cloudConfig.global.region',
      'cloudConfig.global.auth-url',
      'cloudConfig.global.application-credential-id',
      'cloudConfig.global.application-credential-secret',
      'cloudConfig.loadBalancer.enabled',
    ],
  },
  'openstack-cinder-csi': {
    version: '2.36.2',
    read:
      'kubernetes/cloud-provider-openstack: charts/cinder-csi-plugin/templates/controllerplugin-deployment.yaml, ' +
      'nodeplugin-daemonset.yaml, storageclass.yaml, snapshot-controller-statefulset.yaml, ci/secret-enabled-values.yaml; ' +
      'docs/cinder-csi-plugin/using-cinder-csi-plugin.md (older chart versions: the store holds no 2.36 file)',
    paths: [
      'secret.enabled',
      'secret.create',
      'secret.name',
      'secret.filename',
      'storageClass.enabled',
      'csi.snapshotController.enabled',
      'csi.plugin.image.repository',
      'csi.attacher.image.repository',
      'csi.provisioner.image.repository',
      'csi.snapshotter.image.repository',
      'csi.resizer.image.repository',
      'csi.livenessprobe.image.repository',
      'csi.nodeDriverRegistrar.image.repository',
    ],
  },
};
