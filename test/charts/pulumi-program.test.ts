/**
 * The Pulumi program under mocks (no cluster, no Pulumi CLI): it registers exactly the rendered
 * objects, plus the catalogue's Secrets with Pulumi-secret values and the pinned operator releases.
 */
import * as pulumi from '@pulumi/pulumi';
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectKey, type KubeObject } from '../../charts/kube-object.js';
import { operatorReleases } from '../../charts/platform/operators.js';
import { allObjects, renderManifests } from '../../charts/render.js';
import { secretCatalogue } from '../../charts/secrets.js';
import { loadExample, withJitsiApp } from './examples.js';
import { installProgramMocks } from './pulumi-mocks.js';
import { size } from '../../sizing/size.js';

// With the Jitsi app Job, so that every kind socle can render is registered. Mocks first: the
// program module must load with them in place.
const env = withJitsiApp(loadExample('metropole-9000'));
const plan = size(env);
const registered = installProgramMocks(env, plan);

const { deploySuite, registrationOptions } = await import('../../charts/pulumi-program.js');
const deployment = deploySuite(env, plan);

const settle = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

beforeAll(async () => {
  await Promise.all([...deployment.objects.values(), ...deployment.secrets.values(), ...deployment.releases].map((r) => settle(r.urn)));
});

const NOT_RENDERED = new Set(['kubernetes:core/v1:Secret', 'kubernetes:helm.sh/v3:Release', 'random:index/randomPassword:RandomPassword']);

describe('Pulumi program', () => {
  it('replaces a changed Job, and waits for a Job as long as its deadline lets it run', () => {
    const jobs = allObjects(renderManifests(env, plan)).filter((o) => o.kind === 'Job');
    const jitsiApp = jobs.find((o) => o.metadata.name.startsWith('rocketchat-jitsi-app-'))!;
    expect(registrationOptions(jitsiApp, {})).toEqual({ replaceOnChanges: ['spec'], deleteBeforeReplace: true, customTimeouts: { create: '1800s', update: '1800s' } });
    const install = jobs.find((o) => o.metadata.name === 'nextcloud-install')!;
    expect(registrationOptions(install, {})).toEqual({ replaceOnChanges: ['spec'], deleteBeforeReplace: true });
  });

  it('registers exactly the rendered objects, field for field', () => {
    const rendered = allObjects(renderManifests(env, plan));
    const objects = registered.filter((r) => r.type.startsWith('kubernetes:') && !NOT_RENDERED.has(r.type));
    expect(objects.map((r) => r.name).sort()).toEqual(rendered.map(objectKey).sort());
    const byName = new Map(objects.map((r) => [r.name, r.inputs]));
    for (const o of rendered) expect(byName.get(objectKey(o))).toEqual(JSON.parse(JSON.stringify(o)) as KubeObject);
  });

  it('creates each catalogue Secret in each of its namespaces, and no other', () => {
    const expected = secretCatalogue(env, plan).flatMap((s) => s.namespaces.map((ns) => `secret/${ns}/${s.name}`));
    expect(registered.filter((r) => r.type === 'kubernetes:core/v1:Secret').map((r) => r.name).sort()).toEqual(expected.sort());
  });

  it('keeps every generated or configured value a Pulumi secret', async () => {
    expect(deployment.secretValues.size).toBeGreaterThan(20);
    for (const [key, value] of deployment.secretValues) expect({ key, secret: await pulumi.isSecret(value) }).toEqual({ key, secret: true });
  });

  it('protects every generated password (its only copy is the state; the volumes it opens are kept)', () => {
    expect(deployment.passwords.size).toBe(registered.filter((r) => r.type === 'random:index/randomPassword:RandomPassword').length);
    // `__protect` is what the SDK sends the engine as the registration's `protect`.
    for (const [key, password] of deployment.passwords) expect({ key, protect: (password as unknown as { __protect?: boolean }).__protect }).toEqual({ key, protect: true });
  });

  it('gives one value to a Secret shared by two namespaces', async () => {
    const [nextcloud, onlyoffice] = ['nextcloud', 'onlyoffice'].map((ns) => deployment.secrets.get(`${ns}/onlyoffice-jwt`));
    const values = await Promise.all([nextcloud, onlyoffice].map((s) => settle(s?.stringData as pulumi.Output<Record<string, string>>)));
    expect(values[0]).toEqual(values[1]);
    expect(registered.filter((r) => r.type === 'random:index/randomPassword:RandomPassword' && r.name.startsWith('onlyoffice-jwt-'))).toHaveLength(1);
  });

  it("fills the cloud controller's credential from config, and sends the values as a Pulumi secret", () => {
    const inputs = registered.find((x) => x.type === 'kubernetes:helm.sh/v3:Release' && x.inputs.name === 'openstack-cloud-controller-manager')!.inputs;
    // A secret inside the values makes the whole values input a secret (Pulumi's wire envelope).
    const envelope = inputs.values as Record<string, unknown>;
    expect(envelope[specialSigKey]).toBe(specialSecretSig);
    const values = envelope['value'] as { cloudConfig: { global: Record<string, unknown> } };
    expect(values.cloudConfig.global).toEqual({
      region: env.cloud.region,
      'auth-url': 'configured-socle:openstackAuthUrl',
      'application-credential-id': 'configured-socle:cloudProviderCredentialId',
      'application-credential-secret': 'configured-socle:cloudProviderCredentialSecret',
    });
  });

  it('installs the operators as Helm releases pinned to exact chart versions', () => {
    const releases = registered.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
    expect(releases.map((r) => `${r.inputs.name}@${r.inputs.version}`).sort()).toEqual(operatorReleases(env, plan).map((r) => `${r.name}@${r.version}`).sort());
    for (const r of releases) {
      expect(r.inputs.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(r.inputs.chart).toMatch(new RegExp(`^oci://${env.images.mirror}/charts/`));
    }
  });
});
