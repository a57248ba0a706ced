/**
 * What `npm run tools -- --json --no-build` reports: the real tools already built into the cache
 * (scripts/tools/), each `{ path | mirror | dir, version }`, or `{ missing: reason }`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export interface BuiltTool {
  readonly path?: string;
  readonly mirror?: string;
  readonly dir?: string;
  readonly version?: string;
  readonly versions?: Readonly<Record<string, string>>;
  readonly missing?: string;
}
export type BuiltTools = Readonly<Record<string, BuiltTool>>;

/** Reads the cache through the tools script itself, so the harness and `npm run tools` agree. */
export async function readBuiltTools(repo: string): Promise<BuiltTools> {
  const script = join(repo, 'scripts', 'tools', 'tools.ts');
  if (!existsSync(script)) return {};
  const run = await execa(join(repo, 'node_modules', '.bin', 'tsx'), [script, '--json', '--no-build'], { cwd: repo, reject: false });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as BuiltTools;
  } catch {
    throw new Error(`npm run tools -- --json --no-build printed no JSON on its last line (exit ${run.exitCode}): ${run.stderr.slice(-400)}`);
  }
}
