/** The shipped examples and the Magnum fixture, loaded, sized and rendered once per test file. */
import { fileURLToPath } from 'node:url';
import type { Environment } from '../../environments/environment.js';
import { loadEnvironmentFile } from '../../environments/load-environment.js';
import { allObjects, renderManifests, type ManifestFile } from '../../charts/render.js';
import type { KubeObject } from '../../charts/kube-object.js';
import { size } from '../../sizing/size.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';

/** The environments socle ships (environments/examples/). */
export const SHIPPED_EXAMPLES = ['pilot', 'metropole-9000', 'departement-cleura'] as const;

/** socle's `cluster.mode: magnum` case, test-only (test/environments/fixtures/): no shipped example runs Magnum. */
export const MAGNUM_FIXTURE = 'magnum-cloudferro';

/** What the example-wide tests go over: the shipped examples and the Magnum fixture. */
export const EXAMPLE_NAMES = [...SHIPPED_EXAMPLES, MAGNUM_FIXTURE] as const;

/** The file of an example or of the Magnum fixture, absolute. */
export function environmentFile(name: string): string {
  const relative = name === MAGNUM_FIXTURE ? `test/environments/fixtures/${name}.yaml` : `environments/examples/${name}.yaml`;
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

export interface Rendered {
  env: Environment;
  plan: SizingPlan;
  files: ManifestFile[];
  objects: KubeObject[];
}

export function loadExample(name: string): Environment {
  return loadEnvironmentFile(environmentFile(name));
}

export function render(env: Environment): Rendered {
  const plan = size(env);
  const files = renderManifests(env, plan);
  return { env, plan, files, objects: allObjects(files) };
}

/** An environment with some fields replaced (the loader freezes environments: copy, then change). */
export function variant(env: Environment, change: (copy: Environment) => void): Environment {
  const copy = structuredClone(env) as Environment;
  change(copy);
  return copy;
}

export const find = (objects: KubeObject[], kind: string, name: string, namespace?: string): KubeObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (!found) throw new Error(`no ${kind} ${namespace ?? ''}/${name}`);
  return found;
};

/** Pod template spec of a workload (Deployment, StatefulSet, Job) or CronJob. */
export function podSpec(o: KubeObject): Record<string, any> {
  const spec = o.spec as Record<string, any>;
  return o.kind === 'CronJob' ? spec.jobTemplate.spec.template.spec : spec.template.spec;
}

export function containers(o: KubeObject): Record<string, any>[] {
  const pod = podSpec(o);
  return [...(pod.initContainers ?? []), ...pod.containers];
}

export function envOf(o: KubeObject, container?: string): Map<string, any> {
  const c = podSpec(o).containers.find((x: any) => container === undefined || x.name === container);
  return new Map((c?.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

/** A ConfigMap's file, or a failed test when it isn't there. */
export function configData(objects: KubeObject[], name: string, key: string): string {
  const value = (find(objects, 'ConfigMap', name).data as Record<string, string> | undefined)?.[key];
  if (value === undefined) throw new Error(`ConfigMap ${name} has no ${key}`);
  return value;
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/** A Jitsi app package as an authority would declare it (apps.rocketchat.jitsiApp); the checksum is a fixture's. */
export const JITSI_APP_FIXTURE = { package: 'https://artefacts.metropole-exemple.fr/rocketchat/jitsi_2.0.3.zip', sha256: 'ab'.repeat(32) } as const;

/** An environment whose Job installs the Jitsi app. */
export function withJitsiApp(env: Environment, source: { package: string; sha256: string } = JITSI_APP_FIXTURE): Environment {
  return variant(env, (e) => (e.apps.rocketchat.jitsiApp = { ...source }));
}
