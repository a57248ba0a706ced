/** `socle synth` writes the manifests and the deploy notes beside the other artifacts. */
import { describe, expect, it } from 'vitest';
import { manifestYaml } from '../../charts/manifest-yaml.js';
import { renderManifests } from '../../charts/render.js';
import { synthArtifacts } from '../../scripts/synth-pipeline.js';
import { EXAMPLE_NAMES, loadExample } from './examples.js';

describe.each(EXAMPLE_NAMES)('synth %s', (name) => {
  const env = loadExample(name);
  const { plan, files } = synthArtifacts(env);

  it('writes every rendered file under manifests/, as rendered', () => {
    const rendered = renderManifests(env, plan);
    expect([...files.keys()].filter((p) => p.startsWith('manifests/')).sort()).toEqual(rendered.map((f) => `manifests/${f.file}`).sort());
    for (const f of rendered) expect(files.get(`manifests/${f.file}`)).toBe(manifestYaml(env.name, f));
  });

  it('writes the operator charts, the Secrets to create and the design exceptions under deploy/, without any secret value', () => {
    const secrets = JSON.parse(files.get('deploy/secrets.json') ?? '[]') as { keys: Record<string, string> }[];
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) for (const how of Object.values(s.keys)) expect(how).toMatch(/^(random\(\d+\)|config:\w+|literal:[\w.-]+)$/);
    expect(JSON.parse(files.get('deploy/operators.json') ?? '[]').map((r: { name: string }) => r.name)).toEqual([
      // Clusters socle builds on instances need the OpenStack cloud controller and Cinder CSI; Magnum brings its own.
      ...(env.cluster.mode === 'instances' ? ['openstack-cloud-controller-manager', 'openstack-cinder-csi'] : []),
      'cert-manager',
      'cloudnative-pg',
      // Every example backs up: PostgreSQL through the Barman Cloud plugin.
      'plugin-barman-cloud',
      'traefik',
    ]);
    // Values filled from Pulumi config at deploy time are named, never given.
    if (env.cluster.mode === 'instances') expect(files.get('deploy/operators.json')).toContain('"configKey": "cloudProviderCredentialSecret"');
    expect(JSON.parse(files.get('deploy/design-exceptions.json') ?? '[]').length).toBeGreaterThan(5);
  });
});
