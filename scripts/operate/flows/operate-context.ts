/** Everything a plan/deploy/destroy step works with, set up once per run by the command. */
import type { Environment } from '../../../environments/environment.js';
import type { EventBus } from '../progress/event-bus.js';
import type { PolicyGate } from './policy-gate.js';
import type { ResolvedTool } from '../tools/resolve-tools.js';
import type { StepDeadline } from './step-deadline.js';
import type { StackOrder } from './stack-order.js';
import type { SynthesizedStack } from '../state/synthesized-stacks.js';
import type { HandshakeResult } from '../cloud/tls-handshake.js';

/** An answer (its headers lower-cased, when the transport gives them: Keystone's token is one), or why none came. */
export type ProbeResult = { status: number; body: string; headers?: Record<string, string> } | { error: string };

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the outside world offers a run; tests replace it. */
export interface OperateDeps {
  /** One HTTP(S) GET: the status and body, or why no answer came. */
  probe(url: string, timeoutMs: number): Promise<ProbeResult>;
  /** One HTTP(S) request (signed S3 calls): the status and body, or why no answer came. */
  request(request: HttpRequest, timeoutMs: number): Promise<ProbeResult>;
  /** One TLS handshake with SNI and certificate checks (TURN over TLS): the certificate's end date, or why not. */
  tlsHandshake(host: string, port: number, timeoutMs: number): Promise<HandshakeResult>;
  /** Reads one line the operator types (destroy confirmations). */
  prompt(question: string): Promise<string>;
  /** Whether someone can answer `prompt`. */
  interactive: boolean;
  /** Writes `out/<name>/` for the environment. */
  synth(environment: Environment, outDir: string): void;
  /** Evaluates the policies on the synthesized artifacts and the saved plans. */
  policyGate: PolicyGate;
}

export interface OperateTools {
  tofu: ResolvedTool;
  pulumi?: ResolvedTool;
  kubectl?: ResolvedTool;
}

export interface OperateContext {
  environment: Environment;
  environmentFile: string;
  /** `out/<name>/`, absolute. */
  outDir: string;
  cwd: string;
  /** The operator's environment: credentials are read from here only. */
  env: NodeJS.ProcessEnv;
  tools: OperateTools;
  bus: EventBus;
  deps: OperateDeps;
  stacks: SynthesizedStack[];
  order: StackOrder;
  /** The current step's clock: every tool it runs gets what is left (`--step-timeout`). */
  deadline: StepDeadline;
}

export function stackByName(ctx: OperateContext, name: string): SynthesizedStack {
  const stack = ctx.stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no synthesized stack named ${name}`);
  return stack;
}

/** The real outside world, loaded on demand: it brings synthesis (and cdktf), which `--help` doesn't need. */
export async function loadDefaultDeps(): Promise<OperateDeps> {
  const { defaultDeps } = await import('./default-deps.js');
  return defaultDeps();
}
