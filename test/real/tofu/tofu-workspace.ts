/**
 * Running the real `tofu` on socle's synthesized stacks, offline: providers come only from the
 * filesystem mirrors `npm run tools` built (a CLI configuration file with `provider_installation`
 * and no direct installation), no plugin cache, no proxy, no credentials but the fake cloud's,
 * and a clean environment (nothing of the developer's own OS_* or AWS_* variables leaks in).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export interface TofuResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TofuWorkspace {
  readonly tofu: string;
  readonly cliConfigFile: string;
  /** The environment every run gets, without the caller's additions. */
  readonly env: Readonly<Record<string, string>>;
  /** `input`: written to tofu's stdin (`tofu console`). */
  run(cwd: string, args: readonly string[], extraEnv?: Readonly<Record<string, string>>, input?: string): Promise<TofuResult>;
}

/**
 * OpenTofu CLI configuration: one `filesystem_mirror` per mirror folder and no `direct` method
 * for any host (`*\/*\/*`), so `tofu init` fails rather than reach a registry. OpenTofu v1.12.6
 * `internal/command/cliconfig/provider_installation.go`: the methods listed are the only ones used.
 */
/** A passphrase for the test runs' throwaway states (the authority's own is never in a file). */
export const TEST_STATE_PASSPHRASE = 'socle-test-state-passphrase';

export function cliConfiguration(mirrors: readonly string[]): string {
  const blocks = mirrors.map((dir) => `  filesystem_mirror {\n    path = ${JSON.stringify(dir)}\n  }\n`).join('');
  return `provider_installation {\n${blocks}  direct {\n    exclude = ["*/*/*"]\n  }\n}\n`;
}

export function tofuWorkspace(tofu: string, home: string, mirrors: readonly string[], cloudEnv: Readonly<Record<string, string>>): TofuWorkspace {
  mkdirSync(home, { recursive: true });
  const cliConfigFile = join(home, 'tofu.tfrc');
  writeFileSync(cliConfigFile, cliConfiguration(mirrors));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    // An empty value turns the plugin cache off even if the CLI configuration had one.
    TF_PLUGIN_CACHE_DIR: '',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // The stacks encrypt state and plans with a key derived from this (stacks/state-encryption.ts).
    TF_VAR_state_passphrase: TEST_STATE_PASSPHRASE,
    ...cloudEnv,
  };
  return {
    tofu,
    cliConfigFile,
    env,
    async run(cwd, args, extraEnv = {}, input) {
      const result = await execa(tofu, [...args], { cwd, env: { ...env, ...extraEnv }, extendEnv: false, reject: false, stripFinalNewline: false, ...(input !== undefined ? { input } : {}) });
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
  };
}

/** The message of a failed run, for an assertion that says what tofu said. */
export function failure(what: string, result: TofuResult): string {
  return `${what} exited ${result.exitCode}\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-2000)}`;
}

/** `cdk.tf.json` of a stack folder. */
export function stackDocument(stackDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
}
