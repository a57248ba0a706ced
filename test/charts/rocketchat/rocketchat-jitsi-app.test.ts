/** The Jitsi app Job as rendered: only when configured, named after what it does, hardened, wired by reference. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { JITSI_APP_ID, JITSI_APP_JOB_RESOURCES } from '../../../charts/apps/rocketchat/rocketchat-jitsi-app.js';
import { referencedSecretNames } from '../../../charts/secret-catalogue.js';
import { secretCatalogue } from '../../../charts/secrets.js';
import { validateObjects } from '../../../charts/strict-validation.js';
import { synthArtifacts } from '../../../scripts/synth-pipeline.js';
import { configData, containers, EXAMPLE_NAMES, envOf, find, JITSI_APP_FIXTURE, loadExample, podSpec, render, variant, withJitsiApp } from '../examples.js';

const jobsOf = (objects: KubeObject[]) => objects.filter((o) => o.kind === 'Job' && o.metadata.name.startsWith('rocketchat-jitsi-app-'));
const jobOf = (objects: KubeObject[]) => {
  const jobs = jobsOf(objects);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
};

const metropole = loadExample('metropole-9000');
const configured = render(withJitsiApp(metropole));

describe.each(EXAMPLE_NAMES)('example %s without apps.rocketchat.jitsiApp', (name) => {
  const r = render(loadExample(name));

  it('renders no Job and no script, and leaves the Jitsi app to the administrator, pointing at the field', () => {
    expect(jobsOf(r.objects)).toEqual([]);
    expect(r.objects.filter((o) => o.metadata.name === 'rocketchat-jitsi-app' || o.metadata.name === 'allow-jitsi-app-to-package-host')).toEqual([]);
    const note = secretCatalogue(r.env, r.plan).find((s) => s.name === 'jitsi-jwt')?.manualReaders?.['rocketchat'];
    expect(note).toContain('ConfigMap rocketchat-jitsi');
    expect(note).toContain('jitsi_application_secret');
    expect(note).toContain('apps.rocketchat.jitsiApp');
  });
});

describe('with apps.rocketchat.jitsiApp', () => {
  const job = jobOf(configured.objects);
  const env = envOf(job, 'jitsi-app');

  it('validates strictly, the Job included', () => {
    expect(validateObjects(configured.objects).problems).toEqual([]);
  });

  it("runs the repository's script, shipped in a ConfigMap, with the Rocket.Chat image's node", () => {
    expect(configData(configured.objects, 'rocketchat-jitsi-app', 'jitsi-app.mjs')).toBe(readFileSync('charts/apps/rocketchat/rocketchat-jitsi-app.mjs', 'utf8'));
    const [c] = containers(job);
    expect(c!.image).toBe(`registry.metropole-exemple.fr/socle/${IMAGES.rocketchat.slice('docker.io/'.length)}`);
    expect(c!.command).toEqual(['node', '/script/jitsi-app.mjs']);
    expect(podSpec(job).volumes).toEqual([
      { name: 'script', configMap: { name: 'rocketchat-jitsi-app' } },
      { name: 'settings', configMap: { name: 'rocketchat-jitsi' } },
    ]);
    expect(c!.volumeMounts).toEqual([
      { name: 'script', mountPath: '/script', readOnly: true },
      { name: 'settings', mountPath: '/settings', readOnly: true },
    ]);
  });

  it('gives the script the package, its checksum and the Jitsi app id as values, and credentials by Secret reference only', () => {
    expect(Object.fromEntries(env)).toEqual({
      ROCKETCHAT_URL: 'http://rocketchat.rocketchat.svc.cluster.local:3000',
      ADMIN_USERNAME: { secretKeyRef: { name: 'rocketchat-admin', key: 'username' } },
      ADMIN_PASSWORD: { secretKeyRef: { name: 'rocketchat-admin', key: 'password' } },
      PACKAGE_URL: JITSI_APP_FIXTURE.package,
      PACKAGE_SHA256: JITSI_APP_FIXTURE.sha256,
      APP_ID: JITSI_APP_ID,
      JITSI_APP_SECRET: { secretKeyRef: { name: 'jitsi-jwt', key: 'app-secret' } },
      SETTINGS_DIR: '/settings',
      WAIT_ATTEMPTS: '90',
      WAIT_INTERVAL_SECONDS: '10',
    });
    // The settings ConfigMap holds no secret: the JWT secret reaches the script through the environment only.
    expect(Object.keys(find(configured.objects, 'ConfigMap', 'rocketchat-jitsi').data as object)).not.toContain('jitsi_application_secret');
  });

  it('is hardened like every workload: non-root, read-only root filesystem, RuntimeDefault seccomp, no token, fixed resources, recommended labels', () => {
    const pod = podSpec(job);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65533, runAsGroup: 65533, seccompProfile: { type: 'RuntimeDefault' } });
    expect([pod.automountServiceAccountToken, pod.restartPolicy]).toEqual([false, 'Never']);
    const [c] = containers(job);
    expect(c!.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(c!.resources).toEqual(JITSI_APP_JOB_RESOURCES);
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 1800 });
    expect(job.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'rocketchat', 'app.kubernetes.io/component': 'rocketchat-jitsi-app', 'app.kubernetes.io/version': '7.10.0', 'app.kubernetes.io/managed-by': 'socle' });
    expect((job.spec as any).template.metadata.labels).toEqual(job.metadata.labels);
  });

  it("lets the Job out to the package's host on its port only; Rocket.Chat is reached inside the namespace", () => {
    const egress = find(configured.objects, 'NetworkPolicy', 'allow-jitsi-app-to-package-host', 'rocketchat').spec as any;
    expect(egress.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'rocketchat', 'app.kubernetes.io/component': 'rocketchat-jitsi-app' });
    expect(egress.egress).toHaveLength(1);
    expect(egress.egress[0].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(egress.egress[0].to[0].ipBlock.except).toContain('10.0.0.0/8');
    const other = render(withJitsiApp(metropole, { ...JITSI_APP_FIXTURE, package: 'https://artefacts.metropole-exemple.fr:8443/jitsi.zip' }));
    expect((find(other.objects, 'NetworkPolicy', 'allow-jitsi-app-to-package-host').spec as any).egress[0].ports).toEqual([{ port: 8443, protocol: 'TCP' }]);
    // The Job → Rocket.Chat Service (3000) traffic rides on the namespace baseline, both ways.
    const same = find(configured.objects, 'NetworkPolicy', 'allow-same-namespace', 'rocketchat').spec as any;
    expect(same).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
  });

  it('makes the Job the reader of the JWT secret in the rocketchat namespace: no manual step left', () => {
    const spec = secretCatalogue(configured.env, configured.plan).find((s) => s.name === 'jitsi-jwt')!;
    expect(spec.manualReaders).toBeUndefined();
    expect(referencedSecretNames(job).has('jitsi-jwt')).toBe(true);
  });

  it('renders no Secret, and references only Secrets the deploy step creates in its namespace', () => {
    expect(configured.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const inRocketchat = new Set(secretCatalogue(configured.env, configured.plan).filter((s) => s.namespaces.includes('rocketchat')).map((s) => s.name));
    expect([...referencedSecretNames(job)].filter((n) => !inRocketchat.has(n))).toEqual([]);
  });

  it("leaves socle's policies no open finding on the manifests", () => {
    const { files } = synthArtifacts(withJitsiApp(metropole), new Date('2026-11-23T00:00:00Z'));
    const report = JSON.parse(files.get('reports/findings.json') ?? '{}') as { controls: { findings: { policy: string; resource: string; evidence: { file: string }; waiver?: number }[] }[] };
    const open = report.controls.flatMap((c) => c.findings).filter((f) => f.evidence.file.startsWith('manifests/') && f.waiver === undefined);
    expect(open.map((f) => `${f.policy} ${f.resource}`)).toEqual([]);
    expect(files.get('manifests/40-rocketchat.yaml')).toContain(`name: ${job.metadata.name}`);
  });

  it('renames the Job when its settings, package or checksum change, and only then', () => {
    const name = job.metadata.name;
    expect(name).toMatch(/^rocketchat-jitsi-app-[0-9a-f]{10}$/);
    expect(jobOf(render(withJitsiApp(loadExample('metropole-9000'))).objects).metadata.name).toBe(name);
    const otherDomain = variant(withJitsiApp(metropole), (e) => (e.authority.domain = 'collab.autre-exemple.fr'));
    const renamed = [
      jobOf(render(otherDomain).objects),
      jobOf(render(withJitsiApp(metropole, { ...JITSI_APP_FIXTURE, package: 'https://artefacts.metropole-exemple.fr/rocketchat/jitsi_2.0.4.zip' })).objects),
      jobOf(render(withJitsiApp(metropole, { ...JITSI_APP_FIXTURE, sha256: 'cd'.repeat(32) })).objects),
    ].map((j) => j.metadata.name);
    expect(new Set([name, ...renamed]).size).toBe(4);
    expect((find(render(otherDomain).objects, 'ConfigMap', 'rocketchat-jitsi').data as Record<string, string>)['jitsi_domain']).toBe('visio.collab.autre-exemple.fr');
  });
});
