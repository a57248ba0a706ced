/** A built binary must say the version it was built as: proves the version ldflags took effect. */
import { execa } from 'execa';

export async function expectVersionOutput(binary: string, args: string[], expected: string): Promise<void> {
  const r = await execa(binary, args, { reject: false, stdin: 'ignore', all: true, timeout: 30_000, env: { PULUMI_SKIP_UPDATE_CHECK: 'true', CHECKPOINT_DISABLE: '1' } });
  const out = (r.all ?? '').trim();
  if (!out.includes(expected)) throw new Error(`${binary} ${args.join(' ')} printed "${out.split('\n')[0]}", expected it to contain "${expected}"`);
}
