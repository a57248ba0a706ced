/** What `socle deploy` tells the operator: what was applied, where the apps are, what works. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appHosts } from '../../../environments/environment.js';
import type { OperateContext } from '../flows/operate-context.js';
import type { SmokeResult } from '../cloud/smoke-checks.js';
import type { RunOutcome } from '../flows/step-runner.js';

/** Non-sensitive stack outputs after a deploy (addresses to put in DNS, ids). */
export function outputsPath(outDir: string): string {
  return join(outDir, 'outputs.json');
}

export function smokeList(checks: readonly SmokeResult[]): string {
  return checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.check}: ${c.detail}`).join('\n');
}

export function deploySummary(ctx: OperateContext, outcome: RunOutcome): { text: string; data: unknown } {
  const checks = (outcome.results['smoke'] as { checks?: SmokeResult[] } | undefined)?.checks ?? [];
  const outputs = existsSync(outputsPath(ctx.outDir)) ? (JSON.parse(readFileSync(outputsPath(ctx.outDir), 'utf8')) as Record<string, Record<string, unknown>>) : {};
  const data = { ok: outcome.ok, ...(outcome.failedStep ? { failedStep: outcome.failedStep } : {}), outputs, smoke: checks };
  if (!outcome.ok) return { text: `deploy of ${ctx.environment.name} stopped at ${outcome.failedStep} (see above); re-run to continue from there\n`, data };
  const apps = ctx.environment.apps;
  const hosts = appHosts(ctx.environment);
  const enabled = (['nextcloud', 'onlyoffice', 'rocketchat', 'wekan', 'jitsi'] as const).filter((a) => apps[a].enabled).map((a) => `https://${hosts[a]}`);
  const text = [
    `${ctx.environment.name} is deployed.`,
    '',
    smokeList(checks),
    '',
    `apps: ${enabled.join('  ')}`,
    `outputs: ${outputsPath(ctx.outDir)}`,
    '',
  ].join('\n');
  return { text, data };
}
