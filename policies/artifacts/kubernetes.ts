/**
 * Kubernetes objects from the rendered manifests, and the views policies need over them: pod
 * templates of every workload kind, containers with their resolved environment.
 */
import { dig, isObject, pointer, type Json } from './json.js';

export interface KubeObject {
  /** `manifests/jitsi.yaml`. */
  file: string;
  /** Position of the document in its multi-document file, from 0. */
  index: number;
  /** Path from the document to the object: empty, or `items/<i>`… for an item of a list (kubectl applies each item). */
  at: (string | number)[];
  kind: string;
  apiVersion: string;
  name: string;
  /** `undefined` for cluster-scoped objects and for namespaced ones that rely on the default. */
  namespace?: string;
  /** `jitsi-media/Deployment/jitsi-videobridge`: `<namespace>/<Kind>/<name>`, `_cluster/<Kind>/<name>` for cluster-scoped objects (the charts' convention). */
  address: string;
  object: Json;
}

/** The namespace part of cluster-scoped objects' addresses (charts/design-exceptions.ts uses the same). */
export const CLUSTER_SCOPE = '_cluster';


export function kubeObject(doc: Json, file: string, index: number, at: (string | number)[] = []): KubeObject {
  const metadata = isObject(doc['metadata']) ? doc['metadata'] : {};
  const kind = typeof doc['kind'] === 'string' ? doc['kind'] : 'Unknown';
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : `#${index}`;
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined;
  return {
    file,
    index,
    at,
    kind,
    apiVersion: typeof doc['apiVersion'] === 'string' ? doc['apiVersion'] : '',
    name,
    ...(namespace ? { namespace } : {}),
    address: `${namespace ?? CLUSTER_SCOPE}/${kind}/${name}`,
    object: doc,
  };
}

/** Pointer inside a manifest file: the document index, then the JSON pointer within it. */
export function manifestPointer(object: KubeObject, ...tokens: (string | number)[]): string {
  return `#${object.index}${pointer(...object.at, ...tokens)}`;
}

export interface PodTemplate {
  owner: KubeObject;
  spec: Json;
  /** Path tokens from the document root to the pod spec. */
  path: (string | number)[];
  labels: Record<string, string>;
  /** Desired replicas; 1 when the workload doesn't say (the Kubernetes default); `undefined` for DaemonSets. */
  replicas?: number;
}

const TEMPLATE_PATHS: Record<string, (string | number)[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  // kubectl applies it like any workload; its controller still runs the template's pods.
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

// Several policies walk the same templates, containers and environments: computed once per artifact set.
const templateCache = new WeakMap<readonly KubeObject[], PodTemplate[]>();
const containerCache = new WeakMap<PodTemplate, Container[]>();
const envCache = new WeakMap<Container, Map<string, EnvValue>>();
const configMapCache = new WeakMap<readonly KubeObject[], Map<string, KubeObject>>();

export function podTemplates(objects: readonly KubeObject[]): PodTemplate[] {
  const cached = templateCache.get(objects);
  if (cached) return cached;
  const out: PodTemplate[] = [];
  for (const owner of objects) {
    const templatePath = owner.kind === 'Pod' ? [] : TEMPLATE_PATHS[owner.kind];
    if (!templatePath) continue;
    const template = templatePath.length ? dig(owner.object, ...templatePath) : owner.object;
    const spec = dig(template, 'spec');
    if (!isObject(spec)) continue;
    const labels = dig(template, 'metadata', 'labels');
    const replicas = dig(owner.object, 'spec', 'replicas');
    out.push({
      owner,
      spec,
      path: [...templatePath, 'spec'],
      labels: isObject(labels) ? (Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) as Record<string, string>) : {},
      ...(owner.kind === 'DaemonSet' ? {} : { replicas: typeof replicas === 'number' ? replicas : 1 }),
    });
  }
  templateCache.set(objects, out);
  return out;
}

export interface Container {
  template: PodTemplate;
  name: string;
  image: string;
  spec: Json;
  /** Path tokens from the document root to the container. */
  path: (string | number)[];
  initContainer: boolean;
}

export function containers(template: PodTemplate): Container[] {
  const cached = containerCache.get(template);
  if (cached) return cached;
  const out: Container[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = template.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isObject(c)) return;
      out.push({
        template,
        name: typeof c['name'] === 'string' ? c['name'] : `#${i}`,
        image: typeof c['image'] === 'string' ? c['image'] : '',
        spec: c,
        path: [...template.path, field, i],
        initContainer: field === 'initContainers',
      });
    });
  }
  containerCache.set(template, out);
  return out;
}

export interface EnvValue {
  /** The literal value; `undefined` when it comes from a Secret (set, but not readable here). */
  value?: string;
  /** Where the value is written: this object and pointer (a ConfigMap's for envFrom/configMapKeyRef). */
  object: KubeObject;
  pointer: string;
}

function configMap(objects: readonly KubeObject[], namespace: string | undefined, name: unknown): KubeObject | undefined {
  let index = configMapCache.get(objects);
  if (!index) {
    index = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [`${o.namespace}/${o.name}`, o]));
    configMapCache.set(objects, index);
  }
  return index.get(`${namespace}/${String(name)}`);
}

/**
 * A container's environment as the kubelet would build it: `envFrom` ConfigMaps first, then `env`
 * (later wins); values from Secrets are known to be set but not read.
 */
export function containerEnv(container: Container, objects: readonly KubeObject[]): Map<string, EnvValue> {
  const cached = envCache.get(container);
  if (cached) return cached;
  const env = new Map<string, EnvValue>();
  envCache.set(container, env);
  const owner = container.template.owner;
  const envFrom = container.spec['envFrom'];
  if (Array.isArray(envFrom)) {
    // Keys of a Secret (`secretRef`) aren't visible in the artifacts: only ConfigMaps are read.
    envFrom.forEach((source) => {
      const prefix = typeof dig(source, 'prefix') === 'string' ? (dig(source, 'prefix') as string) : '';
      const cm = configMap(objects, owner.namespace, dig(source, 'configMapRef', 'name'));
      if (cm) {
        const data = dig(cm.object, 'data');
        if (isObject(data)) for (const [k, v] of Object.entries(data)) env.set(prefix + k, { value: String(v), object: cm, pointer: manifestPointer(cm, 'data', k) });
      }
    });
  }
  const list = container.spec['env'];
  if (Array.isArray(list)) {
    list.forEach((entry, i) => {
      const name = dig(entry, 'name');
      if (typeof name !== 'string') return;
      const at = manifestPointer(owner, ...container.path, 'env', i);
      const literal = dig(entry, 'value');
      if (literal !== undefined) {
        env.set(name, { value: String(literal), object: owner, pointer: `${at}/value` });
        return;
      }
      const cmName = dig(entry, 'valueFrom', 'configMapKeyRef', 'name');
      const cmKey = dig(entry, 'valueFrom', 'configMapKeyRef', 'key');
      const cm = configMap(objects, owner.namespace, cmName);
      const fromCm = cm && typeof cmKey === 'string' ? dig(cm.object, 'data', cmKey) : undefined;
      if (cm && typeof cmKey === 'string' && fromCm !== undefined) env.set(name, { value: String(fromCm), object: cm, pointer: manifestPointer(cm, 'data', cmKey) });
      else env.set(name, { object: owner, pointer: `${at}/valueFrom` });
    });
  }
  return env;
}

/** The repository path of an image without registry, tag or digest: `ghcr.io/jitsi/jvb:x` → `jitsi/jvb`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const withoutTag = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  const parts = withoutTag.split('/');
  const first = parts[0]!;
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return (hasRegistry ? parts.slice(1) : parts).join('/');
}

/** Registry host of an image; unqualified names resolve to Docker Hub, as container runtimes do. */
export function imageRegistry(image: string): string {
  const first = image.split('/')[0]!;
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? first.split(':')[0]!.toLowerCase() : 'docker.io';
}
