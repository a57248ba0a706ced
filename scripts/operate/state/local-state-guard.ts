/**
 * Local Terraform state (environments without `state.terraform`) sits in the stack folders, which
 * every synth replaces: keep those files across a synth, so re-planning never forgets what exists.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { terraformDir } from './synthesized-stacks.js';

const STATE_FILES = ['terraform.tfstate', 'terraform.tfstate.backup'];

export function localStateKept<T>(outDir: string, synth: () => T): T {
  const root = terraformDir(outDir);
  const kept = new Map<string, Buffer>();
  if (existsSync(root)) {
    for (const stack of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of STATE_FILES) {
        const path = join(root, stack.name, file);
        if (existsSync(path)) kept.set(path, readFileSync(path));
      }
    }
  }
  try {
    return synth();
  } finally {
    for (const [path, content] of kept) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content, { mode: 0o600 });
    }
  }
}
