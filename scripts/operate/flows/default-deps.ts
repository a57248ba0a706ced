/** The real outside world of a run: HTTPS with fetch, prompts on the terminal, the real synth and policies. */
import { createInterface } from 'node:readline/promises';
import { writeSynth } from '../../synth-pipeline.js';
import { request } from '../cloud/http-request.js';
import type { OperateDeps } from './operate-context.js';
import { evaluatePoliciesGate } from './policy-gate.js';
import { tlsHandshake } from '../cloud/tls-handshake.js';

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
    probe: (url, timeoutMs) => request({ method: 'GET', url, headers: {} }, timeoutMs),
    request,
    tlsHandshake,
    prompt,
    interactive: Boolean(process.stdin.isTTY),
    synth: (environment, outDir) => void writeSynth(environment, outDir),
    policyGate: evaluatePoliciesGate,
  };
}
