/**
 * Strict validation of rendered objects against the OpenAPI schemas of the targeted Kubernetes
 * version (SCHEMA_KUBERNETES_VERSION) and the published CRD schemas of the
 * operators (cert-manager, Traefik, CloudNativePG; the Barman Cloud plugin's ObjectStore from
 * socle's own model), unknown fields included.
 *
 * The vendors' compiled schema validators check types, formats, enums and required fields but let
 * unknown fields pass (Kubernetes schemas declare no `additionalProperties: false`). To be strict,
 * each object is validated through a recording proxy: a validator reads every property its schema
 * declares, and enumerates the keys of free-form maps (labels, data, resources…). Any key it
 * neither read nor enumerated is unknown to the schema — a typo or a field of another version.
 */
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { ScheduledBackup } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup';
import { IngressRouteTCP } from '@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRouteTCP';
import { Middleware } from '@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware';
// One module per model, not the group indexes: an index loads every model of its group with its
// validator (kubernetes-models 4.5.1 `apps/v1/index.mjs` re-exports each kind; ≈ 1 s for the six).
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ObjectStoreModel } from './data/object-store-model.js';
import { objectKey, type KubeObject } from './kube-object.js';

/**
 * The Kubernetes minor whose API the schemas describe: kubernetes-models 4.5.1 has 1.33's
 * `Lifecycle.stopSignal` and not 1.34's `PodSpec.hostnameOverride` (its 5.x line, with newer
 * schemas, needs Node 22). Clusters run a newer minor (the release catalogue's); that stays sound
 * because socle renders only GA (`v1`) Kubernetes APIs, whose fields are never removed: an object
 * valid for 1.33 is valid for every later minor. A test holds socle to GA APIs.
 */
export const SCHEMA_KUBERNETES_VERSION = '1.33';

interface Validatable {
  prototype: { validate(this: unknown): void };
}

/** Every kind socle renders, with the model that carries its schema. */
const SCHEMAS: Record<string, Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'storage.k8s.io/v1/StorageClass': StorageClass,
  'scheduling.k8s.io/v1/PriorityClass': PriorityClass,
  'cert-manager.io/v1/ClusterIssuer': ClusterIssuer,
  'cert-manager.io/v1/Certificate': Certificate,
  'traefik.io/v1alpha1/Middleware': Middleware,
  // The CloudNativePG models of the Node-20 line (0.1.4) describe the 1.25 CRDs: the operator socle
  // installs (chart 0.26.0, operator 1.27) accepts a superset, so what passes here passes there.
  'postgresql.cnpg.io/v1/Cluster': Cluster,
  'postgresql.cnpg.io/v1/ScheduledBackup': ScheduledBackup,
  'traefik.io/v1alpha1/IngressRouteTCP': IngressRouteTCP,
  // No published model: socle's own, of the fields it sets (data/object-store-model.ts).
  'barmancloud.cnpg.io/v1/ObjectStore': ObjectStoreModel,
};

/**
 * Fields of the pinned operator that its Node-20 model (1.25) lacks, each with the type the
 * operator's CRD gives it; the real-API-server suite applies them against the CRDs generated at the
 * pinned version (test/real/kubernetes/examples-in-cluster.real.test.ts).
 */
const NEWER_FIELDS: Record<string, { path: RegExp; type: 'boolean'; source: string }[]> = {
  'postgresql.cnpg.io/v1/Cluster': [{ path: /^\/spec\/plugins\/\d+\/isWALArchiver$/, type: 'boolean', source: 'CloudNativePG 1.26: v1.27.0 api/v1/cluster_types.go L2310-2314' }],
};

/** The value at a JSON pointer of socle's own (no escaped segments: socle's keys have no `/` or `~`). */
const at = (o: unknown, pointer: string): unknown => pointer.split('/').slice(1).reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], o);


export interface ValidationProblem {
  /** `apiVersion/kind/namespace/name` of the object. */
  object: string;
  /** JSON pointer inside the object. */
  path: string;
  message: string;
}


interface Reads {
  read: WeakMap<object, Set<PropertyKey>>;
  enumerated: WeakSet<object>;
}

function recording(value: unknown, reads: Reads, proxies: WeakMap<object, object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const existing = proxies.get(value);
  if (existing) return existing;
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      let keys = reads.read.get(target);
      if (!keys) reads.read.set(target, (keys = new Set()));
      keys.add(key);
      return recording(Reflect.get(target, key, receiver), reads, proxies);
    },
    ownKeys(target) {
      reads.enumerated.add(target);
      return Reflect.ownKeys(target);
    },
  });
  proxies.set(value, proxy);
  return proxy;
}

function unknownFields(value: unknown, path: string, reads: Reads, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, `${path}/${i}`, reads, out));
    return;
  }
  const enumerated = reads.enumerated.has(value);
  for (const [key, child] of Object.entries(value)) {
    if (!enumerated && !reads.read.get(value)?.has(key)) out.push(`${path}/${key}`);
    unknownFields(child, `${path}/${key}`, reads, out);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Name rules the OpenAPI schema leaves to the API server (namespaces and Services are DNS labels). */
function metadataProblems(o: KubeObject): string[] {
  const problems: string[] = [];
  const name = o.metadata?.name ?? '';
  const labelKinds = new Set(['Namespace', 'Service']);
  if (labelKinds.has(o.kind) ? !DNS_LABEL.test(name) || name.length > 63 : !DNS_SUBDOMAIN.test(name) || name.length > 253) {
    problems.push(`metadata.name "${name}" is not a valid ${labelKinds.has(o.kind) ? 'DNS label' : 'DNS subdomain'} name`);
  }
  for (const [key, value] of Object.entries(o.metadata?.labels ?? {})) {
    if (value.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) problems.push(`label ${key}="${value}" is not a valid label value`);
  }
  return problems;
}

export interface ValidationResult {
  problems: ValidationProblem[];
}

export function validateObject(o: KubeObject): ValidationResult {
  const key = objectKey(o);
  const type = `${o.apiVersion}/${o.kind}`;
  const problems: ValidationProblem[] = metadataProblems(o).map((message) => ({ object: key, path: '/metadata', message }));
  const model = SCHEMAS[type];
  if (!model) return { problems: [...problems, { object: key, path: '', message: `no schema known for ${type}: add its model to strict-validation.ts` }] };
  const reads: Reads = { read: new WeakMap(), enumerated: new WeakSet() };
  try {
    model.prototype.validate.call(recording(o, reads, new WeakMap()));
  } catch (e) {
    const errors = (e as { errors?: { instancePath: string; message?: string; params?: unknown }[] }).errors;
    if (!errors) throw e;
    for (const err of errors) problems.push({ object: key, path: err.instancePath, message: `${err.message ?? 'invalid'} ${JSON.stringify(err.params ?? {})}` });
  }
  const unknown: string[] = [];
  unknownFields(o, '', reads, unknown);
  for (const path of unknown) {
    const newer = NEWER_FIELDS[type]?.find((f) => f.path.test(path));
    if (!newer) problems.push({ object: key, path, message: `unknown field (not in the ${type} schema)` });
    else if (typeof at(o, path) !== newer.type) problems.push({ object: key, path, message: `must be ${newer.type} (${newer.source})` });
  }
  return { problems };
}

export function validateObjects(objects: KubeObject[]): ValidationResult {
  return { problems: objects.flatMap((o) => validateObject(o).problems) };
}
