/**
 * The `go` command, run with execa (an argument array, never a shell) in the environment every
 * recipe builds with: the machine's own toolchain (GOTOOLCHAIN=local, so a go.mod never makes the
 * go command fetch another one), no cgo (static binaries that run on any Linux here), paths trimmed
 * from the binaries, no VCS stamping (module builds have no checkout), and never a go.work.
 */
import { execa } from 'execa';

export const goBuildEnv: Readonly<Record<string, string>> = {
  GOTOOLCHAIN: 'local',
  CGO_ENABLED: '0',
  GOFLAGS: '-trimpath -buildvcs=false',
  GOWORK: 'off',
};

export class GoCommandError extends Error {}

/** Runs `go args…` in `cwd`; resolves to stdout, or rejects with the go command's own last lines. */
export async function go(args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  const result = await execa('go', args, { cwd, env: { ...goBuildEnv, ...env }, reject: false, stdin: 'ignore', all: true });
  if (result.failed) {
    const cause = result.code === 'ENOENT' ? 'go not found on PATH (install Go 1.26)' : lastLines(result.all ?? '', 6);
    throw new GoCommandError(`go ${args.join(' ')}: ${cause}`);
  }
  return result.stdout;
}

/** `go version` as it prints it, e.g. `go version go1.26.8 linux/amd64`: part of every cache key. */
export async function goVersion(): Promise<string> {
  return (await go(['version'], process.cwd())).trim();
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
