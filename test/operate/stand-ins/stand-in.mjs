/**
 * Shared body of the stand-in executables (`tofu`, `pulumi`, `kubectl`) the operate tests put first
 * on PATH. Each invocation appends {tool, argv, cwd, env} to $STAND_IN_RECORD, then behaves as the
 * real tool does for the case: same messages, same JSON shapes, same exit codes. A tiny state in
 * $STAND_IN_STATE (what each stack has applied) makes plans after an apply show no changes, and
 * destroy plans delete what exists. $STAND_IN_SCENARIO (JSON) says what each stack holds and which
 * invocations fail, how many times, with which error text.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Environment variables worth recording (secrets are recorded too: the tests prove they stay out of argv and logs, not out of the env). */
const RECORDED_ENV = /^(TF_|PULUMI_|KUBECONFIG$|AWS_|OS_|SOCLE_|CHECKPOINT_DISABLE$|NO_COLOR$)/;

/** Flags of pulumi and kubectl that take a value (the value is not a sub-command). */
const VALUE_FLAGS = ['--stack', '--cwd', '--color', '--secrets-provider', '--kubeconfig', '--namespace', '--selector', '--output', '--filename', '-o'];

export function standIn(tool) {
  const argv = process.argv.slice(2);
  const scenario = JSON.parse(readFileSync(process.env.STAND_IN_SCENARIO, 'utf8'));
  const stateDir = process.env.STAND_IN_STATE;
  mkdirSync(stateDir, { recursive: true });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => RECORDED_ENV.test(k)));
  // What `kubectl apply -f -` got on stdin (how socle hands a Secret's data over), recorded with the call.
  const stdin = tool === 'kubectl' && argv.includes('-') ? readFileSync(0, 'utf8') : undefined;
  appendFileSync(process.env.STAND_IN_RECORD, `${JSON.stringify({ tool, argv, cwd: process.cwd(), env, ...(stdin === undefined ? {} : { stdin }) })}\n`);

  const words = argv.filter((a, i) => !a.startsWith('-') && !VALUE_FLAGS.includes(argv[i - 1]));
  const command = words[0] ?? '';
  const stack = tool === 'tofu' ? basename(process.cwd()) : '';
  // What the tests name an invocation by: `tofu plan data`, `pulumi up`, `kubectl apply`.
  const key = tool === 'tofu' ? `${tool} ${command} ${stack}` : `${tool} ${command}`;

  // A secret-echoing tool (a provider printing its config in debug output, say): redaction must catch it.
  for (const echo of scenario.echoEnv ?? []) {
    if (echo.key === key) for (const name of echo.names) process.stdout.write(`debug: ${name}=${process.env[name]}\n`);
  }

  // A hung tool (a provider waiting on an API that never answers): sleeps, then would succeed.
  for (const hang of scenario.hangs ?? []) {
    if (hang.key === key) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, hang.seconds * 1000);
  }
  // A tool that prints without end (debug logging of every API call): megabytes of lines, then its real work.
  for (const flood of scenario.floods ?? []) {
    if (flood.key !== key) continue;
    const line = `${'x'.repeat(99)}\n`;
    const chunk = line.repeat(10_000);
    for (let i = 0; i < flood.megabytes; i++) process.stderr.write(chunk);
    process.stderr.write('flood: last line\n');
  }

  for (const [i, failure] of (scenario.failures ?? []).entries()) {
    if (failure.key !== key) continue;
    const counter = join(stateDir, `failure-${i}`);
    const seen = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0;
    if (seen < failure.times) {
      writeFileSync(counter, String(seen + 1));
      if (failure.stdout) process.stdout.write(failure.stdout);
      process.stderr.write(failure.stderr);
      process.exit(failure.exit);
    }
  }

  const handlers = { tofu, pulumi, kubectl };
  handlers[tool]({ argv, words, command, stack, scenario, stateDir, stdin });
}

function applied(stateDir, stack) {
  const file = join(stateDir, `state-${stack}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
}

function setApplied(stateDir, stack, addresses) {
  writeFileSync(join(stateDir, `state-${stack}.json`), JSON.stringify(addresses));
}

/** `prevent_destroy` as OpenTofu sees it: the stack's JSON, then the override files merged over it. */
function preventDestroy(address) {
  const [type, name] = address.split('.');
  let protectedNow = false;
  const files = ['cdk.tf.json', ...readdirSync('.').filter((f) => f.endsWith('_override.tf.json')).sort()];
  for (const file of files) {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const flag = doc.resource?.[type]?.[name]?.lifecycle?.prevent_destroy;
    if (flag !== undefined) protectedNow = flag;
  }
  return protectedNow;
}

function tofu({ argv, command, stack, scenario, stateDir }) {
  const out = (s) => process.stdout.write(s);
  const spec = scenario.stacks?.[stack] ?? { resources: [] };
  switch (command) {
    case 'version':
      out(`${scenario.tofuVersion ?? 'OpenTofu v1.10.6'}\non linux_amd64\n`);
      return;
    case 'init':
      if (!existsSync('cdk.tf.json')) {
        process.stderr.write('\nError: No configuration files\n\nInit was run on a directory that has no configuration files.\n');
        process.exit(1);
      }
      out('\nInitializing the backend...\n\nSuccessfully configured the backend "s3"! OpenTofu will automatically\nuse this backend unless the backend configuration changes.\n\nInitializing provider plugins...\n\nOpenTofu has been successfully initialized!\n');
      return;
    case 'plan': {
      const destroy = argv.includes('-destroy');
      const file = argv.find((a) => a.startsWith('-out='))?.slice(5);
      const existing = applied(stateDir, stack);
      const changes = destroy
        ? existing.map((address) => ({ address, actions: ['delete'] }))
        : spec.resources.filter((a) => !existing.includes(a)).map((address) => ({ address, actions: ['create'] }));
      for (const c of changes) {
        if (c.actions.includes('delete') && preventDestroy(c.address)) {
          process.stderr.write(
            `\nError: Instance cannot be destroyed\n\n  on cdk.tf.json line 1:\n  (source code not available)\n\nResource ${c.address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target option.\n`,
          );
          process.exit(1);
        }
      }
      writeFileSync(file, JSON.stringify({ standInPlan: true, stack, destroy, changes }));
      if (changes.length === 0) {
        out('\nNo changes. Your infrastructure matches the configuration.\n\nOpenTofu has compared your real infrastructure against your configuration\nand found no differences, so no changes are needed.\n');
        process.exit(0);
      }
      const adds = changes.filter((c) => c.actions.includes('create')).length;
      const dels = changes.filter((c) => c.actions.includes('delete')).length;
      out(`\nOpenTofu will perform the following actions:\n\n${changes.map((c) => `  # ${c.address} will be ${destroy ? 'destroyed' : 'created'}\n`).join('')}\nPlan: ${adds} to add, 0 to change, ${dels} to destroy.\n\n`);
      out(`Saved the plan to: ${file}\n\nTo perform exactly these actions, run the following command to apply:\n    tofu apply "${file}"\n`);
      // -detailed-exitcode: 2 = succeeded, with changes.
      process.exit(argv.includes('-detailed-exitcode') ? 2 : 0);
      return;
    }
    case 'show': {
      const plan = JSON.parse(readFileSync(argv[argv.length - 1], 'utf8'));
      out(
        JSON.stringify({
          format_version: '1.2',
          terraform_version: '1.10.6',
          planned_values: { root_module: {} },
          resource_changes: plan.changes.map((c) => {
            const [type, name] = c.address.split('.');
            return { address: c.address, mode: 'managed', type, name, provider_name: 'registry.opentofu.org/terraform-provider-openstack/openstack', change: { actions: c.actions, before: null, after: {}, after_unknown: {} } };
          }),
          configuration: { root_module: {} },
        }),
      );
      return;
    }
    case 'apply': {
      const plan = JSON.parse(readFileSync(argv[argv.length - 1], 'utf8'));
      const existing = applied(stateDir, plan.stack);
      const deleted = plan.changes.filter((c) => c.actions.includes('delete')).map((c) => c.address);
      const created = plan.changes.filter((c) => c.actions.includes('create')).map((c) => c.address);
      setApplied(stateDir, plan.stack, [...existing.filter((a) => !deleted.includes(a)), ...created]);
      out(`\nApply complete! Resources: ${created.length} added, 0 changed, ${deleted.length} destroyed.\n`);
      return;
    }
    case 'output':
      out(JSON.stringify(applied(stateDir, stack).length > 0 ? (spec.outputs ?? {}) : {}));
      return;
    default:
      process.stderr.write(`stand-in tofu: unexpected command ${command}\n`);
      process.exit(1);
  }
}

function pulumi({ argv, words, scenario, stateDir }) {
  const out = (s) => process.stdout.write(s);
  switch (words[0]) {
    case 'version':
      out(`${scenario.pulumiVersion ?? 'v3.248.0'}\n`);
      return;
    case 'stack':
      out(`Created stack '${argv[argv.indexOf('--stack') + 1]}'\n`);
      return;
    case 'preview':
      out(JSON.stringify({ steps: [], changeSummary: scenario.pulumiPreview ?? { create: 0, same: 0 }, duration: 1000000000 }, null, 4));
      return;
    case 'up':
      out(`Updating (${argv[argv.indexOf('--stack') + 1]})\n\nResources:\n    + ${scenario.pulumiPreview?.create ?? 0} created\n\nDuration: 2m3s\n`);
      return;
    case 'destroy':
      out(`Destroying (${argv[argv.indexOf('--stack') + 1]})\n\nResources:\n    - 42 deleted\n\nDuration: 1m2s\n`);
      return;
    case 'state':
      out('All resources were unprotected\n');
      return;
    case 'config': {
      // `config set --secret <key>` without a value reads it from stdin.
      const key = words[2];
      const value = readFileSync(0, 'utf8');
      const file = join(stateDir, 'pulumi-config.json');
      const config = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
      writeFileSync(file, JSON.stringify({ ...config, [key]: { secret: argv.includes('--secret'), value } }));
      return;
    }
    default:
      process.stderr.write(`error: unknown command "${words[0]}" for "pulumi"\n`);
      process.exit(255);
  }
}

function kubectl({ argv, words, scenario, stdin }) {
  const out = (s) => process.stdout.write(s);
  switch (words[0]) {
    case 'version':
      out(JSON.stringify({ clientVersion: { major: '1', minor: '33', gitVersion: scenario.kubectlVersion ?? 'v1.33.1', platform: 'linux/amd64' }, kustomizeVersion: 'v5.6.0' }, null, 2));
      return;
    case 'get':
      if (argv.includes('--raw')) return out('ok');
      out(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ({ persistentvolumes: scenario.persistentVolumes, nodes: scenario.nodes }[words[1]] ?? scenario.pods) ?? [] }));
      return;
    case 'label':
      out(`node/${words[2]} labeled\n`);
      return;
    case 'taint':
      out(`node/${words[2]} modified\n`);
      return;
    case 'patch':
      out(`persistentvolume/${words[2]} patched\n`);
      return;
    case 'apply': {
      const object = stdin === undefined ? { kind: 'Namespace', metadata: { name: 'example' } } : JSON.parse(stdin);
      out(`${object.kind.toLowerCase()}/${object.metadata.name} serverside-applied\n`);
      return;
    }
    case 'wait':
      out(`${words[1]} condition met\n`);
      return;
    case 'rollout':
      out(`deployment "${words[2]?.split('/')[1]}" successfully rolled out\n`);
      return;
    default:
      process.stderr.write(`error: unknown command "${words[0]}" for "kubectl"\n`);
      process.exit(1);
  }
}
