/**
 * What the docker-jitsi-meet images' start scripts do to the file system, step by step, ported
 * from jitsi/docker-jitsi-meet at stable-10431 (the tag of charts/images.ts): base
 * etc/cont-init.d/01-set-timezone, then each image's etc/cont-init.d/10-config. Only the steps
 * that touch files are kept, each with its line; the scripts run under bash without `set -e`, so
 * a failing step doesn't stop them, and a script's status is that of its last command. s6-overlay
 * then stops the container when a cont-init script exits non-zero (base/Dockerfile L4,
 * S6_BEHAVIOUR_IF_STAGE2_FAILS=2).
 */
import { containerMounts, mountOf, mountsUnder, type Mount } from '../container-mounts.js';

export const DOCKER_JITSI_MEET_TAG = 'stable-10431';

type Step =
  /** `tpl … > f`, `cp a f`, `cat a >> f`, `ln -sf a f`, `echo … > f`: writes f. */
  | { line: number; op: 'write'; path: string }
  /** `[[ -f f ]] && …`: reads f when it exists (socle's ConfigMap files), never fails. */
  | { line: number; op: 'read-if-exists'; path: string }
  | { line: number; op: 'mkdir-p'; path: string }
  /** `chown -R u dir`: every file below, mounts included; exit 1 if any fails. */
  | { line: number; op: 'chown-R'; path: string }
  | { line: number; op: 'rm-f'; path: string };

const TIMEZONE: Step[] = [
  { line: 5, op: 'write', path: '/etc/localtime' },
  { line: 6, op: 'write', path: '/etc/timezone' },
];

/** 10-config of each image, with socle's settings (DISABLE_HTTPS=1, no Let's Encrypt, PROSODY_MODE client, no autoscaler). */
export const CONT_INIT: Record<'web' | 'prosody' | 'jicofo' | 'jvb', Step[]> = {
  web: [
    { line: 4, op: 'mkdir-p', path: '/config/nginx/site-confs' },
    { line: 4, op: 'mkdir-p', path: '/config/keys' },
    { line: 4, op: 'mkdir-p', path: '/run' },
    { line: 4, op: 'mkdir-p', path: '/var/lib/nginx/tmp/client_body' },
    { line: 4, op: 'mkdir-p', path: '/var/tmp/nginx' },
    { line: 122, op: 'write', path: '/config/nginx/nginx.conf' },
    { line: 124, op: 'write', path: '/config/nginx/meet.conf' },
    { line: 125, op: 'read-if-exists', path: '/config/nginx/custom-meet.conf' },
    { line: 129, op: 'write', path: '/config/nginx/ssl.conf' },
    { line: 131, op: 'write', path: '/config/nginx/site-confs/default' },
    { line: 133, op: 'write', path: '/config/config.js' },
    { line: 135, op: 'read-if-exists', path: '/config/custom-config.js' },
    { line: 136, op: 'write', path: '/config/config.js' },
    { line: 139, op: 'write', path: '/config/interface_config.js' },
    { line: 140, op: 'read-if-exists', path: '/config/custom-interface_config.js' },
    { line: 141, op: 'write', path: '/config/interface_config.js' },
  ],
  prosody: [
    { line: 13, op: 'mkdir-p', path: '/config/data' },
    // L16-30: each folder not owned by prosody is chowned; socle's volumes are root-owned, so all are.
    { line: 17, op: 'chown-R', path: '/config' },
    { line: 21, op: 'chown-R', path: '/prosody-plugins' },
    { line: 25, op: 'chown-R', path: '/prosody-plugins-custom' },
    { line: 29, op: 'chown-R', path: '/prosody-plugins-contrib' },
    { line: 32, op: 'mkdir-p', path: '/config/certs' },
    { line: 33, op: 'write', path: '/config/conf.d/jitsi-meet.cfg.lua' },
    { line: 62, op: 'rm-f', path: '/config/conf.d/visitors.cfg.lua' },
    { line: 63, op: 'rm-f', path: '/config/conf.d/brewery.cfg.lua' },
    { line: 65, op: 'write', path: '/config/prosody.cfg.lua' },
    { line: 66, op: 'write', path: '/config/conf.d/jitsi-meet.cfg.lua' },
    // L84-107: prosodyctl register writes the accounts under /config/data; L157-163 the certificates.
    { line: 84, op: 'write', path: '/config/data/auth%2emeet%2ejitsi/accounts/focus.dat' },
    { line: 163, op: 'write', path: '/config/data/auth.meet.jitsi.crt' },
    { line: 167, op: 'write', path: '/config/certs/auth.meet.jitsi.crt' },
    { line: 168, op: 'rm-f', path: '/config/data/auth.meet.jitsi.cnf' },
  ],
  jicofo: [
    { line: 19, op: 'write', path: '/config/logging.properties' },
    { line: 20, op: 'write', path: '/config/jicofo.conf' },
    { line: 22, op: 'chown-R', path: '/config' },
  ],
  jvb: [
    { line: 36, op: 'read-if-exists', path: '/config/custom-sip-communicator.properties' },
    { line: 37, op: 'write', path: '/config/sip-communicator.properties' },
    { line: 73, op: 'write', path: '/config/logging.properties' },
    { line: 74, op: 'write', path: '/config/jvb.conf' },
    { line: 76, op: 'chown-R', path: '/config' },
  ],
};

export interface StepFailure {
  script: string;
  line: number;
  op: Step['op'];
  path: string;
  error: 'EROFS';
  mount: string;
}

export interface InitOutcome {
  /** Status of each cont-init script: its last step's. */
  statuses: Record<string, number>;
  failures: StepFailure[];
  /** s6 goes on to start the services only if every script exited 0. */
  starts: boolean;
}

function run(script: string, steps: Step[], mounts: Mount[], failures: StepFailure[]): number {
  let status = 0;
  for (const step of steps) {
    const fail = (m: Mount) => failures.push({ script, line: step.line, op: step.op, path: step.path, error: 'EROFS', mount: m.volume });
    status = 0;
    if (step.op === 'write' || step.op === 'mkdir-p' || step.op === 'rm-f') {
      const m = mountOf(mounts, step.path);
      // A folder mount point or a file that is itself a mount already exists: mkdir -p has nothing to do.
      const exists = mounts.some((x) => x.path === step.path || x.path.startsWith(`${step.path}/`));
      if (m.readOnly && !(step.op === 'mkdir-p' && exists)) {
        fail(m);
        status = 1;
      }
    } else if (step.op === 'chown-R') {
      const readOnly = mountsUnder(mounts, step.path).filter((m) => m.readOnly);
      readOnly.forEach(fail);
      if (readOnly.length > 0) status = 1;
    }
  }
  return status;
}

/** Runs the image's start scripts on a container's mounts, as s6-overlay would. */
export function runContInit(image: keyof typeof CONT_INIT, pod: Record<string, any>, container: Record<string, any>): InitOutcome {
  const mounts = containerMounts(pod, container);
  const failures: StepFailure[] = [];
  const statuses = {
    '01-set-timezone': run('01-set-timezone', TIMEZONE, mounts, failures),
    '10-config': run('10-config', CONT_INIT[image], mounts, failures),
  };
  return { statuses, failures, starts: Object.values(statuses).every((s) => s === 0) };
}
