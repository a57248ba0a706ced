/**
 * The Pulumi program that deploys the suite: the operators (Helm releases pinned in operators.ts),
 * the Secrets of secrets.ts with values generated here and kept only in Pulumi's encrypted state,
 * then exactly the objects `renderManifests` returns — the same objects `socle synth` writes, so
 * GitOps users and Pulumi users run the same thing. The only place in socle that imports
 * @pulumi/kubernetes. No value of a Secret is ever rendered, logged or written to `out/`.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { objectKey, type KubeObject } from './kube-object.js';
import { MANAGED_BY } from './labels.js';
import { INGRESS_LOAD_BALANCER_CONFIG_KEY, operatorReleases, type DeployInputs, type OperatorRelease } from './platform/operators.js';
import { allObjects, renderManifests } from './render.js';
import type { SecretSpec, SecretValue } from './secret-catalogue.js';
import { secretCatalogue } from './secrets.js';

type Constructor = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Typed Pulumi classes of the kinds socle renders; custom resources go through CustomResource. */
const KINDS: Record<string, Constructor> = {
  'v1/Namespace': k8s.core.v1.Namespace,
  'v1/ConfigMap': k8s.core.v1.ConfigMap,
  'v1/Service': k8s.core.v1.Service,
  'apps/v1/Deployment': k8s.apps.v1.Deployment,
  'apps/v1/StatefulSet': k8s.apps.v1.StatefulSet,
  'batch/v1/Job': k8s.batch.v1.Job,
  'batch/v1/CronJob': k8s.batch.v1.CronJob,
  'policy/v1/PodDisruptionBudget': k8s.policy.v1.PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy,
  'networking.k8s.io/v1/Ingress': k8s.networking.v1.Ingress,
  'storage.k8s.io/v1/StorageClass': k8s.storage.v1.StorageClass,
  'scheduling.k8s.io/v1/PriorityClass': k8s.scheduling.v1.PriorityClass,
};

/** How Pulumi registers an object: the common options, and what a Job needs on top. */
export function registrationOptions(o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  if (o.kind !== 'Job') return opts;
  // A Job's pod template is immutable: a changed install Job is replaced, not patched.
  const options = { ...opts, replaceOnChanges: ['spec'], deleteBeforeReplace: true };
  // Pulumi waits for a Job to complete, 10 minutes by default: as long as Kubernetes lets it run.
  const deadline = (o['spec'] as { activeDeadlineSeconds?: number } | undefined)?.activeDeadlineSeconds;
  return deadline === undefined ? options : { ...options, customTimeouts: { create: `${deadline}s`, update: `${deadline}s` } };
}

function register(o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const Kind = KINDS[`${o.apiVersion}/${o.kind}`];
  const name = objectKey(o);
  const options = registrationOptions(o, opts);
  if (Kind) return new Kind(name, o as never, options);
  return new k8s.apiextensions.CustomResource(name, o as unknown as k8s.apiextensions.CustomResourceArgs, options);
}

export interface SuiteDeployment {
  /** Rendered objects by key, as registered. */
  objects: Map<string, pulumi.CustomResource>;
  /** Secrets by `namespace/name`. */
  secrets: Map<string, k8s.core.v1.Secret>;
  /** Every generated or configured secret value, by `secret/key` (for tests and audits: all are Pulumi secrets). */
  secretValues: Map<string, pulumi.Output<string>>;
  /** The generated passwords, by `secret/key` (protected: see PASSWORD_OPTIONS). */
  passwords: Map<string, random.RandomPassword>;
  releases: k8s.helm.v3.Release[];
}

/**
 * A generated password's only copy is the Pulumi state, and the data it opens outlives the
 * workloads: `socle destroy` without `--delete-data` runs `pulumi destroy --exclude-protected` and
 * keeps the volumes (reclaim policy Retain), so the passwords are protected and stay with them;
 * `--delete-data` lifts the protection first (scripts/operate/flows/destroy-flow.ts). A changed
 * length is then refused rather than silently replacing a database's password (review X4).
 */
const PASSWORD_OPTIONS: pulumi.CustomResourceOptions = { protect: true };

function secretValue(spec: SecretSpec, key: string, value: SecretValue, config: pulumi.Config, passwords: Map<string, random.RandomPassword>): pulumi.Output<string> {
  switch (value.from) {
    case 'random': {
      // Generated once, stored encrypted in Pulumi state; stable across deploys.
      const password = new random.RandomPassword(`${spec.name}-${key}`, { length: value.length, special: false }, PASSWORD_OPTIONS);
      passwords.set(`${spec.name}/${key}`, password);
      return pulumi.secret(password.result);
    }
    case 'config':
      return config.requireSecret(value.configKey);
    case 'literal':
      return pulumi.output(value.value);
  }
}

export interface DeployOptions extends DeployInputs {
  /** Kubernetes provider for the target cluster (the deploy step builds it from the kubeconfig). */
  provider?: k8s.Provider;
  /** Pulumi config namespace holding the operator-supplied secrets (S3 keys, licences). */
  configNamespace?: string;
  /**
   * Leave the operators' Helm releases out: only for socle's test bed (test/real/pulumi/), which
   * reaches no Helm repository and installs the operators' CRDs itself. Never set by a deploy.
   */
  withoutOperatorReleases?: boolean;
}

/** A release's values with its config values filled in (secret ones as Pulumi secrets). */
function withConfigValues(release: OperatorRelease, config: pulumi.Config): Record<string, unknown> {
  const values = structuredClone(release.values);
  for (const { path, configKey, secret } of release.configValues ?? []) {
    let node = values;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = secret ? config.requireSecret(configKey) : config.require(configKey);
  }
  return values;
}

export function deploySuite(env: Environment, plan: SizingPlan, options: DeployOptions = {}): SuiteDeployment {
  const config = new pulumi.Config(options.configNamespace ?? 'socle');
  const base: pulumi.CustomResourceOptions = options.provider ? { provider: options.provider } : {};
  const files = renderManifests(env, plan);

  const objects = new Map<string, pulumi.CustomResource>();
  const [namespaceFile, ...rest] = files;
  for (const o of namespaceFile?.objects ?? []) objects.set(objectKey(o), register(o, base));
  const namespaces = [...objects.values()];

  const ingressLoadBalancerId = options.ingressLoadBalancerId ?? config.get(INGRESS_LOAD_BALANCER_CONFIG_KEY);
  const byName = new Map<string, k8s.helm.v3.Release>();
  const releases = (options.withoutOperatorReleases ? [] : operatorReleases(env, plan, ingressLoadBalancerId ? { ingressLoadBalancerId } : {})).map((r) => {
    const args: k8s.helm.v3.ReleaseArgs = {
      name: r.name,
      namespace: r.namespace,
      chart: r.chart,
      version: r.version,
      ...(r.repository ? { repositoryOpts: { repo: r.repository } } : {}),
      values: withConfigValues(r, config),
      atomic: true,
    };
    const after = (r.after ?? []).map((name) => {
      const release = byName.get(name);
      if (!release) throw new Error(`operator ${r.name} must follow ${name}, which is not listed before it`);
      return release;
    });
    const release = new k8s.helm.v3.Release(`operator/${r.name}`, args, { ...base, dependsOn: [...namespaces, ...after] });
    byName.set(r.name, release);
    return release;
  });

  const secrets = new Map<string, k8s.core.v1.Secret>();
  const secretValues = new Map<string, pulumi.Output<string>>();
  const passwords = new Map<string, random.RandomPassword>();
  for (const spec of secretCatalogue(env, plan)) {
    const values: Record<string, pulumi.Output<string>> = {};
    for (const [key, value] of Object.entries(spec.values)) {
      values[key] = secretValue(spec, key, value, config, passwords);
      if (value.from !== 'literal') secretValues.set(`${spec.name}/${key}`, values[key]);
    }
    for (const ns of spec.namespaces) {
      secrets.set(
        `${ns}/${spec.name}`,
        new k8s.core.v1.Secret(
          `secret/${ns}/${spec.name}`,
          {
            metadata: { name: spec.name, namespace: ns, labels: { 'app.kubernetes.io/managed-by': MANAGED_BY }, annotations: { 'socle.io/purpose': spec.purpose } },
            type: spec.type ?? 'Opaque',
            stringData: values,
          },
          { ...base, dependsOn: namespaces },
        ),
      );
    }
  }

  // Everything else after the namespaces, the operators (CRDs, webhooks) and the Secrets it reads.
  const after = { ...base, dependsOn: [...namespaces, ...releases, ...secrets.values()] };
  for (const o of rest.flatMap((f) => f.objects)) objects.set(objectKey(o), register(o, after));
  if (objects.size !== allObjects(files).length) throw new Error('registered objects differ from rendered objects');
  return { objects, secrets, secretValues, passwords, releases };
}
