/**
 * Every Secret the suite needs, by name. Rendered manifests only reference these names; the Pulumi
 * program (pulumi-program.ts) creates them at deploy time, keeps their values in its encrypted state
 * and never writes them to `out/`. A GitOps user creates the same Secrets with their own tool
 * (sealed-secrets, external-secrets…) from this list.
 */

export type SecretValue =
  /** A random password generated once at deploy time and kept in Pulumi state. */
  | { from: 'random'; length: number }
  /** A non-secret literal stored beside the secret values (e.g. a database user name). */
  | { from: 'literal'; value: string }
  /** A value the operator gives as Pulumi secret config (`pulumi config set --secret <key>`). */
  | { from: 'config'; configKey: string };

export interface SecretSpec {
  name: string;
  /** The same values land in every namespace listed: one random value, several readers. */
  namespaces: string[];
  type?: 'kubernetes.io/basic-auth' | 'Opaque';
  values: Record<string, SecretValue>;
  /** What it is for, for the README and the deploy log. */
  purpose: string;
  /** Namespaces where no pod reads it but a person does, and for what (a documented manual step). */
  manualReaders?: Record<string, string>;
}

export const random = (length = 32): SecretValue => ({ from: 'random', length });
export const literal = (value: string): SecretValue => ({ from: 'literal', value });
export const fromConfig = (configKey: string): SecretValue => ({ from: 'config', configKey });

/**
 * Fields that hold a reference `{ name }` to a Secret: Kubernetes (`secretKeyRef`, `secretRef`),
 * CloudNativePG (`initdb.secret`, S3 `accessKeyId`/`secretAccessKey`), cert-manager (`privateKeySecretRef`).
 */
const SECRET_REFERENCE_FIELDS = ['secretKeyRef', 'secretRef', 'secret', 'accessKeyId', 'secretAccessKey', 'privateKeySecretRef'];

/** Secrets referenced by a set of rendered objects, checked against the catalogue in tests. */
export function referencedSecretNames(objects: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const field of SECRET_REFERENCE_FIELDS) {
        const ref = o[field] as { name?: unknown } | undefined;
        if (typeof ref?.name === 'string') names.add(ref.name);
      }
      if (typeof o.secretName === 'string') names.add(o.secretName);
      Object.values(o).forEach(walk);
    }
  };
  walk(objects);
  return names;
}
