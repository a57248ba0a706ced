/**
 * The Kubernetes objects `socle synth` writes under `manifests/` for a shipped example
 * (../manifest-files.ts), and the Secret values a deploy would make for them.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../../charts/kube-object.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { synthArtifacts } from '../../../scripts/synth-pipeline.js';
import { environmentFile } from '../../charts/examples.js';
import { manifestFiles } from '../manifest-files.js';

/** The one object of a kind in a namespace whose name is `name` (or matches it). */
export function findObject(objects: KubeObject[], kind: string, namespace: string, name: string | RegExp): KubeObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace && (typeof name === 'string' ? o.metadata.name === name : name.test(o.metadata.name)));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace}/${String(name)}, found ${found.length}`);
  return found[0]!;
}

/** A file of a ConfigMap in the synthesized manifests. */
export function configMapFile(objects: KubeObject[], namespace: string, name: string, key: string): string {
  const data = (findObject(objects, 'ConfigMap', namespace, name).data ?? {}) as Record<string, string>;
  const value = data[key];
  if (value === undefined) throw new Error(`ConfigMap ${namespace}/${name} has no ${key}`);
  return value;
}

/** What socle synthesizes: the manifests' objects, and how each key of each Secret is made (deploy/secrets.json). */
export interface Synthesized {
  objects: KubeObject[];
  /** A value for a Secret key as the deploy makes it: the literal, or a fresh random string of the stated length. */
  secretValue(secret: string, key: string): string;
  /** How deploy/secrets.json says a Secret key is made: `literal:…`, `random(n)` or `config:<Pulumi config key>`. */
  secretSource(secret: string, key: string): string;
}

export function synthesized(example: string): Synthesized {
  const { files } = synthArtifacts(loadEnvironmentFile(environmentFile(example)));
  const objects = manifestFiles<KubeObject>(files).flatMap((f) => f.objects);
  const secrets = JSON.parse(files.get('deploy/secrets.json') ?? '[]') as { name: string; keys: Record<string, string> }[];
  const made = new Map<string, string>();
  const secretSource = (secret: string, key: string): string => {
    const how = secrets.find((s) => s.name === secret)?.keys[key];
    if (how === undefined) throw new Error(`deploy/secrets.json has no ${secret}/${key}`);
    return how;
  };
  const secretValue = (secret: string, key: string): string => {
    const how = secretSource(secret, key);
    const literal = /^literal:(.*)$/.exec(how);
    if (literal) return literal[1]!;
    const length = /^random\((\d+)\)$/.exec(how);
    if (!length) throw new Error(`${secret}/${key} comes from Pulumi config (${how}): no value to make here`);
    const id = `${secret}/${key}`;
    if (!made.has(id)) made.set(id, randomBytes(Number(length[1])).toString('base64url').slice(0, Number(length[1])));
    return made.get(id)!;
  };
  return { objects, secretValue, secretSource };
}

/** secretValue, with a stand-in (`stand-in-<secret>-<key>`) for keys the operator gives through Pulumi config (the S3 keys). */
export const withStandIns =
  (secretValue: Synthesized['secretValue']): Synthesized['secretValue'] =>
  (secret, key) => {
    try {
      return secretValue(secret, key);
    } catch {
      return `stand-in-${secret}-${key}`;
    }
  };

/** A container's environment as the kubelet gives it: values as written, Secret references resolved. */
export function containerEnv(container: Record<string, any>, secretValue: Synthesized['secretValue']): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).map((e: any) => {
      if (e.value !== undefined) return [e.name, String(e.value)];
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) throw new Error(`env ${e.name}: only values and Secret references are resolved here`);
      return [e.name, secretValue(ref.name, ref.key)];
    }),
  );
}
