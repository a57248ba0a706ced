/**
 * The Barman Cloud CNPG-I plugin (github.com/cloudnative-pg/plugin-barman-cloud): the successor of
 * CloudNativePG's in-tree Barman Cloud support (`spec.backup.barmanObjectStore`, deprecated in 1.26,
 * removed in 1.28: cloudnative-pg v1.27.0 docs/src/release_notes/v1.26.md L124-126), which the
 * Clusters' WAL archiving and base backups go through (charts/data/postgresql-cluster.ts).
 *
 * Installed by its Helm chart into the CloudNativePG operator's namespace, where it must run
 * (v0.15.0 web/versioned_docs/version-0.15.0/installation.mdx: "must be installed in the same
 * namespace as the CloudNativePG operator"). The operator finds it by its Service there: label
 * `cnpg.io/pluginName`, annotations `cnpg.io/pluginPort` and `cnpg.io/plugin{Server,Client}Secret`
 * (cloudnative-pg v1.27.0 internal/controller/plugin_controller.go L120-200), and calls it over
 * mutual TLS (1.3) at `<service>:<port>`; cert-manager issues both certificates from the chart's
 * self-signed Issuer (chart 0.7.0 templates/service.yaml, server-certificate.yaml,
 * client-certificate.yaml, certificate-issuer.yaml). Requirements: CloudNativePG 1.26 or later,
 * 1.27.0 recommended, and cert-manager (v0.15.0 web/versioned_docs/version-0.15.0/intro.md).
 *
 * The chart: 0.7.0 is the newest release the evidence holds (cloudnative-pg/charts tag
 * plugin-barman-cloud-v0.7.0, appVersion v0.13.0). Between v0.13.0 and v0.15.0 the plugin's API
 * types (api/v1) and its config/ tree (CRD schema, RBAC, manager Deployment) are identical but for
 * one field description inherited from k8s.io/api, and internal/cmd (the operator's flags) is
 * unchanged: the chart's objects fit v0.15.0, whose images `image.tag`/`sidecarImage.tag` pin.
 */
import type { Environment } from '../../environments/environment.js';
import { chartImage } from '../images.js';
import type { KubeObject } from '../kube-object.js';
import { chartSource } from './chart-source.js';
import { OPERATOR_NAMESPACES } from './namespaces.js';
import { allowEgressTo, allowIngressFrom, CNPG_OPERATOR_POD_LABELS } from './network-policies.js';
import type { OperatorRelease } from './operators.js';

export const BARMAN_CLOUD_PLUGIN = {
  chart: '0.7.0',
  /** The plugin's release; the ObjectStore CRD of the real-API-server tests is generated from it (scripts/tools/recipes/barman-cloud-crds.ts). */
  plugin: 'v0.15.0',
  /** The name Clusters and Backups call it by (v0.15.0 internal/cnpgi/metadata/constants.go L26). */
  name: 'barman-cloud.cloudnative-pg.io',
  /** Its gRPC port: `--server-address=:9090` and the Service's port (chart 0.7.0 templates/deployment.yaml, values.yaml `service.port`). */
  port: 9090,
} as const;

/** The release name; the chart's fullname is the release name when it contains the chart's name (chart 0.7.0 templates/_helpers.tpl). */
const RELEASE = 'plugin-barman-cloud';

/** The plugin's pods: the chart's selector labels (templates/_helpers.tpl `plugin-barman-cloud.selectorLabels`). */
export const BARMAN_CLOUD_PLUGIN_POD_LABELS = { 'app.kubernetes.io/name': 'plugin-barman-cloud', 'app.kubernetes.io/instance': RELEASE } as const;

export function barmanCloudPluginRelease(env: Environment): OperatorRelease {
  return {
    name: RELEASE,
    namespace: OPERATOR_NAMESPACES.cnpg,
    ...chartSource(env, 'plugin-barman-cloud', 'https://cloudnative-pg.github.io/charts'),
    version: BARMAN_CLOUD_PLUGIN.chart,
    // The chart's Certificates and Issuer are cert-manager objects: its CRDs and webhook first.
    after: ['cert-manager'],
    values: {
      // values.yaml `image`/`sidecarImage` {registry, repository, tag}: the sidecar's reference goes
      // to the operator as SIDECAR_IMAGE (templates/configmap.yaml), which injects it into every
      // instance pod (v0.15.0 internal/cnpgi/operator/lifecycle.go L452-453).
      image: chartImage(env, 'barmanCloudPlugin'),
      sidecarImage: chartImage(env, 'barmanCloudSidecar'),
      // The chart hard-codes `--log-level=debug` and appends `additionalArgs` after it (chart 0.7.0
      // templates/deployment.yaml). The plugin registers `--log-level` on a Go flag.FlagSet
      // (cloudnative-pg/machinery pkg/log flags.go `AddFlags`, read at v0.5.0: v0.15.0 requires
      // v0.6.0, which the Go module proxy does not serve), and Go's flag parsing sets a flag at each
      // occurrence: the last one given wins. `info` is the flag's own default.
      additionalArgs: ['--log-level=info'],
    },
  };
}

/**
 * The operator's namespace denies all traffic (network-policies.ts platformPolicies): the operator
 * reaches the plugin's gRPC port, and only the operator does.
 */
export function barmanCloudPluginPolicies(): KubeObject[] {
  const ns = OPERATOR_NAMESPACES.cnpg;
  const plugin = [{ port: BARMAN_CLOUD_PLUGIN.port }];
  return [
    allowIngressFrom(ns, 'allow-barman-cloud-plugin-from-operator', BARMAN_CLOUD_PLUGIN_POD_LABELS, [{ podSelector: { matchLabels: CNPG_OPERATOR_POD_LABELS } }], plugin),
    allowEgressTo(ns, 'allow-operator-to-barman-cloud-plugin', CNPG_OPERATOR_POD_LABELS, [{ podSelector: { matchLabels: BARMAN_CLOUD_PLUGIN_POD_LABELS } }], plugin),
  ];
}
