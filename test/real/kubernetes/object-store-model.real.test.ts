/**
 * socle's validation model of the ObjectStore (charts/data/object-store-model.ts) against the CRD
 * controller-gen makes from the plugin's v0.15.0 Go API (scripts/tools/recipes/barman-cloud-crds.ts):
 * every field the model allows is in the CRD's schema with the same type, enum, pattern and
 * minimum length, and every field the CRD requires there is required by the model too.
 */
import { expect, it } from 'vitest';
import { OBJECT_STORE_SCHEMA } from '../../../charts/data/object-store-model.js';
import { builtTool, describeProgram } from '../harness/program-suite.js';
import { readCrds } from './apply-to-cluster.js';

type Json = Record<string, any>;

const tool = builtTool('barman-cloud-crds');
const version = tool.versions?.['plugin-barman-cloud'];

/** Where the model and the CRD's schema disagree, by path. */
function differences(model: Json, crd: Json, path: string): string[] {
  if (!crd) return [`${path}: not in the CRD`];
  const own: string[] = [];
  const crdType = crd.type ?? (crd.enum ? 'string' : undefined);
  const modelType = model.type ?? (model.enum || model.const !== undefined ? 'string' : undefined);
  if (modelType !== crdType) own.push(`${path}: type ${modelType} (model), ${crdType} (CRD)`);
  for (const key of ['enum', 'pattern', 'minLength'] as const) {
    if (JSON.stringify(model[key]) !== JSON.stringify(crd[key])) own.push(`${path}: ${key} ${JSON.stringify(model[key])} (model), ${JSON.stringify(crd[key])} (CRD)`);
  }
  const missingRequired = (crd.required ?? []).filter((r: string) => model.properties?.[r] && !(model.required ?? []).includes(r));
  if (missingRequired.length) own.push(`${path}: the CRD requires ${missingRequired.join(', ')}`);
  const children = Object.entries((model.properties ?? {}) as Record<string, Json>).flatMap(([k, child]) => differences(child, crd.properties?.[k], `${path}.${k}`));
  const items = model.items ? differences(model.items, crd.items, `${path}[]`) : [];
  return [...own, ...children, ...items];
}

describeProgram('barman-cloud-crds', tool.missing ? tool : { ...(version ? { version } : { missing: 'no plugin-barman-cloud version reported' }) }, () => {
  it('allows only fields of the generated ObjectStore CRD, with its constraints', () => {
    const crd = readCrds(tool.dir!).find((c) => c.metadata.name === 'objectstores.barmancloud.cnpg.io') as Json | undefined;
    expect(crd).toBeDefined();
    const served = (crd!.spec.versions as Json[]).find((v) => v.name === 'v1')!.schema.openAPIV3Schema;
    const spec = (OBJECT_STORE_SCHEMA as Json).properties.spec;
    expect(differences(spec, served.properties.spec, 'spec')).toEqual([]);
  });
});
