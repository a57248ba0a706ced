/** The real outside world of a run: HTTPS with fetch, prompts on the terminal, the real synth and policies. */
import { createInterface } from 'node:readline/promises';
import { writeSynth } from '../synth-pipeline.js';
import type { OperateDeps, ProbeResult } from './operate-context.js';
import { evaluatePoliciesGate } from './policy-gate.js';

async function probe(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    return { status: response.status, body: await response.text() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (e as Error).message };
  }
}

async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export function defaultDeps(): OperateDeps {
  return {
    probe,
    prompt,
    interactive: Boolean(process.stdin.isTTY),
    synth: (environment, outDir) => void writeSynth(environment, outDir),
    policyGate: evaluatePoliciesGate,
  };
}
