/** `socle deploy` against the stand-ins: saved plans only, review of late plans, operators, workloads, smoke checks. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentFile, MAGNUM_FIXTURE } from '../charts/examples.js';
import { label, readyBridge, REPO_ROOT, S3_SECRETS, sandbox } from './operate-harness.js';

describe('socle deploy', () => {
  it('applies the saved plans and stops for review of a stack that could only be planned now', async () => {
    const box = sandbox();
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
    const start = box.calls().length;
    const result = await box.run(['deploy', 'pilot']);
    expect(result.exitCode).toBe(1);
    const calls = box.calls(start);
    expect(calls.map(label)).toEqual([
      'tofu version',
      'pulumi version',
      'kubectl version',
      'tofu init network',
      'tofu apply network',
      // The cluster waited for the network: planned now, checked, and not applied without a review.
      'tofu init cluster',
      'tofu plan cluster',
      'tofu show cluster',
    ]);
    const apply = calls.find((c) => c.argv[0] === 'apply')!;
    expect(apply.argv).toEqual(['apply', '-input=false', '-no-color', '-lock-timeout=5m', join(box.outDir, 'plans', 'network.tfplan')]);
    expect(box.gateCalls.at(-1)).toEqual([join(box.outDir, 'plans', 'cluster.plan.json')]);
    expect(result.err).toContain('stack cluster could only be planned now that network is applied (2 to add, 0 to change, 0 to replace, 0 to destroy); its plan needs a review');
    expect(result.err).toContain('next: run `socle plan pilot`, review it, then `socle deploy pilot` — or re-run the deploy with --auto-approve');

    // The review: plan again (network unchanged, cluster planned), then deploy.
    expect((await box.run(['plan', 'pilot'])).exitCode).toBe(0);
    const second = box.calls().length;
    const deployed = await box.run(['deploy', 'pilot', '--smoke-timeout', '0']);
    expect(deployed.err).not.toContain('error:');
    expect(deployed.exitCode).toBe(0);
    expect(box.calls(second).map(label)).toEqual([
      'tofu version',
      'pulumi version',
      'kubectl version',
      'tofu init cluster',
      'tofu apply cluster',
      'tofu init data',
      'tofu apply data',
      'tofu init backups',
      'tofu apply backups',
      'tofu output network',
      'tofu output cluster',
      'tofu output data',
      'tofu output backups',
      // OVHcloud's buckets, made through its native S3 API with each stack's credential.
      'tofu output backups',
      'tofu output data',
      'tofu output cluster',
      'kubectl get',
      // The etcd snapshot Secret, from the backups stack's outputs (etcd-snapshot-secret.test.ts).
      'tofu output backups',
      'kubectl apply',
      'pulumi stack select',
      'tofu output data',
      'tofu output backups',
      'pulumi config set',
      'pulumi config set',
      'pulumi config set',
      'pulumi config set',
      'pulumi config set',
      'pulumi up',
      'kubectl get',
    ]);
  });

  it('with --auto-approve applies, in one run, plans it made and checked itself', async () => {
    const box = sandbox();
    await box.run(['plan', 'pilot']);
    const start = box.calls().length;
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(0);
    const labels = box.calls(start).map(label);
    expect(labels.filter((l) => l.startsWith('tofu apply'))).toEqual(['tofu apply network', 'tofu apply cluster', 'tofu apply data', 'tofu apply backups']);
    // The cluster's late plan went through the policy check before its apply.
    expect(labels.indexOf('tofu show cluster')).toBeLessThan(labels.indexOf('tofu apply cluster'));
    expect(box.gateCalls.map((files) => files.map((f) => f.split('/').pop()))).toEqual([
      ['network.plan.json', 'data.plan.json', 'backups.plan.json'],
      ['network.plan.json', 'data.plan.json', 'backups.plan.json'],
      ['cluster.plan.json'],
    ]);
  });

  it('gets cluster access from the cluster output, hands the S3 keys to Pulumi on stdin, runs pulumi up with the backend, smoke-checks', async () => {
    const box = sandbox();
    await box.run(['plan', 'pilot']);
    const start = box.calls().length;
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(0);
    const calls = box.calls(start);
    const kubeconfig = join(box.outDir, 'kubeconfig');
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
    expect(readFileSync(kubeconfig, 'utf8')).toContain('kind: Config');

    const kubectl = calls.filter((c) => c.tool === 'kubectl' && c.argv[0] !== 'version');
    expect(kubectl[0]!.argv).toEqual(['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz']);
    expect(kubectl.at(-1)!.argv).toEqual(['--kubeconfig', kubeconfig, 'get', 'pods', '--namespace', 'jitsi-media', '--selector', 'app.kubernetes.io/name=jitsi', '--output', 'json']);

    const project = join(box.outDir, 'pulumi');
    const configSets = calls.filter((c) => c.tool === 'pulumi' && c.argv[0] === 'config');
    expect(configSets.map((c) => c.argv)).toEqual([
      ...['appsS3AccessKey', 'appsS3SecretKey', 'backupS3AccessKey', 'backupS3SecretKey'].map((key) => ['config', 'set', '--secret', `socle:${key}`, '--stack', 'pilot', '--cwd', project, '--non-interactive']),
      // The cloud controller's Keystone URL (from OS_AUTH_URL): no secret, so in clear.
      ['config', 'set', 'socle:openstackAuthUrl', 'https://auth.cloud.ovh.net/v3', '--stack', 'pilot', '--cwd', project, '--non-interactive'],
    ]);
    // The values went in on stdin, as Pulumi secrets.
    const config = JSON.parse(readFileSync(join(box.cwd, 'stand-in-state', 'pulumi-config.json'), 'utf8'));
    expect(config['socle:appsS3SecretKey']).toEqual({ secret: true, value: S3_SECRETS.data });
    expect(config['socle:backupS3AccessKey']).toEqual({ secret: true, value: 'ak-backups' });

    const up = calls.find((c) => c.tool === 'pulumi' && c.argv[0] === 'up')!;
    expect(up.argv).toEqual(['up', '--yes', '--color', 'never', '--stack', 'pilot', '--cwd', project, '--non-interactive']);
    expect(up.env['SOCLE_ENVIRONMENT_FILE']).toBe(join(box.cwd, 'environments', 'pilot.yaml'));
    expect(readFileSync(join(project, 'Pulumi.yaml'), 'utf8')).toContain(`main: ${relative(project, join(REPO_ROOT, 'scripts', 'operate', 'tools', 'workloads-program.ts'))}`);
    expect(up.env['PULUMI_BACKEND_URL']).toBe('s3://metropole-exemple-socle-state?endpoint=s3.sbg.io.cloud.ovh.net&region=sbg&s3ForcePathStyle=true');
    expect(up.env['KUBECONFIG']).toBe(kubeconfig);
    expect(up.env['SOCLE_OUT_DIR']).toBe(box.outDir);

    expect(box.probed.filter((u) => !u.includes('s3.'))).toEqual([
      'https://fichiers.collab.metropole-exemple.fr/status.php',
      'https://office.collab.metropole-exemple.fr/healthcheck',
      'https://discussion.collab.metropole-exemple.fr/api/info',
      'https://projets.collab.metropole-exemple.fr/',
      'https://visio.collab.metropole-exemple.fr/',
      'tls://turns.collab.metropole-exemple.fr:443',
    ]);
    expect(result.out).toContain('✓ Nextcloud: https://fichiers.collab.metropole-exemple.fr/status.php: HTTP 200');
    expect(result.out).toContain('✓ Jitsi videobridges: 2/2 videobridges ready');
    expect(result.out).toContain('✓ TURN over TLS: turns.collab.metropole-exemple.fr:443: certificate valid until Feb 21 09:00:00 2027 GMT');
    const outputs = JSON.parse(readFileSync(join(box.outDir, 'outputs.json'), 'utf8'));
    expect(outputs.cluster).toEqual({ kubeconfig: '(sensitive)', ingress_address: '198.51.100.7' });
    expect(outputs.data).toEqual({ s3_access_key: 'ak-data', s3_secret_key: '(sensitive)', s3_endpoint: 'https://s3.gra.io.cloud.ovh.net', s3_region: 'gra' });
    expect(result.err).toMatch(/deploy the workloads \(pulumi up\): done in [\d.]+s — operators openstack-cloud-controller-manager [\d.]+, openstack-cinder-csi [\d.]+, cert-manager v[\d.]+, cloudnative-pg [\d.]+, plugin-barman-cloud [\d.]+, traefik [\d.]+; the suite/);
    const deployed = JSON.parse(readFileSync(join(box.outDir, 'deployed.json'), 'utf8'));
    expect(deployed.users).toBe(1000);
    expect(deployed.monthlyEur).toBeGreaterThan(0);

    // Deployed plans are spent: deploying again asks for a new plan.
    const again = await box.run(['deploy', 'pilot']);
    expect(again.exitCode).toBe(1);
    expect(again.err).toMatch(/was deployed at .*: run `socle plan pilot` for what changed since/);
  });

  it("makes the buckets the stacks leave to the S3 API (OVHcloud's native endpoints), each signed with its own stack's credential, before the workloads", async () => {
    const box = sandbox();
    const planned = await box.run(['plan', 'pilot']);
    // The synthesized stacks name them; the plan says who makes them, since no tofu plan shows them.
    const made = (stack: string) => JSON.parse(readFileSync(join(box.outDir, 'terraform', stack, 'cdk.tf.json'), 'utf8')).output.buckets_made_by_socle.value as string[];
    const [backups] = made('backups');
    const [data, attachments, officeCache] = made('data');
    expect(planned.out).toContain(`buckets    made by socle deploy through the S3 API (not Swift containers of the stacks): ${backups}, ${data}, ${attachments}, ${officeCache}`);
    box.buckets.add(attachments!);
    const start = box.calls().length;
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(0);
    expect(box.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `HEAD https://s3.sbg.io.cloud.ovh.net/${backups}`,
      `PUT https://s3.sbg.io.cloud.ovh.net/${backups}`,
      `HEAD https://s3.gra.io.cloud.ovh.net/${data}`,
      `PUT https://s3.gra.io.cloud.ovh.net/${data}`,
      `HEAD https://s3.gra.io.cloud.ovh.net/${attachments}`,
      `HEAD https://s3.gra.io.cloud.ovh.net/${officeCache}`,
      `PUT https://s3.gra.io.cloud.ovh.net/${officeCache}`,
    ]);
    expect(box.requests[1]!.body).toContain('<LocationConstraint>sbg</LocationConstraint>');
    expect(box.requests[1]!.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=ak-backups\/\d{8}\/sbg\/s3\/aws4_request, /);
    expect(box.requests[3]!.body).toContain('<LocationConstraint>gra</LocationConstraint>');
    expect(box.requests[3]!.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=ak-data\/\d{8}\/gra\/s3\/aws4_request, /);
    expect(result.err).toContain(`${backups} made, ${data} made, ${attachments} exists, ${officeCache} made`);
    // One more output read of each stack, before cluster access.
    const labels = box.calls(start).map(label);
    expect(labels.filter((l) => l === 'tofu output data')).toHaveLength(3);
    expect(labels.indexOf('tofu output data', labels.indexOf('tofu output data') + 1)).toBeLessThan(labels.indexOf('kubectl get'));
    for (const secret of Object.values(S3_SECRETS)) {
      expect(JSON.stringify(box.requests)).not.toContain(secret);
      expect(box.logs()).not.toContain(secret);
    }
  });

  it('stops with the fix, not a stack trace, when a stack that leaves buckets to the deploy has no S3 endpoint output', async () => {
    const box = sandbox();
    const { s3_endpoint: _endpoint, ...outputs } = box.scenario.stacks!['data']!.outputs as Record<string, unknown>;
    box.scenario.stacks!['data']!.outputs = outputs;
    await box.run(['plan', 'pilot']);
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('stack data has no output s3_endpoint: its state is older than its configuration');
    expect(result.err).toContain('next: apply stack data again (socle plan, then socle deploy), then re-run the deploy: it resumes here');
    expect(result.err).not.toMatch(/TypeError|Invalid URL|    at /);
  });

  it('hands the licence files named in SOCLE_*_FILE to Pulumi on stdin, and keeps their content out of the log', async () => {
    const box = sandbox();
    const licence = join(box.cwd, 'onlyoffice.lic');
    writeFileSync(licence, '{"customer":"Métropole Exemple","signature":"lic-s1gnature-d0-not-leak"}\n');
    box.env['SOCLE_ONLYOFFICE_LICENCE_FILE'] = licence;
    await box.run(['plan', 'pilot']);
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(0);
    const config = JSON.parse(readFileSync(join(box.cwd, 'stand-in-state', 'pulumi-config.json'), 'utf8'));
    expect(config['socle:onlyofficeLicence']).toEqual({ secret: true, value: readFileSync(licence, 'utf8') });
    expect(box.calls().some((c) => c.argv.join(' ').includes('lic-s1gnature'))).toBe(false);
    expect(box.logs()).not.toContain('lic-s1gnature');

    box.env['SOCLE_ROCKETCHAT_LICENCE_FILE'] = join(box.cwd, 'missing.lic');
    const missing = await box.run(['plan', 'pilot']);
    expect(missing.exitCode).toBe(2);
    expect(missing.err).toContain(`✗ credentials: SOCLE_ROCKETCHAT_LICENCE_FILE=${join(box.cwd, 'missing.lic')} can't be read (ENOENT)`);
  });

  it('lists what fails when a smoke check fails, and exits 1', async () => {
    const box = sandbox();
    box.scenario.pods = [readyBridge('jitsi-videobridge-0'), readyBridge('jitsi-videobridge-1', false)];
    await box.run(['plan', 'pilot']);
    const probe = box.deps.probe;
    box.deps.probe = async (url, timeout) => (url.endsWith('/api/info') ? { error: 'ECONNREFUSED' } : probe(url, timeout));
    // The edge has no certificate for turns. yet: its default one doesn't match the name.
    box.deps.tlsHandshake = async () => ({ error: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('3 of 7 smoke checks failed:');
    expect(result.err).toContain('✗ TURN over TLS: turns.collab.metropole-exemple.fr:443: no TLS handshake (ERR_TLS_CERT_ALTNAME_INVALID)');
    expect(result.err).toContain('✗ Rocket.Chat: https://discussion.collab.metropole-exemple.fr/api/info: no answer (ECONNREFUSED)');
    expect(result.err).toContain('✗ Jitsi videobridges: 1/2 videobridges ready (not ready: jitsi-videobridge-1)');
    expect(result.err).toContain('✓ Nextcloud');
  });

  it('refuses a plan whose environment or artifacts changed since it was made', async () => {
    const box = sandbox();
    await box.run(['plan', 'pilot']);
    const file = join(box.cwd, 'environments', 'pilot.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('users: 1000', 'users: 1200'));
    const changed = await box.run(['deploy', 'pilot']);
    expect(changed.exitCode).toBe(1);
    expect(changed.err).toContain('the environment file changed since the plan: run `socle plan pilot` and review it');

    const tampered = sandbox();
    await tampered.run(['plan', 'pilot']);
    writeFileSync(join(tampered.outDir, 'plans', 'network.tfplan'), 'something else');
    const result = await tampered.run(['deploy', 'pilot']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('the saved plan of stack network is missing or differs from the one reviewed');
    expect(tampered.calls().filter((c) => c.argv[0] === 'apply')).toEqual([]);
  });

  it('re-checks the policies before applying: a waiver that lapsed since the plan blocks', async () => {
    const box = sandbox();
    await box.run(['plan', 'pilot']);
    box.verdicts.push({ blocking: true, report: 'HIGH  residency-acme-ca  waiver expired on 2026-11-22' });
    const result = await box.run(['deploy', 'pilot']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('blocking policy findings since the plan: nothing was applied');
    expect(box.calls().filter((c) => c.argv[0] === 'apply')).toEqual([]);
  });
});

describe('socle deploy on Magnum', () => {
  /** The Magnum fixture under the sandbox's environment name; its regions have no Swift, so the stacks say where their S3 API is. */
  const magnumSandbox = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'socle-magnum-')), 'pilot.yaml');
    writeFileSync(file, readFileSync(environmentFile(MAGNUM_FIXTURE), 'utf8').replace('name: magnum-cloudferro', 'name: pilot'));
    const box = sandbox({ environmentFile: file });
    for (const [stack, endpoint] of [['data', 'https://s3.waw3-2.cloudferro.com'], ['backups', 'https://s3.fra1-2.cloudferro.com']] as const) {
      box.scenario.stacks![stack]!.outputs = {
        ...box.scenario.stacks![stack]!.outputs,
        s3_endpoint: { sensitive: false, type: 'string', value: endpoint },
        s3_region: { sensitive: false, type: 'string', value: 'RegionOne' },
      };
    }
    return box;
  };

  it("hands the cluster stack's ingress load balancer to the program, for the edge Service to adopt", async () => {
    const box = magnumSandbox();
    box.scenario.stacks!['cluster']!.outputs!['ingress_load_balancer_id'] = { sensitive: false, type: 'string', value: 'lb-8f2e-0001' };
    // 3,000 users: the plan asks for 4 videobridges.
    box.scenario.pods = [0, 1, 2, 3].map((i) => readyBridge(`jitsi-videobridge-${i}`));
    await box.run(['plan', 'pilot']);
    const start = box.calls().length;
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.err).not.toContain('error:');
    expect(result.exitCode).toBe(0);
    const configSets = box.calls(start).filter((c) => c.tool === 'pulumi' && c.argv[0] === 'config');
    // A resource id is no secret: set in clear, after the S3 keys, before `pulumi up`.
    expect(configSets.at(-1)!.argv.slice(0, 4)).toEqual(['config', 'set', 'socle:ingressLoadBalancerId', 'lb-8f2e-0001']);
    const labels = box.calls(start).map(label);
    expect(labels.lastIndexOf('pulumi config set')).toBeLessThan(labels.indexOf('pulumi up'));
  });

  it('labels and taints the Magnum nodes by node group before the workloads, TURN where the cluster stack put it', async () => {
    const box = magnumSandbox();
    const outputs = box.scenario.stacks!['cluster']!.outputs!;
    outputs['ingress_load_balancer_id'] = { sensitive: false, type: 'string', value: 'lb-8f2e-0001' };
    outputs['media_node_addresses'] = {
      sensitive: false,
      type: ['list', 'object'],
      value: [
        { name: 'pilot-media-0', zone: '', public_address: '203.0.113.10', private_address: '10.20.0.21', turn: true },
        { name: 'pilot-media-1', zone: '', public_address: '203.0.113.11', private_address: '10.20.0.22', turn: false },
      ],
    };
    const node = (name: string, group: string, address: string) => ({ metadata: { name, labels: { 'magnum.openstack.org/nodegroup': group } }, status: { addresses: [{ type: 'InternalIP', address }] } });
    box.scenario.nodes = [node('pilot-master-0', 'default-master', '10.20.0.5'), node('pilot-node-0', 'default-worker', '10.20.0.21'), node('pilot-node-1', 'default-worker', '10.20.0.22'), node('pilot-general-0', 'general', '10.20.0.31')];
    box.scenario.pods = [0, 1, 2, 3].map((i) => readyBridge(`jitsi-videobridge-${i}`));
    await box.run(['plan', 'pilot']);
    const start = box.calls().length;
    const result = await box.run(['deploy', 'pilot', '--auto-approve', '--smoke-timeout', '0']);
    expect(result.exitCode).toBe(0);
    const kubectlCalls = box.calls(start).filter((c) => c.tool === 'kubectl' && ['label', 'taint'].includes(c.argv[2]!));
    expect(kubectlCalls.map((c) => c.argv.slice(2))).toEqual([
      ['label', 'node', 'pilot-node-0', 'socle/pool=media', 'socle/turn=true', '--overwrite'],
      ['taint', 'node', 'pilot-node-0', 'socle/pool=media:NoSchedule', '--overwrite'],
      ['label', 'node', 'pilot-node-1', 'socle/pool=media', 'socle/turn-', '--overwrite'],
      ['taint', 'node', 'pilot-node-1', 'socle/pool=media:NoSchedule', '--overwrite'],
      ['label', 'node', 'pilot-general-0', 'socle/pool=general', '--overwrite'],
    ]);
    const labels = box.calls(start).map(label);
    expect(labels.indexOf('kubectl taint')).toBeLessThan(labels.indexOf('pulumi up'));
  });
});
