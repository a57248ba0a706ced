/** The three examples render, validate strictly, deterministically, and carry no secret value. */
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { objectKey } from '../../charts/kube-object.js';
import { manifestYaml } from '../../charts/manifest-yaml.js';
import { referencedSecretNames } from '../../charts/secret-catalogue.js';
import { secretCatalogue } from '../../charts/secrets.js';
import { SCHEMA_KUBERNETES_VERSION, validateObjects } from '../../charts/strict-validation.js';
import { containers, EXAMPLE_NAMES, loadExample, render } from './examples.js';

describe.each(EXAMPLE_NAMES)('example %s', (name) => {
  const r = render(loadExample(name));

  it('uses only GA Kubernetes APIs, so that the 1.33 schemas hold for the newer minor the cluster runs', () => {
    expect(Number(r.env.cluster.kubernetesVersion.split('.')[1])).toBeGreaterThanOrEqual(Number(SCHEMA_KUBERNETES_VERSION.split('.')[1]));
    // Built-in groups: the core group and *.k8s.io ones; CRD groups (cert-manager, Traefik, CNPG) have their own schemas.
    const builtIn = r.objects.filter((o) => !o.apiVersion.includes('/') || /^[a-z.]*k8s\.io\/|^(apps|batch|policy|autoscaling)\//.test(o.apiVersion));
    expect(builtIn.length).toBeGreaterThan(0);
    expect(new Set(builtIn.map((o) => o.apiVersion.split('/').at(-1)))).toEqual(new Set(['v1']));
  });

  it('validates strictly against the Kubernetes and CRD schemas, unknown fields included', () => {
    const result = validateObjects(r.objects);
    expect(result.problems).toEqual([]);
  });

  it('writes the files in apply order with stable names', () => {
    expect(r.files.map((f) => f.file)).toEqual(['00-namespaces.yaml', '10-platform.yaml', '20-nextcloud.yaml', '30-onlyoffice.yaml', '40-rocketchat.yaml', '50-wekan.yaml', '60-jitsi.yaml']);
  });

  it('renders the same YAML twice, and the YAML reads back to the same objects', () => {
    const again = render(loadExample(name));
    const yaml = r.files.map((f) => manifestYaml(name, f));
    expect(again.files.map((f) => manifestYaml(name, f))).toEqual(yaml);
    const docs = yaml.flatMap((text) => text.split(/^---\n/m).slice(1).map((d) => load(d)));
    expect(docs).toEqual(JSON.parse(JSON.stringify(r.objects)));
  });

  it('renders no Secret and no secret value: credentials are referenced by name only', () => {
    expect(r.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const o of r.objects.filter((x) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(x.kind))) {
      for (const c of containers(o)) {
        for (const e of c.env ?? []) {
          if (/(PASS|PASSWORD|PWD|SECRET|_KEY|CREDENTIALS|LICENSE)$/.test(e.name)) expect({ object: objectKey(o), env: e.name, valueFrom: 'valueFrom' in e }).toEqual({ object: objectKey(o), env: e.name, valueFrom: true });
        }
      }
    }
  });

  it('references only Secrets that the deploy step creates (or cert-manager issues)', () => {
    const catalogue = new Set(secretCatalogue(r.env, r.plan).map((s) => s.name));
    const issued = new Set(r.objects.filter((o) => o.kind === 'Ingress').map((o) => `${o.metadata.name}-tls`));
    for (const certificate of r.objects.filter((o) => o.kind === 'Certificate')) issued.add((certificate.spec as { secretName: string }).secretName);
    issued.add('socle-acme-account');
    const unknown = [...referencedSecretNames(r.objects)].filter((n) => !catalogue.has(n) && !issued.has(n));
    expect(unknown).toEqual([]);
  });

  it('places every secret of the catalogue in the namespaces whose objects read it', () => {
    for (const spec of secretCatalogue(r.env, r.plan)) {
      for (const ns of spec.namespaces.filter((n) => spec.manualReaders?.[n] === undefined)) {
        const readers = r.objects.filter((o) => o.metadata.namespace === ns && referencedSecretNames(o).has(spec.name));
        expect({ secret: spec.name, namespace: ns, read: readers.length > 0 }).toEqual({ secret: spec.name, namespace: ns, read: true });
      }
    }
  });
});
