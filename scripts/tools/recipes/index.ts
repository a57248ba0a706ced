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
  kubernetesCommand('kube-apiserver', 1200),
  kubernetesCommand('kube-controller-manager', 300),
  crds,
  cnpgManager,
  pulumi,
  pulumiLanguageNodejs,
  pulumiResourceKubernetes,
];
