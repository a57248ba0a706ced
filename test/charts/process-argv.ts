/**
 * Every command line a rendered container starts, as the kernel sees it: the container's
 * command+args after Kubernetes' `$(VAR)` expansion (kubernetes pkg/kubelet/container/helpers.go
 * ExpandContainerCommandAndArgs, third_party/forked/golang/expansion), run under `strace -f -e
 * execve` with the pod's volumes laid out in a scratch folder, every Secret key holding a known
 * marker, and stand-ins on PATH for the programs this machine hasn't got (or mustn't start):
 * every execve — of the shell, of each program its script runs, failed ones included — is recorded
 * with its full argv. Runs as nobody (setpriv), so a script can't write outside the scratch folder;
 * `sh` is this machine's dash where the images have busybox ash (both run printf, echo, test and
 * heredocs as builtins, POSIX sh).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { KubeObject } from '../../charts/kube-object.js';
import { containers, podSpec } from './examples.js';

export const TOOLS_PRESENT = ['strace', 'setpriv', 'dash'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);

/** Programs replaced by a stand-in that does nothing: servers, clients of the network, image tools. */
const STAND_INS = [
  'valkey-server', 'valkey-sentinel', 'valkey-cli', 'redis-cli', 'turnserver', 'mongosh', 'mongod', 'mongodump', 'mongorestore',
  'rclone', 'wget', 'curl', 'nc', 'psql', 'pg_dump', 'kubectl', 'haproxy', 'php', 'node', 'python3', 'java', 'prosodyctl', 'sleep',
];

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export const secretMarker = (secret: string, key: string) => `SECRETMARK${secret}${key}`.replace(/[^A-Za-z0-9]/g, 'x');

/** Kubernetes `$(VAR)` expansion: `$$` is a literal `$`, an undefined `$(VAR)` stays as written. */
export function expandK8s(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name?: string) => (whole === '$$' ? '$' : vars.has(name!) ? vars.get(name!)! : whole));
}

export interface Process {
  where: string;
  argv: string[];
}

export interface ContainerRun {
  where: string;
  /** Every execve the container's command (or an exec probe) made, with its argv. */
  processes: Process[];
}

function containerEnv(c: Record<string, any>, objects: KubeObject[], namespace: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const e of c.env ?? []) {
    const ref = e.valueFrom;
    if (ref?.secretKeyRef) vars.set(e.name, secretMarker(ref.secretKeyRef.name, ref.secretKeyRef.key));
    else if (ref?.configMapKeyRef) {
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.configMapKeyRef.name && o.metadata.namespace === namespace);
      vars.set(e.name, String((cm?.data as Record<string, string> | undefined)?.[ref.configMapKeyRef.key] ?? ''));
    } else if (ref) vars.set(e.name, 'fieldref');
    else vars.set(e.name, expandK8s(String(e.value ?? ''), vars));
  }
  return vars;
}

/** The pod's mount paths moved under `root`, in any text (longest path first, whole path segments). */
export function relocator(root: string, mountPaths: string[]): (text: string) => string {
  const sorted = [...mountPaths].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (sorted.length === 0) return (t) => t;
  const pattern = new RegExp(`(?<![\\w./-])(${sorted.join('|')})(?=[/\\s"':;)]|$)`, 'g');
  return (text) => text.replace(pattern, (p) => join(root, p));
}

function layOut(root: string, pod: Record<string, any>, c: Record<string, any>, objects: KubeObject[], namespace: string, relocate: (t: string) => string): void {
  const volumes = new Map<string, Record<string, any>>((pod.volumes ?? []).map((v: any) => [v.name, v]));
  for (const m of c.volumeMounts ?? []) {
    // A volume claim template (no pod volume) is an empty folder like an emptyDir.
    const v = volumes.get(m.name) ?? {};
    const dir = join(root, m.mountPath);
    const files: Record<string, string> = {};
    if (v.configMap) {
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === v.configMap.name && o.metadata.namespace === namespace);
      Object.assign(files, (cm?.data as Record<string, string> | undefined) ?? {});
    } else if (v.secret) {
      for (const key of ['keyfile', 'password', 'static-auth-secret']) files[key] = secretMarker(v.secret.secretName, key);
    }
    if (m.subPath !== undefined) {
      mkdirSync(dirname(dir), { recursive: true });
      writeFileSync(dir, relocate(files[m.subPath] ?? ''), { mode: 0o755 });
      continue;
    }
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), relocate(text), { mode: 0o755 });
  }
}

function traced(argv: string[], env: Map<string, string>, root: string, standIns: string): Process[] {
  const log = join(root, 'strace.log');
  const path = `${standIns}:/usr/local/bin:/usr/bin:/bin`;
  const program = argv[0] === 'sh' || argv[0] === '/bin/sh' ? '/bin/sh' : argv[0]!;
  spawnSync('strace', ['-f', '-qq', '-e', 'trace=execve', '-s', '100000', '-o', log, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--', 'env', '-i', ...[...env].map(([k, v]) => `${k}=${v}`), `PATH=${path}`, `HOME=${join(root, 'home')}`, program, ...argv.slice(1)], {
    cwd: root,
    timeout: 3000,
    killSignal: 'SIGKILL',
    stdio: 'ignore',
  });
  const processes: Process[] = [];
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return processes;
  }
  for (const line of text.split('\n')) {
    const m = /execve\("([^"]*)", \[(.*)\]/.exec(line);
    if (!m) continue;
    const args = [...m[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => a[1]!.replace(/\\n/g, '\n').replace(/\\(.)/g, '$1'));
    processes.push({ where: m[1]!, argv: args });
  }
  // The tracer's own set-up (setpriv, env) is no process of the container.
  return processes.filter((p) => !p.where.endsWith('/setpriv') && !p.where.endsWith('/env'));
}

/** Runs every container command and exec probe of the rendered objects (deduplicated across calls by `seen`). */
export function runAll(objects: KubeObject[], seen = new Set<string>()): ContainerRun[] {
  const runs: ContainerRun[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'socle-argv-'));
  chmodSync(scratch, 0o755);
  const standIns = join(scratch, 'bin');
  mkdirSync(standIns);
  for (const name of STAND_INS) writeFileSync(join(standIns, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  let n = 0;
  try {
    for (const o of objects.filter((x) => WORKLOAD_KINDS.has(x.kind))) {
      const pod = podSpec(o);
      const namespace = o.metadata.namespace!;
      for (const c of containers(o)) {
        const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'].map((p) => c[p]?.exec?.command as string[] | undefined).filter((x): x is string[] => x !== undefined);
        const commands = [...(c.command ? [[...c.command, ...(c.args ?? [])]] : c.args ? [['image-entrypoint', ...c.args]] : []), ...probes];
        for (const command of commands) {
          const env = containerEnv(c, objects, namespace);
          const where = `${o.kind} ${namespace}/${o.metadata.name} container ${c.name}: ${command[0]}`;
          const volumesKey = JSON.stringify((c.volumeMounts ?? []).map((m: any) => [m.mountPath, pod.volumes?.find((v: any) => v.name === m.name)]));
          const key = JSON.stringify([command, [...env], volumesKey]);
          if (seen.has(key)) continue;
          seen.add(key);
          const root = join(scratch, String(n++));
          mkdirSync(join(root, 'home'), { recursive: true });
          chmodSync(root, 0o777);
          chmodSync(join(root, 'home'), 0o777);
          const relocate = relocator(root, ['/tmp', ...(c.volumeMounts ?? []).map((m: any) => m.mountPath as string)]);
          layOut(root, pod, c, objects, namespace, relocate);
          mkdirSync(join(root, 'tmp'), { recursive: true });
          chmodSync(join(root, 'tmp'), 0o777);
          const argv = command.map((a) => relocate(expandK8s(a, env)));
          runs.push({ where, processes: traced(argv, env, root, standIns) });
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return runs;
}
