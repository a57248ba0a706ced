/**
 * The hostile-folder corpus (hostile-inputs review D12–D20): `socle check` on a folder someone
 * else built fails closed. Each case starts from the pilot's artifacts, written as plain files the
 * way another tool would, applies one mutation, and expects the exact finding (exit 1) or error
 * (exit 2). Nothing is skipped in silence, no waiver comes from the folder, no input can hang the
 * check, and nothing from outside the folder is quoted.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExample } from '../charts/examples.js';
import { main } from '../../scripts/cli.js';
import { printableReport } from '../../policies/report/printable.js';
import { synthArtifacts } from '../../scripts/synth-pipeline.js';
import { captureIo, STACK_FRAME } from '../cli/capture-io.js';

const scratch = mkdtempSync(join(tmpdir(), 'socle-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const base = join(scratch, 'base');

beforeAll(() => {
  for (const [path, content] of synthArtifacts(loadExample('pilot')).files) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), content);
  }
});

let count = 0;
function folder(mutate: (dir: string) => void): string {
  const dir = join(scratch, `case-${(count += 1)}`);
  cpSync(base, dir, { recursive: true });
  mutate(dir);
  return dir;
}

const put = (dir: string, path: string, content: string) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
};
const json = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, any>;

interface Finding { policy: string; rule?: string; resource: string; message: string; blocking: boolean; waiver?: number }

async function check(dir: string, ...args: string[]) {
  const io = captureIo({ cwd: scratch });
  const code = await main(['check', dir, '--format', 'json', ...args], io);
  expect(io.err()).not.toMatch(STACK_FRAME);
  expect(io.err()).not.toContain('internal error');
  const report = code === 2 ? undefined : (JSON.parse(io.out()) as { controls: { findings: Finding[] }[]; warnings: string[] });
  const blocking = report?.controls.flatMap((c) => c.findings).filter((f) => f.blocking) ?? [];
  return { code, err: io.err(), blocking, warnings: report?.warnings ?? [] };
}

async function refused(dir: string, message: RegExp | string, ...args: string[]) {
  const result = await check(dir, ...args);
  expect(result.code, result.err).toBe(2);
  expect(result.err).toMatch(message);
  return result;
}

async function blocked(dir: string, expected: Partial<Finding>, ...args: string[]) {
  const result = await check(dir, ...args);
  expect(result.code, result.err).toBe(1);
  expect(result.blocking, JSON.stringify(result.blocking.map((f) => [f.resource, f.message]))).toContainEqual(expect.objectContaining(expected));
  return result;
}

const PRIVILEGED_POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'evil', namespace: 'nextcloud' }, spec: { containers: [{ name: 'c', image: 'registry.example.eu/x@sha256:' + 'a'.repeat(64), securityContext: { privileged: true, runAsNonRoot: true, allowPrivilegeEscalation: false } }] } };
const SSH_RULE = (prefix: string) => ({ direction: 'ingress', ethertype: prefix.includes(':') ? 'IPv6' : 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: prefix, security_group_id: '${openstack_networking_secgroup_v2.nodes.id}' });

describe('the baseline', () => {
  it('passes: the pilot as written', async () => {
    const result = await check(folder(() => {}));
    expect(result.code, result.err).toBe(0);
  });
});

describe('missing parts are errors (D12)', () => {
  it.each([
    ['only environment.json', ['sizing.json', 'terraform', 'manifests', 'deploy'], /missing sizing\.json, terraform\/<stack>\/cdk\.tf\.json, manifests\//],
    ['no manifests/', ['manifests'], /missing manifests\//],
    ['no terraform/', ['terraform'], /missing terraform\/<stack>\/cdk\.tf\.json/],
    ['no sizing.json', ['sizing.json'], /missing sizing\.json/],
  ])('%s', async (_, removed, message) => {
    await refused(folder((dir) => removed.forEach((p) => rmSync(join(dir, p), { recursive: true }))), message);
  });

  it('an empty manifest', async () => {
    await refused(folder((dir) => writeFileSync(join(dir, 'manifests/60-jitsi.yaml'), '')), 'manifests/60-jitsi.yaml: holds no Kubernetes object');
  });

  it('a symlinked manifests/ is followed inside the folder, and judged', async () => {
    const dir = folder((d) => {
      cpSync(join(d, 'manifests'), join(d, 'elsewhere'), { recursive: true });
      rmSync(join(d, 'manifests'), { recursive: true });
      symlinkSync('elsewhere', join(d, 'manifests'));
    });
    // The copy under its own name is not an artifact socle writes: refused too.
    await refused(dir, /elsewhere\/00-namespaces\.yaml: not an artifact socle writes/);
    rmSync(join(dir, 'manifests'));
    symlinkSync('.hidden', join(dir, 'manifests'));
    cpSync(join(dir, 'elsewhere'), join(dir, '.hidden'), { recursive: true });
    rmSync(join(dir, 'elsewhere'), { recursive: true });
    put(dir, '.hidden/70-extra.yaml', JSON.stringify(PRIVILEGED_POD));
    await refused(dir, /\.hidden\/00-namespaces\.yaml: not an artifact socle writes/);
  });

  it('a marker that lists files the folder lacks (a half-written folder)', async () => {
    await refused(folder((dir) => put(dir, '.socle-output', JSON.stringify({ format: 1, files: ['environment.json', 'manifests/99-gone.yaml'] }))), /\.socle-output lists files the folder doesn’t have \(manifests\/99-gone\.yaml\)/);
  });

  it('a file check can’t judge', async () => {
    await refused(folder((dir) => put(dir, 'notes.txt', 'hello')), 'notes.txt: not an artifact socle writes');
  });
});

describe('every object kubectl would apply is checked (D13)', () => {
  it('items of a kind: List', async () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [PRIVILEGED_POD] }] };
    await blocked(folder((dir) => put(dir, 'manifests/70-list.yaml', JSON.stringify(list))), { rule: 'k8s-privileged', resource: 'nextcloud/Pod/evil', message: 'container c is privileged' });
  });

  it('items of any object with an items array, whatever its kind (apimachinery IsList)', async () => {
    await blocked(folder((dir) => put(dir, 'manifests/70-list.yaml', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMapList', items: [PRIVILEGED_POD] }))), { rule: 'k8s-privileged', resource: 'nextcloud/Pod/evil' });
  });

  it('a ReplicationController’s pods', async () => {
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'nextcloud' }, spec: { replicas: 2, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: PRIVILEGED_POD.spec } } };
    await blocked(folder((dir) => put(dir, 'manifests/70-rc.yaml', JSON.stringify(rc))), { rule: 'k8s-privileged', resource: 'nextcloud/ReplicationController/rc' });
  });

  it('manifests/*.json', async () => {
    await blocked(folder((dir) => put(dir, 'manifests/70-pod.json', JSON.stringify(PRIVILEGED_POD))), { rule: 'k8s-privileged', resource: 'nextcloud/Pod/evil' });
  });

  it('a file kubectl would skip is still refused', async () => {
    await refused(folder((dir) => put(dir, 'manifests/README', 'x')), 'manifests/README: not a manifest');
  });
});

describe('YAML 1.1 booleans read as kubectl reads them (D14)', () => {
  const pod = (field: string) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: yes-pod, namespace: nextcloud}',
      'spec:',
      `  ${field}`,
      '  containers:',
      `  - {name: c, image: "registry.example.eu/x@sha256:${'a'.repeat(64)}", securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false${field.startsWith('privileged') ? `, ${field}` : ''}}}`,
    ].join('\n');
  it.each([
    ['hostNetwork: yes', 'k8s-host-network', 'pod uses host namespaces: hostNetwork'],
    ['hostPID: on', 'k8s-host-network', 'pod uses host namespaces: hostPID'],
    ['hostIPC: Y', 'k8s-host-network', 'pod uses host namespaces: hostIPC'],
  ])('%s', async (field, rule, message) => {
    await blocked(folder((dir) => put(dir, 'manifests/70-pod.yaml', pod(field))), { rule, message });
  });
  it('privileged: YES', async () => {
    await blocked(folder((dir) => put(dir, 'manifests/70-pod.yaml', pod('privileged: YES').replace('  privileged: YES\n', ''))), { rule: 'k8s-privileged' });
  });
});

describe('Terraform in every form Terraform loads (D15)', () => {
  const withRule = (dir: string, shape: (doc: Record<string, any>, rule: object) => unknown) => {
    const doc = json(dir, 'terraform/network/cdk.tf.json');
    writeFileSync(join(dir, 'terraform/network/cdk.tf.json'), JSON.stringify(shape(doc, SSH_RULE('0.0.0.0/0'))));
  };
  const finding = { policy: 'security-admin-ports', resource: 'terraform/network/openstack_networking_secgroup_rule_v2.evil', message: 'security group rule opens SSH (22) to 0.0.0.0/0' };

  it('the JSON array form of the root', async () => {
    await blocked(folder((dir) => withRule(dir, (doc, rule) => [doc, { resource: { openstack_networking_secgroup_rule_v2: { evil: rule } } }])), finding);
  });
  it('resource as a list', async () => {
    await blocked(folder((dir) => withRule(dir, (doc, rule) => ({ ...doc, resource: [doc['resource'], { openstack_networking_secgroup_rule_v2: { evil: rule } }] }))), finding);
  });
  it('a resource body as a list', async () => {
    await blocked(folder((dir) => withRule(dir, (doc, rule) => ({ ...doc, resource: { ...doc['resource'], openstack_networking_secgroup_rule_v2: [doc['resource'].openstack_networking_secgroup_rule_v2, { evil: [rule] }] } }))), finding);
  });
  it('a duplicate resource key', async () => {
    const dir = folder((d) => {
      const text = readFileSync(join(d, 'terraform/network/cdk.tf.json'), 'utf8').replace(/}\s*$/, `, "resource": ${JSON.stringify({ openstack_networking_secgroup_rule_v2: { evil: SSH_RULE('0.0.0.0/0') } })}}`);
      writeFileSync(join(d, 'terraform/network/cdk.tf.json'), text);
    });
    await refused(dir, /terraform\/network\/cdk\.tf\.json: duplicated mapping key at line \d+, column \d+: a key written twice/);
  });
  it.each([
    ['main.tf', 'resource "openstack_networking_secgroup_rule_v2" "evil" {}', 'Terraform in HCL'],
    ['main.tofu', '', 'Terraform in HCL'],
    ['evil_override.tf.json', '{}', 'an override file'],
    ['terraform.tfvars', 'x = 1', 'a variables file'],
    ['x.auto.tfvars.json', '{}', 'a variables file'],
    ['sub/module.tf.json', '{}', 'inside a stack folder’s subfolder: a module check does not follow'],
  ])('terraform/network/%s', async (name, content, message) => {
    await refused(folder((dir) => put(dir, `terraform/network/${name}`, content)), `terraform/network/${name}: ${message}`);
  });
  it('a module block', async () => {
    await refused(folder((dir) => withRule(dir, (doc) => ({ ...doc, module: { evil: { source: '../../elsewhere' } } }))), 'terraform/network/cdk.tf.json: a module block');
  });
  it('socle’s own override file holding more than socle writes there', async () => {
    await refused(folder((dir) => put(dir, 'terraform/network/socle_backend_override.tf.json', JSON.stringify({ terraform: { backend: { local: {} } }, resource: { openstack_networking_secgroup_rule_v2: { evil: SSH_RULE('0.0.0.0/0') } } }))), 'socle writes this override file with a backend or a prevent_destroy setting only');
  });

  it('Terraform itself plans every resource of those forms (terraform v1.11.4), and the check reads the same addresses', async () => {
    const { terraformFromJson } = await import('../../policies/artifacts/terraform.js');
    const forms: unknown[] = [
      [{ resource: { terraform_data: { a: {} } } }, { resource: { terraform_data: { b: {} } } }],
      { resource: [{ terraform_data: { a: {} } }, { terraform_data: { b: {} } }] },
      { resource: { terraform_data: [{ a: {} }, { b: [{}] }] } },
    ];
    for (const [i, form] of forms.entries()) {
      const dir = join(scratch, `tf-form-${i}`);
      put(dir, 'main.tf.json', JSON.stringify(form));
      const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
      expect(spawnSync('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env }).status).toBe(0);
      const plan = spawnSync('terraform', ['plan', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
      const planned = [...plan.stdout.matchAll(/# (\S+) will be created/g)].map((m) => m[1]).sort();
      expect(planned, plan.stderr).toEqual(['terraform_data.a', 'terraform_data.b']);
      expect(terraformFromJson(form, 'x', 'main.tf.json').resources.map((r) => r.address).sort()).toEqual(planned);
    }
  });
});

describe('world-open in every form (D16)', () => {
  const addRules = (dir: string, prefixes: string[]) => {
    const doc = json(dir, 'terraform/network/cdk.tf.json');
    doc['resource'].openstack_networking_secgroup_rule_v2 = { ...doc['resource'].openstack_networking_secgroup_rule_v2, ...Object.fromEntries(prefixes.map((p, i) => [`evil_${i}`, SSH_RULE(p)])) };
    writeFileSync(join(dir, 'terraform/network/cdk.tf.json'), JSON.stringify(doc));
  };
  it.each([
    [['0.0.0.0/1', '128.0.0.0/1'], 'security group rule opens SSH (22) to 0.0.0.0/1, which with 128.0.0.0/1 (same security group) covers the whole IPv4 Internet'],
    [['0:0:0:0:0:0:0:0/0'], 'security group rule opens SSH (22) to 0:0:0:0:0:0:0:0/0'],
    [['::ffff:0.0.0.0/96'], 'security group rule opens SSH (22) to ::ffff:0.0.0.0/96'],
    [['::/1', '8000::/1'], 'security group rule opens SSH (22) to ::/1, which with 8000::/1 (same security group) covers the whole IPv6 Internet'],
  ])('%s', async (prefixes, message) => {
    await blocked(folder((dir) => addRules(dir, prefixes)), { policy: 'security-admin-ports', resource: 'terraform/network/openstack_networking_secgroup_rule_v2.evil_0', message });
  });
  it('half the Internet is not the world', async () => {
    expect((await check(folder((dir) => addRules(dir, ['0.0.0.0/1'])))).code).toBe(0);
  });
  it('in a plan too', async () => {
    const plan = join(scratch, 'world.plan.json');
    const resources = ['0.0.0.0/1', '128.0.0.0/1'].map((p, i) => ({ address: `openstack_networking_secgroup_rule_v2.r${i}`, mode: 'managed', type: 'openstack_networking_secgroup_rule_v2', name: `r${i}`, values: { ...SSH_RULE(p), security_group_id: 'sg-1' } }));
    writeFileSync(plan, JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } }));
    await blocked(folder(() => {}), { policy: 'security-admin-ports', resource: 'plan/world/openstack_networking_secgroup_rule_v2.r0' }, '--plan', plan);
  });
});

describe('no waiver from the checked folder (D17)', () => {
  it('a folder’s own design exceptions waive nothing, and the report says so', async () => {
    const dir = folder((d) => {
      put(d, 'manifests/70-pod.json', JSON.stringify(PRIVILEGED_POD));
      const exceptions = JSON.parse(readFileSync(join(d, 'deploy/design-exceptions.json'), 'utf8')) as object[];
      exceptions.push({ policy: 'security-pod-hardening', resource: '*', justification: 'trust me', remedy: 'none' }, { policy: 'k8s-privileged', resource: '*', justification: 'trust me', remedy: 'none' });
      writeFileSync(join(d, 'deploy/design-exceptions.json'), JSON.stringify(exceptions));
    });
    const result = await blocked(dir, { rule: 'k8s-privileged', resource: 'nextcloud/Pod/evil' });
    expect(result.warnings).toContain('deploy/design-exceptions.json has 2 entries that socle’s built-in list doesn’t: ignored — only socle’s own design exceptions waive findings');
  });
  it('socle’s built-in exceptions still apply where the folder’s file is gone', async () => {
    expect((await check(folder((dir) => rmSync(join(dir, 'deploy/design-exceptions.json'))))).code).toBe(0);
  });
});

describe('every input is bounded (D18, D19)', () => {
  it('an alias bomb is refused at once', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'kind: ConfigMap'].join('\n');
    await refused(folder((dir) => put(dir, 'manifests/70-bomb.yaml', bomb)), /manifests\/70-bomb\.yaml: not valid YAML for a check: aliases exceeded maxAliases \(0\) at line 2, column \d+ \(YAML aliases are not accepted in manifests/);
  });
  it('a FIFO', async () => {
    const dir = folder((d) => spawnSync('mkfifo', [join(d, 'manifests/70-fifo.yaml')]));
    await refused(dir, 'manifests/70-fifo.yaml: not a regular file (a FIFO, socket or device)');
  });
  it('/dev/zero behind a link', async () => {
    await refused(folder((dir) => symlinkSync('/dev/zero', join(dir, 'manifests/70-zero.yaml'))), 'manifests/70-zero.yaml: a symbolic link leaving the folder');
  });
  it('a 1 GB manifest (sparse: no disk used)', async () => {
    await refused(folder((dir) => {
      writeFileSync(join(dir, 'manifests/70-big.yaml'), '');
      truncateSync(join(dir, 'manifests/70-big.yaml'), 1024 ** 3);
    }), 'manifests/70-big.yaml: 1024 MB, more than the 16 MB a check reads from one file');
  });
  it('200k objects', async () => {
    const many = Array.from({ length: 200_000 }, (_, i) => `kind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');
    await refused(folder((dir) => put(dir, 'manifests/70-many.yaml', many)), 'manifests/70-many.yaml: more than 20000 Kubernetes objects in the manifests');
  });
  it('20k objects in a list', async () => {
    const list = { kind: 'List', items: Array.from({ length: 25_000 }, (_, i) => ({ kind: 'ConfigMap', metadata: { name: `c${i}` } })) };
    await refused(folder((dir) => put(dir, 'manifests/70-many.json', JSON.stringify(list))), 'manifests/70-many.json: more than 20000 Kubernetes objects in the manifests');
  });
  it('deep nesting in Terraform JSON', async () => {
    await refused(folder((dir) => put(dir, 'terraform/network/cdk.tf.json', `${'['.repeat(20_000)}${']'.repeat(20_000)}`)), 'terraform/network/cdk.tf.json: nested 20000 levels deep, more than the 128 a check reads');
  });
  it('20k nested plan modules', async () => {
    const plan = join(scratch, 'nested.plan.json');
    writeFileSync(plan, `{"planned_values":{"root_module":${'{"child_modules":['.repeat(20_000)}{}${']}'.repeat(20_000)}}}`);
    await refused(folder(() => {}), /nested\.plan\.json: nested 4000\d levels deep, more than the 128 a check reads/, '--plan', plan);
  });
  it('a plan or waivers file that is a FIFO or /dev/zero', async () => {
    const fifo = join(scratch, 'plan.fifo');
    spawnSync('mkfifo', [fifo]);
    await refused(folder(() => {}), 'plan.fifo: not a regular file', '--plan', fifo);
    await refused(folder(() => {}), '/dev/zero: not a regular file', '--waivers', '/dev/zero');
  });
  it('an alias bomb in --waivers', async () => {
    const file = join(scratch, 'bomb-waivers.yaml');
    writeFileSync(file, 'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nwaivers: []\n');
    await refused(folder(() => {}), /bomb-waivers\.yaml: not valid YAML \(aliases exceeded maxAliases \(0\)/, '--waivers', file);
  });
});

describe('shapes that crashed the check are errors (D19)', () => {
  it.each([
    ['without cluster', (env: Record<string, unknown>) => delete env['cluster'], 'missing or wrong: cluster, cluster.adminCidrs'],
    ['adminCidrs as a string', (env: Record<string, any>) => (env['cluster'].adminCidrs = '0.0.0.0/0'), 'missing or wrong: cluster.adminCidrs'],
  ])('environment.json %s', async (_, change, message) => {
    await refused(folder((dir) => {
      const env = json(dir, 'environment.json');
      change(env);
      writeFileSync(join(dir, 'environment.json'), JSON.stringify(env));
    }), `environment.json: not a resolved socle environment (${message})`);
  });
  it('a manifest that is a link to a folder', async () => {
    await refused(folder((dir) => symlinkSync('../deploy', join(dir, 'manifests/70-dir.yaml'))), /manifests\/70-dir\.yaml\/operators\.json: document 0 is not a Kubernetes object|not a Kubernetes object/);
  });
  it('a link loop', async () => {
    await refused(folder((dir) => {
      symlinkSync('70-b.yaml', join(dir, 'manifests/70-a.yaml'));
      symlinkSync('70-a.yaml', join(dir, 'manifests/70-b.yaml'));
    }), 'manifests/70-a.yaml: a symbolic link loop');
  });
  it('a folder link back to its parent', async () => {
    await refused(folder((dir) => symlinkSync('..', join(dir, 'manifests/up'))), 'manifests/up: a symbolic link loop (it points back to a folder it is in)');
  });
});

describe('nothing from outside the folder is quoted (D20)', () => {
  it('a link to a file outside is refused without reading it', async () => {
    const secret = join(scratch, 'shadow');
    writeFileSync(secret, 'root:$6$secret-hash:19000:0:99999:7:::\n');
    const result = await refused(folder((dir) => {
      unlinkSync(join(dir, 'environment.json'));
      symlinkSync(secret, join(dir, 'environment.json'));
    }), 'environment.json: a symbolic link leaving the folder');
    expect(result.err).not.toContain('secret-hash');
    expect(result.err).not.toContain(secret);
  });
  it('a parse error gives a position, not the text', async () => {
    const result = await refused(folder((dir) => writeFileSync(join(dir, 'environment.json'), 'root:$6$secret-hash')), /environment\.json: not valid JSON\n/);
    expect(result.err).not.toContain('secret-hash');
  });
});

describe('nothing the folder holds reaches the terminal or a report raw (D4)', () => {
  // What a terminal, a Markdown viewer or a CI log would act on: ESC/CSI (repaint, clear), OSC 8
  // (a hidden link), BEL, a line break that forges a line, a C1 CSI, a right-to-left override.
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  const FAKE_PASS = '\u001b[2J\u001b[H\u001b[32mPASS — no unwaived finding at or above high\u001b[0m\nPASS — no unwaived finding at or above high';
  const NAME = `Métropole ${FAKE_PASS} \u202eexe.regdab\u009b31m\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007`;
  const withName = () => folder((dir) => {
    const environment = json(dir, 'environment.json');
    environment['authority']['name'] = NAME;
    writeFileSync(join(dir, 'environment.json'), JSON.stringify(environment));
    // A finding whose resource and evidence carry the same characters (kubectl would apply it).
    put(dir, 'manifests/70-pod.json', JSON.stringify({ ...PRIVILEGED_POD, metadata: { ...PRIVILEGED_POD.metadata, name: 'evil\u001b[8m\u202egpj.exe', labels: { 'x\u202e': 'y\u0085' } } }));
  });
  const run = async (dir: string, format: string) => {
    const io = captureIo({ cwd: scratch });
    const code = await main(['check', dir, '--format', format], io);
    return { code, out: io.out(), err: io.err() };
  };

  for (const format of ['text', 'markdown', 'junit']) {
    it(`${format}: escapes the authority name and the finding's resource, and no line forged by the folder says PASS`, async () => {
      const result = await run(withName(), format);
      expect(result.code, result.err).toBe(1);
      expect(result.out).not.toMatch(RAW);
      expect(result.out.split('\n').filter((l) => /^\s*PASS/.test(l))).toEqual([]);
      // JUnit names the environment, not the authority.
      if (format !== 'junit') expect(result.out).toContain('\\u001b[2J\\u001b[H\\u001b[32mPASS');
      if (format !== 'junit') expect(result.out).toContain('\\u202eexe.regdab');
      expect(result.out).toContain('evil\\u001b[8m');
    });
  }

  for (const format of ['json', 'sarif']) {
    it(`${format}: keeps the values, JSON-escaped (\\u202e, \\u009b and \\u0085 too, which JSON.stringify leaves raw)`, async () => {
      const result = await run(withName(), format);
      expect(result.code, result.err).toBe(1);
      expect(result.out).not.toMatch(RAW);
      expect(result.out).not.toMatch(/[\u0085\u009b\u202e]/);
      const parsed = JSON.parse(result.out);
      if (format === 'json') expect(parsed.environment.authority).toBe(NAME);
      expect(JSON.stringify(parsed)).toContain('evil\\u001b[8m');
    });
  }

  it('the error about an unreadable file escapes its name: no forged line, no escape sequence', async () => {
    const result = await run(folder((dir) => put(dir, 'manifests/70-\u001b[2Jx\nPASS — all good.yaml', '{not: [valid')), 'text');
    expect(result.code).toBe(2);
    expect(result.err).not.toMatch(RAW);
    expect(result.err.split('\n').filter((l) => l.startsWith('PASS'))).toEqual([]);
    expect(result.err).toContain('70-\\u001b[2Jx\\u000aPASS — all good.yaml');
  });

  it("leaves the pilot's own report as it is: socle's texts hold no character it escapes", () => {
    const { report } = synthArtifacts(loadExample('pilot'), new Date());
    expect(printableReport(report)).toEqual(report);
  });
});

it('reads the folder socle synth writes (links into .socle/) like a plain one', async () => {
  const { writeOutputFolder } = await import('../../scripts/synth-output.js');
  const out = join(scratch, 'synthesized');
  writeOutputFolder(out, synthArtifacts(loadExample('pilot'), new Date()).files);
  mkdirSync(join(out, 'logs'));
  writeFileSync(join(out, 'logs', 'plan.log'), 'x');
  writeFileSync(join(out, 'terraform', 'network', 'terraform.tfstate'), '{}');
  expect((await check(out)).code).toBe(0);
  expect(load(readFileSync(join(out, '.socle-output'), 'utf8'))).toMatchObject({ format: 1 });
});
