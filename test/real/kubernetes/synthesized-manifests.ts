/** An example's manifests exactly as `socle synth` writes them, with its sizing plan and operator releases. */
import { manifestArtifacts } from '../../../charts/manifest-artifacts.js';
import type { Environment } from '../../../environments/environment.js';
import { size } from '../../../sizing/size.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';
import { loadExample } from '../../charts/examples.js';
import { manifestFiles, type ManifestFileObjects } from '../manifest-files.js';
import type { KubeObjectRef } from './kube-client.js';

export interface SynthesizedExample {
  readonly env: Environment;
  readonly plan: SizingPlan;
  readonly files: ManifestFileObjects<KubeObjectRef>[];
  /** `deploy/operators.json`: the Helm releases a deployer installs before the manifests. */
  readonly operators: { name: string; namespace: string; chart?: string; version?: string }[];
}

export function synthesizedExample(name: string): SynthesizedExample {
  const env = loadExample(name);
  const plan = size(env);
  const artifacts = manifestArtifacts(env, plan);
  const files = manifestFiles<KubeObjectRef>(artifacts);
  const operators = JSON.parse(artifacts.get('deploy/operators.json') ?? '[]') as SynthesizedExample['operators'];
  return { env, plan, files, operators };
}

export const objectName = (o: KubeObjectRef): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
