/**
 * Every recipe, in order of value for a time budget (issue 12): OpenTofu and its provider first
 * (every stack's plan), the S3 server (tofu's S3 state backend, the rclone backups and socle's
 * bucket calls: four suites for a short build), then the control plane, then what runs inside it
 * (CRDs, the CloudNativePG operator), then Pulumi. kube-scheduler comes right after
 * kube-controller-manager: it is built from the same module (kubernetesCommand, whose file's text,
 * part of every Kubernetes tool's cache key, is left as it is so that adding it rebuilds none of
 * the others) and reuses most of their compiled packages.
 */
import type { Recipe } from '../recipe.js';
import { barmanCloudCrds } from './barman-cloud-crds.js';
import { cnpgManager } from './cnpg-manager.js';
import { crds } from './crds.js';
import { etcd } from './etcd.js';
import { kubectlVersion, kubernetesCommand } from './kubernetes.js';
import { pulumi } from './pulumi.js';
import { pulumiLanguageNodejs } from './pulumi-language-nodejs.js';
import { pulumiResourceKubernetes } from './pulumi-resource-kubernetes.js';
import { terraformProviderOpenstack } from './terraform-provider-openstack.js';
import { tofu } from './tofu.js';
import { versitygw } from './versitygw.js';

export const recipes: Recipe[] = [
  tofu,
  terraformProviderOpenstack,
  versitygw,
  etcd,
  kubernetesCommand('kube-apiserver'),
  kubernetesCommand('kube-controller-manager'),
  kubernetesCommand('kube-scheduler'),
  kubernetesCommand('kubectl', kubectlVersion),
  crds,
  barmanCloudCrds,
  cnpgManager,
  pulumi,
  pulumiLanguageNodejs,
  pulumiResourceKubernetes,
];

/**
 * Cold build seconds per tool on an otherwise idle 2-core machine, what a time budget plans with.
 * Estimated, not measured idle (docs/real-tools.md, "Time and disk"): the builds were timed on this
 * project's machine while other sessions loaded it about 4-fold (etcd: 255 s wall, 101 s of CPU),
 * so a quarter of each loaded time. The language host, which the proxy does not serve, fails at
 * once; the Kubernetes provider (2,745 s under a load of 15-18, 913 s of CPU) compiles its SDK's
 * generated Go too.
 * Kept apart from the recipes, whose text is part of the cache key, so a new number rebuilds nothing.
 */
export const coldBuildSeconds: Record<string, number> = {
  tofu: 450,
  'terraform-provider-openstack': 60,
  versitygw: 90,
  etcd: 60,
  'kube-apiserver': 780,
  'kube-controller-manager': 120,
  'kube-scheduler': 30,
  kubectl: 90,
  crds: 180,
  'barman-cloud-crds': 40,
  'cnpg-manager': 310,
  pulumi: 600,
  'pulumi-language-nodejs': 10,
  'pulumi-resource-kubernetes': 700,
};
