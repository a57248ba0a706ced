/**
 * A sandbox for running `socle plan|deploy|destroy` against the stand-in executables: a temporary
 * working folder with the environment file, PATH holding only the stand-ins and node, the
 * operator's credentials (with recognisable secret values), and recorded tool invocations.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../../environments/environment.js';
import { parseCommandArgs, UsageError, type Command } from '../../scripts/command.js';
import { deployCommandWith } from '../../scripts/commands/deploy.js';
import { destroyCommandWith } from '../../scripts/commands/destroy.js';
import { planCommandWith } from '../../scripts/commands/plan.js';
import type { HttpRequest, OperateContext, OperateDeps, ProbeResult } from '../../scripts/operate/flows/operate-context.js';
import type { PolicyVerdict } from '../../scripts/operate/flows/policy-gate.js';
import { fixtureSynth, FIXTURE_RESOURCES } from './fixture-synth.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const STAND_INS = join(HERE, 'stand-ins');
export const REPO_ROOT = resolve(HERE, '..', '..');

/** Secret values of the sandbox's credentials: none may ever show up in argv, logs or output. */
export const SECRETS = {
  OS_PASSWORD: 'os-pa55word-d0-not-leak',
  AWS_SECRET_ACCESS_KEY: 'aws-s3cret-access-key-d0-not-leak',
  PULUMI_CONFIG_PASSPHRASE: 'pulumi-pa55phrase-d0-not-leak',
  TF_VAR_state_passphrase: 'state-pa55phrase-d0-not-leak',
} as const;

export const KUBECONFIG_SECRET = 'client-key-data-d0-not-leak';
/** The S3 secret keys the data and backups stacks output. */
export const S3_SECRETS = { data: 'data-s3-secret-d0-not-leak', backups: 'backups-s3-secret-d0-not-leak' } as const;
/** The etcd snapshots' own S3 secret key, in the backups stack's outputs. */
export const ETCD_S3_SECRET = 'etcd-s3-secret-d0-not-leak';

function s3Outputs(stack: keyof typeof S3_SECRETS): Record<string, unknown> {
  return { s3_access_key: { sensitive: false, type: 'string', value: `ak-${stack}` }, s3_secret_key: { sensitive: true, type: 'string', value: S3_SECRETS[stack] } };
}

/** The data stack of the pilot (GRA11): the apps' credential and their region's S3 endpoint. */
function dataOutputs(): Record<string, unknown> {
  const text = (value: string) => ({ sensitive: false, type: 'string', value });
  return { ...s3Outputs('data'), s3_endpoint: text('https://s3.gra.io.cloud.ovh.net'), s3_region: text('gra') };
}

/** The backups stack of the pilot (SBG): its bucket, endpoint, and the etcd snapshots' credential beside the backup jobs'. */
function backupsOutputs(): Record<string, unknown> {
  const text = (value: string, sensitive = false) => ({ sensitive, type: 'string', value });
  return {
    ...s3Outputs('backups'),
    bucket_names: { sensitive: false, type: ['map', 'string'], value: { backups: 'pilot-backups' } },
    s3_endpoint: text('https://s3.sbg.io.cloud.ovh.net'),
    s3_region: text('sbg'),
    etcd_s3_access_key: text('ak-etcd'),
    etcd_s3_secret_key: text(ETCD_S3_SECRET, true),
  };
}

export interface Call {
  tool: 'tofu' | 'pulumi' | 'kubectl';
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** What the stand-in read on stdin (`kubectl apply -f -`). */
  stdin?: string;
}

export interface Scenario {
  tofuVersion?: string;
  pulumiVersion?: string;
  kubectlVersion?: string;
  stacks?: Record<string, { resources: readonly string[]; outputs?: Record<string, unknown> }>;
  failures?: { key: string; times: number; stderr: string; stdout?: string; exit: number }[];
  echoEnv?: { key: string; names: string[] }[];
  /** Invocations that hang this many seconds before doing their work. */
  hangs?: { key: string; seconds: number }[];
  /** Invocations that first print this many megabytes of lines on stderr. */
  floods?: { key: string; megabytes: number }[];
  pulumiPreview?: Record<string, number>;
  pods?: unknown[];
  persistentVolumes?: unknown[];
  nodes?: unknown[];
}

export function readyBridge(name: string, ready = true): unknown {
  return {
    metadata: { name, labels: { 'app.kubernetes.io/name': 'jitsi', 'app.kubernetes.io/component': 'jitsi-videobridge' } },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

export function persistentVolume(name: string, storageClassName: string, claim: string, volumeHandle: string): unknown {
  const [namespace, claimName] = claim.split('/');
  return { metadata: { name }, spec: { storageClassName, claimRef: { namespace, name: claimName }, csi: { driver: 'cinder.csi.openstack.org', volumeHandle }, persistentVolumeReclaimPolicy: 'Retain' } };
}

/** The fixture's stacks, what they create, and a cluster that hands out a kubeconfig once applied. */
export function defaultScenario(): Scenario {
  return {
    stacks: {
      network: { resources: FIXTURE_RESOURCES.network, outputs: { network_id: { sensitive: false, type: 'string', value: 'net-0001' } } },
      cluster: {
        resources: FIXTURE_RESOURCES.cluster,
        outputs: {
          kubeconfig: { sensitive: true, type: 'string', value: `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: ${KUBECONFIG_SECRET}\n` },
          ingress_address: { sensitive: false, type: 'string', value: '198.51.100.7' },
        },
      },
      data: { resources: FIXTURE_RESOURCES.data, outputs: dataOutputs() },
      backups: { resources: FIXTURE_RESOURCES.backups, outputs: backupsOutputs() },
    },
    pulumiPreview: { create: 42, same: 0 },
    pods: [readyBridge('jitsi-videobridge-0'), readyBridge('jitsi-videobridge-1')],
    persistentVolumes: [
      persistentVolume('pvc-0a1b', 'socle-fast', 'nextcloud/data-nextcloud-db-1', 'c1d2-0001'),
      persistentVolume('pvc-0a1c', 'socle-fast', 'rocketchat/data-rocketchat-mongodb-0', 'c1d2-0002'),
      // Not socle's: another team's volume on the same cluster.
      persistentVolume('pvc-9f9f', 'csi-cinder-high-speed', 'other/cache', 'c1d2-0099'),
    ],
  };
}

export type Captured = { out: string; err: string; exitCode: number };

export interface Sandbox {
  cwd: string;
  outDir: string;
  env: NodeJS.ProcessEnv;
  scenario: Scenario;
  deps: OperateDeps;
  /** URLs the probe was asked for. */
  probed: string[];
  /** Signed requests sent (S3 bucket calls), and the buckets the stand-in S3 service holds. */
  requests: HttpRequest[];
  buckets: Set<string>;
  /**
   * The OpenStack APIs the preflight asks for quotas (Keystone, Nova…): by default none answers
   * (ENOTFOUND, so the quota check is a note); a test points this at the fake OpenStack.
   */
  cloud?: (request: HttpRequest, timeoutMs: number) => Promise<ProbeResult>;
  /** Plan JSON files each policy check got. */
  gateCalls: string[][];
  /** Next verdicts of the policy gate (then: not blocking). */
  verdicts: PolicyVerdict[];
  /** Answers the prompt gives, in order. */
  answers: string[];
  prompts: string[];
  run(args: string[], options?: { tty?: boolean }): Promise<Captured>;
  /** Tool invocations since the sandbox was made (or since `since`). */
  calls(since?: number): Call[];
  writeScenario(): void;
  logs(): string;
}

/** PATH with node only: the stand-ins' `#!/usr/bin/env node` needs it, nothing else may be found. */
function nodeOnlyDir(root: string): string {
  const dir = join(root, 'node-only');
  mkdirSync(dir);
  symlinkSync(process.execPath, join(dir, 'node'));
  return dir;
}

export function sandbox(options: { environmentFile?: string; scenario?: Scenario; env?: NodeJS.ProcessEnv; withStandIns?: boolean } = {}): Sandbox {
  const cwd = mkdtempSync(join(tmpdir(), 'socle-operate-'));
  mkdirSync(join(cwd, 'environments'));
  copyFileSync(options.environmentFile ?? join(REPO_ROOT, 'environments', 'examples', 'pilot.yaml'), join(cwd, 'environments', 'pilot.yaml'));
  const record = join(cwd, 'calls.jsonl');
  writeFileSync(record, '');
  const scenarioFile = join(cwd, 'scenario.json');
  const path = [...(options.withStandIns === false ? [] : [STAND_INS]), nodeOnlyDir(cwd)].join(':');
  const env: NodeJS.ProcessEnv = {
    PATH: path,
    HOME: cwd,
    OS_AUTH_URL: 'https://auth.cloud.ovh.net/v3',
    OS_USERNAME: 'user-socle',
    OS_PROJECT_ID: 'p-0001',
    OS_PASSWORD: SECRETS.OS_PASSWORD,
    AWS_ACCESS_KEY_ID: 'ak-0001',
    AWS_SECRET_ACCESS_KEY: SECRETS.AWS_SECRET_ACCESS_KEY,
    PULUMI_CONFIG_PASSPHRASE: SECRETS.PULUMI_CONFIG_PASSPHRASE,
    TF_VAR_state_passphrase: SECRETS.TF_VAR_state_passphrase,
    STAND_IN_RECORD: record,
    STAND_IN_SCENARIO: scenarioFile,
    STAND_IN_STATE: join(cwd, 'stand-in-state'),
    ...options.env,
  };
  const box: Sandbox = {
    cwd,
    outDir: join(cwd, 'out', 'pilot'),
    env,
    scenario: options.scenario ?? defaultScenario(),
    probed: [],
    requests: [],
    buckets: new Set(),
    gateCalls: [],
    verdicts: [],
    answers: [],
    prompts: [],
    deps: undefined as unknown as OperateDeps,
    writeScenario: () => writeFileSync(scenarioFile, JSON.stringify(box.scenario)),
    calls(since = 0) {
      return readFileSync(record, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Call)
        .slice(since);
    },
    logs() {
      const dir = join(box.outDir, 'logs');
      return readdirSync(dir)
        .sort()
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
    },
    async run(args, runOptions = {}) {
      box.writeScenario();
      let out = '';
      let err = '';
      const tty = runOptions.tty ?? false;
      const io = { stdout: { write: (s: string) => (out += s), isTTY: tty }, stderr: { write: (s: string) => (err += s), isTTY: tty }, cwd, env: box.env };
      const commands: Record<string, Command> = { plan: planCommandWith(() => box.deps), deploy: deployCommandWith(() => box.deps), destroy: destroyCommandWith(() => box.deps) };
      const [name, ...rest] = args;
      const command = commands[name!]!;
      try {
        const { values, positionals } = parseCommandArgs(command, rest);
        const exitCode = await command.run(io, values, positionals);
        return { out, err, exitCode };
      } catch (e) {
        if (e instanceof UsageError) return { out, err: `${err}${e.message}\n`, exitCode: 2 };
        throw e;
      }
    },
  };
  box.deps = {
    async probe(url): Promise<ProbeResult> {
      box.probed.push(url);
      if (url.endsWith('/status.php')) return { status: 200, body: '{"installed":true,"maintenance":false,"version":"31.0.9"}' };
      if (url.endsWith('/healthcheck')) return { status: 200, body: 'true' };
      if (url.endsWith('/api/info')) return { status: 200, body: '{"success":true,"version":"7.10.0"}' };
      // S3 endpoints answer 403 to an anonymous request: reachable.
      if (url.includes('s3.')) return { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' };
      return { status: 200, body: '<!DOCTYPE html>' };
    },
    // A stand-in S3 service: HEAD finds a bucket, PUT makes one.
    async request(r, timeoutMs): Promise<ProbeResult> {
      // OpenStack calls: Keystone's token request, then every call carrying its token.
      const openstack = r.url.endsWith('/auth/tokens') || Object.keys(r.headers).some((h) => h.toLowerCase() === 'x-auth-token');
      if (openstack) return box.cloud ? box.cloud(r, timeoutMs) : { error: 'ENOTFOUND' };
      box.requests.push(r);
      const bucket = new URL(r.url).pathname.slice(1);
      if (r.method === 'HEAD') return { status: box.buckets.has(bucket) ? 200 : 404, body: '' };
      box.buckets.add(bucket);
      return { status: 200, body: '' };
    },
    async tlsHandshake(host, port) {
      box.probed.push(`tls://${host}:${port}`);
      return { validTo: 'Feb 21 09:00:00 2027 GMT' };
    },
    async prompt(question) {
      box.prompts.push(question);
      return box.answers.shift() ?? '';
    },
    interactive: false,
    synth: (environment: Environment, outDir: string) => fixtureSynth(environment, outDir),
    async policyGate(_ctx: OperateContext, _step: string, files: readonly string[]) {
      box.gateCalls.push([...files]);
      return box.verdicts.shift() ?? { blocking: false, report: '0 blocking findings' };
    },
  };
  return box;
}

/** A call in readable form: `tofu plan network`, `pulumi up`, `kubectl apply`. */
export function label(call: Call): string {
  const words = call.argv.filter((a, i) => !a.startsWith('-') && !['--stack', '--cwd', '--kubeconfig', '--namespace', '--selector', '--output', '--filename', '--secrets-provider', '--color', '-o'].includes(call.argv[i - 1] ?? ''));
  if (call.tool === 'tofu') return words[0] === 'version' ? 'tofu version' : `tofu ${words[0]} ${call.cwd.split('/').pop()}`;
  return `${call.tool} ${words.slice(0, call.tool === 'pulumi' && ['stack', 'config'].includes(words[0] ?? '') ? 2 : 1).join(' ')}`;
}
