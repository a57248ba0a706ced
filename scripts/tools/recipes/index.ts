/**
 * Every recipe, in order of value for a time budget (issue 12): OpenTofu and its provider first
 * (every stack's plan), then the control plane, then what runs inside it (CRDs, the CloudNativePG
 * operator), then Pulumi.
 */
import type { Recipe } from '../recipe.js';
import { cnpgManager } from './cnpg-manager.js';
import { crds } from './crds.js';
import { etcd } from './etcd.js';
import { kubernetesCommand } from './kubernetes.js';
import { pulumi } from './pulumi.js';
import { pulumiLanguageNodejs } from './pulumi-language-nodejs.js';
import { pulumiResourceKubernetes } from './pulumi-resource-kubernetes.js';
import { terraformProviderOpenstack } from './terraform-provider-openstack.js';
import { tofu } from './tofu.js';

export const recipes: Recipe[] = [
  tofu,
  terraformProviderOpenstack,
  etcd,
  kubernetesCommand('kube-apiserver'),
  kubernetesCommand('kube-controller-manager'),
  crds,
  cnpgManager,
  pulumi,
  pulumiLanguageNodejs,
  pulumiResourceKubernetes,
];

/**
 * Cold build seconds per tool, what a time budget plans with: measured on this project's 2-core
 * machine (docs/real-tools.md, "Time and disk"). Kept apart from the recipes, whose text is part of
 * the cache key, so that a new measurement rebuilds nothing.
 */
export const coldBuildSeconds: Record<string, number> = {
  tofu: 600,
  'terraform-provider-openstack': 240,
  etcd: 180,
  'kube-apiserver': 1200,
  'kube-controller-manager': 300,
  crds: 420,
  'cnpg-manager': 420,
  pulumi: 900,
  'pulumi-language-nodejs': 300,
  'pulumi-resource-kubernetes': 900,
};
