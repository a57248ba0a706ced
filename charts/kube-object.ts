/** The shape every rendered Kubernetes object has; builders return plain, JSON-serialisable data. */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** `apiVersion/kind/namespace/name`: unique within a rendering, used for ordering and Pulumi URNs. */
export function objectKey(o: KubeObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? '_cluster'}/${o.metadata.name}`;
}
