/**
 * Throwaway RabbitMQ nodes from Debian's `rabbitmq-server`, alone on 127.0.0.1: HOME (Erlang
 * cookie), data and log folders in a temporary folder, AMQP, management, Erlang distribution and
 * epmd on free ports bound to the loopback interface. The suite starts epmd
 * itself (in the foreground, so that it can stop it by its process id); the node and rabbitmqctl use it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGES } from '../../../charts/images.js';
import type { ProgramAvailability } from '../harness/program-suite.js';
import { freePorts } from './local-ports.js';

/** Debian puts the scripts that run as the calling user here (/usr/sbin's wrappers switch to the rabbitmq user). */
const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';

export function rabbitmqAvailability(): ProgramAvailability {
  if (!existsSync(join(RABBITMQ_BIN, 'rabbitmq-server'))) return { missing: 'no RabbitMQ: apt-get install -y rabbitmq-server' };
  // The release's own application file (`{vsn,"3.10.8"}`): `rabbitmqctl version` would start an
  // epmd on every interface before any node of this suite exists.
  const lib = join(RABBITMQ_BIN, '..', 'lib');
  const plugins = readdirSync(lib).map((d) => join(lib, d, 'plugins'));
  const app = plugins.flatMap((p) => (existsSync(p) ? readdirSync(p).map((d) => join(p, d, 'ebin', 'rabbit.app')) : [])).find((f) => existsSync(f));
  const version = app && /\{vsn,\s*"([^"]+)"\}/.exec(readFileSync(app, 'utf8'))?.[1];
  if (!version) return { missing: `no rabbit.app with a version under ${lib}` };
  // `…/rabbitmq:4.1.4-management-alpine`
  return { version, pinned: /:(\d+\.\d+\.\d+)/.exec(IMAGES.rabbitmq)![1] };
}

export interface RabbitmqPorts {
  amqp: number;
  management: number;
}

export interface BootResult {
  /** The node answered the management API before the deadline. */
  up: boolean;
  /** The node's `[error]` log lines when it didn't. */
  errors: string[];
}

export interface RabbitmqNode {
  node: string;
  ports: RabbitmqPorts;
  /** Starts the node on `rabbitmq.conf` (the site's `enabled_plugins`); waits until it answers as `user`. */
  boot(conf: string, user: { name: string; password: string }): Promise<BootResult>;
  /** rabbitmqctl against the node. */
  ctl(args: string[]): { status: number | null; stdout: string; stderr: string };
  /** Ends the node at once, as a lost member. */
  kill(): Promise<void>;
}

/** Nodes sharing one epmd, one HOME (so one Erlang cookie, as the pods share the Secret's) and one folder. */
export interface RabbitmqSite {
  /** A node of the site, not started yet: `rabbit-<pid>-<name>@localhost`, its own ports and data. */
  node(name: string): Promise<RabbitmqNode>;
  stop(): Promise<void>;
}

export async function rabbitmqSite(enabledPlugins: string, env: Record<string, string>, erlangCookie?: string): Promise<RabbitmqSite> {
  const dir = mkdtempSync(join(tmpdir(), 'socle-rabbitmq-'));
  const [epmd] = (await freePorts(1)) as [number];
  writeFileSync(join(dir, 'enabled_plugins'), enabledPlugins);
  if (erlangCookie) writeFileSync(join(dir, '.erlang.cookie'), erlangCookie, { mode: 0o400 });
  const loopbackOnly = '-kernel inet_dist_use_interface {127,0,0,1}';
  const common = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ERL_EPMD_ADDRESS: '127.0.0.1', ERL_EPMD_PORT: String(epmd), RABBITMQ_CTL_ERL_ARGS: loopbackOnly };
  const epmdDaemon = spawn('epmd', ['-address', '127.0.0.1', '-port', String(epmd)], { stdio: 'ignore' });
  // Up before a node looks for it, or the node would start its own daemon, out of the suite's reach.
  for (let tries = 0; spawnSync('epmd', ['-names'], { env: common, timeout: 5_000 }).status !== 0; tries += 1) {
    if (tries === 50) throw new Error(`epmd did not answer on 127.0.0.1:${epmd}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stoppers: (() => Promise<void>)[] = [];

  async function node(name: string): Promise<RabbitmqNode> {
    const [amqp, management, dist] = (await freePorts(3)) as [number, number, number];
    const nodeName = `rabbit-${process.pid}-${name}@localhost`;
    let server: ChildProcess | undefined;
    let boots = 0;
    const ctl = (args: string[]) => {
      const r = spawnSync(join(RABBITMQ_BIN, 'rabbitmqctl'), ['-n', nodeName, ...args], { env: common, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const stopServer = async () => {
      const running = server;
      server = undefined;
      if (!running || running.exitCode !== null || !running.pid) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      // A throwaway node: no graceful stop (seconds per node); rabbitmq-server runs erl under a
      // shell, so end the whole process group it leads.
      process.kill(-running.pid, 'SIGKILL');
      await exited;
    };
    stoppers.push(stopServer);
    return {
      node: nodeName,
      ports: { amqp, management },
      async boot(conf, user) {
        await stopServer();
        boots += 1;
        const base = join(dir, `${name}-${boots}`);
        const confFile = join(dir, `${name}-${boots}.conf`);
        writeFileSync(confFile, conf);
        const log = join(dir, `${name}-${boots}.log`);
        server = spawn(join(RABBITMQ_BIN, 'rabbitmq-server'), [], {
          detached: true,
          cwd: dir,
          stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
          env: {
            ...common,
            ...env,
            RABBITMQ_NODENAME: nodeName,
            RABBITMQ_CONFIG_FILE: confFile,
            RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
            RABBITMQ_MNESIA_BASE: join(base, 'mnesia'),
            RABBITMQ_LOG_BASE: join(base, 'log'),
            RABBITMQ_LOGS: '-',
            // A node that refuses its configuration writes a crash dump: into the suite's folder.
            ERL_CRASH_DUMP: join(base, 'erl_crash.dump'),
            RABBITMQ_DIST_PORT: String(dist),
            RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: loopbackOnly,
          },
        });
        const auth = `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`;
        const deadline = Date.now() + 90_000;
        while (Date.now() < deadline && server.exitCode === null) {
          const ok = await fetch(`http://127.0.0.1:${management}/api/overview`, { headers: { authorization: auth } }).then((r) => r.ok, () => false);
          if (ok) return { up: true, errors: [] };
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        const errors = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('[error]'));
        await stopServer();
        return { up: false, errors };
      },
      ctl,
      kill: stopServer,
    };
  }

  return {
    node,
    async stop() {
      try {
        await Promise.all(stoppers.map((stop) => stop()));
      } finally {
        epmdDaemon.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
