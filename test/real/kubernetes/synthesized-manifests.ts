/**
 * An example's manifests exactly as `socle synth` writes them (`manifests/*.yaml`, in file-name
 * order, which is the apply order), read back from their YAML text, so what the API server gets
 * is what a user's GitOps tool would get.
 */
import { loadAll } from 'js-yaml';
import { manifestArtifacts } from '../../../charts/manifest-artifacts.js';
import type { Environment } from '../../../environments/environment.js';
import { size } from '../../../sizing/size.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';
import { loadExample } from '../../charts/examples.js';
import type { KubeObjectRef } from './kube-client.js';

export interface ManifestFileObjects {
  readonly file: string;
  readonly objects: KubeObjectRef[];
}

export interface SynthesizedExample {
  readonly env: Environment;
  readonly plan: SizingPlan;
  readonly files: ManifestFileObjects[];
  /** `deploy/operators.json`: the Helm releases a deployer installs before the manifests. */
  readonly operators: { name: string; namespace: string; chart?: string; version?: string }[];
}

export function synthesizedExample(name: string): SynthesizedExample {
  const env = loadExample(name);
  const plan = size(env);
  const artifacts = manifestArtifacts(env, plan);
  const files = [...artifacts.keys()]
    .filter((path) => path.startsWith('manifests/') && path.endsWith('.yaml'))
    .sort()
    .map((path) => ({ file: path, objects: (loadAll(artifacts.get(path)!) as (KubeObjectRef | null)[]).filter((o): o is KubeObjectRef => o !== null) }));
  const operators = JSON.parse(artifacts.get('deploy/operators.json') ?? '[]') as SynthesizedExample['operators'];
  return { env, plan, files, operators };
}

export const objectName = (o: KubeObjectRef): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
