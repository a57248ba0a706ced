/**
 * Installs CRDs and applies objects the way a deployer does: server-side apply with strict field
 * validation, one object at a time, every refusal and every warning kept with the object it was for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describeStatus, type KubeClient, type KubeObjectRef } from './kube-client.js';
import { waitUntil } from './local-process.js';
import { objectName } from './synthesized-manifests.js';

export interface ApplyResult {
  readonly object: string;
  readonly namespace?: string;
  readonly status: number;
  /** The API server's message when it refused the object. */
  readonly error?: string;
  readonly warnings: string[];
}

export async function applyObjects(client: KubeClient, objects: KubeObjectRef[]): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const o of objects) {
    let res;
    try {
      res = await client.apply(o);
    } catch (error) {
      // No such kind served (its CRD missing): a refusal like any other, named with the object.
      results.push({ object: objectName(o), ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), status: 0, error: (error as Error).message, warnings: [] });
      continue;
    }
    const ok = res.status === 200 || res.status === 201;
    results.push({ object: objectName(o), ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), status: res.status, ...(ok ? {} : { error: describeStatus(res.body) }), warnings: res.warnings });
  }
  return results;
}

/** Every CRD document under `dir` (controller-gen writes one file per CRD). */
export function readCrds(dir: string): KubeObjectRef[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry)) files.push(path);
    }
  };
  walk(dir);
  return files.flatMap((f) => (loadAll(readFileSync(f, 'utf8')) as (KubeObjectRef | null)[]).filter((o): o is KubeObjectRef => o?.kind === 'CustomResourceDefinition'));
}

/** Applies the CRDs, waits until each is Established, then reads discovery again. */
export async function installCrds(client: KubeClient, crds: KubeObjectRef[], timeoutMs = 60_000): Promise<ApplyResult[]> {
  const results = await applyObjects(client, crds);
  for (const crd of crds) {
    await waitUntil(`CRD ${crd.metadata.name} Established`, async () => {
      const got = await client.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
      return (got.body?.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True');
    }, timeoutMs);
  }
  await client.discover();
  return results;
}

/**
 * A namespace gets its `default` ServiceAccount from kube-controller-manager a moment after it is
 * created; a Pod created before that is refused by the ServiceAccount admission plugin. Waiting for
 * it keeps that race out of the FailedCreate check (a real deployer's retries absorb it too).
 */
export async function waitForDefaultServiceAccounts(client: KubeClient, namespaces: string[], timeoutMs = 60_000): Promise<void> {
  for (const ns of namespaces) {
    await waitUntil(`ServiceAccount ${ns}/default`, async () => (await client.request('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200, timeoutMs);
  }
}
