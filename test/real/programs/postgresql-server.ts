/**
 * A throwaway PostgreSQL cluster from Debian's packages, as CloudNativePG serves one to the
 * applications: TLS only (`hostssl` lines only in pg_hba.conf), SCRAM passwords, on 127.0.0.1 at
 * a free port with its socket in its own temporary folder. The server refuses to run as root, so
 * under root it runs as Debian's `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGES } from '../../../charts/images.js';
import type { ProgramAvailability } from '../harness/program-suite.js';
import { freePorts } from './local-ports.js';

/** The newest Debian PostgreSQL server's bin folder (postgresql-NN puts it under /usr/lib/postgresql/NN/bin). */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'postgres')) && existsSync(join(root, d, 'bin', 'psql')));
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : undefined;
}

export function postgresAvailability(): ProgramAvailability {
  const bin = postgresBin();
  if (!bin) return { missing: 'no PostgreSQL server: apt-get install -y postgresql' };
  // `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`
  const version = /\(PostgreSQL\) (\S+)/.exec(execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }))?.[1];
  if (!version) return { missing: `${bin}/postgres --version gave no version` };
  return { version, pinned: IMAGES.postgresql.slice(IMAGES.postgresql.lastIndexOf(':') + 1) };
}

export interface PostgresServer {
  bin: string;
  port: number;
  /** Runs SQL as the superuser over TLS, in `database` (default `postgres`). */
  superuser(sql: string, database?: string): string;
  stop(): void;
}

const asServerUser = (argv: string[]): [string, string[]] => (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0]!, argv.slice(1)]);

export async function startPostgres(bin: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'socle-pg-'));
  const [port] = await freePorts(1);
  const superPassword = execFileSync('openssl', ['rand', '-hex', '16'], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'pw'), `${superPassword}\n`, { mode: 0o600 });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.crt'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  if (process.getuid?.() === 0) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })));
    for (const path of [dir, ...['pw', 'server.key', 'server.crt'].map((f) => join(dir, f))]) chownSync(path, uid!, gid!);
  }
  const run = (argv: string[]) => {
    const [cmd, args] = asServerUser(argv);
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  };
  const data = join(dir, 'data');
  run([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${join(dir, 'pw')}`]);
  // TLS only, like the CloudNativePG instances the Job talks to: a plain connection is refused.
  writeFileSync(join(data, 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 scram-sha-256\n');
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c ssl=on -c ssl_cert_file=${join(dir, 'server.crt')} -c ssl_key_file=${join(dir, 'server.key')}`;
  run([join(bin, 'pg_ctl'), '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', options, 'start']);
  return {
    bin,
    port: port!,
    superuser: (sql, database = 'postgres') =>
      execFileSync(join(bin, 'psql'), ['-X', '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGPASSWORD: superPassword, PGDATABASE: database, PGSSLMODE: 'require' },
      }),
    stop: () => {
      try {
        run([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
