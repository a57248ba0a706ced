/** What `socle plan` tells the operator: per-stack changes, workloads, findings, cost, what next. */
import { relative } from 'node:path';
import { table } from '../../terminal.js';
import type { OperateContext } from '../flows/operate-context.js';
import { manifestFrom } from '../state/manifest-from-results.js';
import { manifestPath, type PlanManifest } from '../state/plan-manifest.js';
import type { RunOutcome } from '../flows/step-runner.js';

const eur = (n: number) => `${n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

/** `socleBuckets`: buckets no stack plan shows, which the deploy makes through the S3 API. */
export function planSummaryText(manifest: PlanManifest, shownManifest: string, socleBuckets: string[] = []): string {
  const rows = manifest.stacks.map((s) =>
    s.changes
      ? [s.name, s.changes.create, s.changes.update, s.changes.replace, s.changes.delete, 'saved plan']
      : [s.name, '-', '-', '-', '-', s.deferredAfter ? `waits for ${s.deferredAfter.join(', ')}` : 'not planned'],
  );
  const w = manifest.workloads;
  const workloads = w.previewed ? `${w.changes.create} to create, ${w.changes.update} to update, ${w.changes.replace} to replace, ${w.changes.delete} to delete` : `not previewed: ${w.reason}`;
  const c = manifest.cost;
  const cost = c
    ? `${eur(c.plannedMonthlyEur)}/month at list prices, excl. VAT (${c.deployedMonthlyEur === undefined ? 'nothing deployed yet' : `deployed: ${eur(c.deployedMonthlyEur)}, change ${c.deltaMonthlyEur >= 0 ? '+' : ''}${eur(c.deltaMonthlyEur)}`}); details: socle cost ${manifest.environment}`
    : 'unknown';
  const waiting = manifest.stacks.some((s) => s.deferredAfter);
  // What goes away deserves its own lines: a reviewer must not miss a deletion in a count.
  const deletions = manifest.stacks.flatMap((s) => (s.changes?.deletes ?? []).map((a) => `  ${s.name}: ${a}`));
  return [
    `Plan of ${manifest.environment} — ${shownManifest}`,
    '',
    table(['stack', 'add', 'change', 'replace', 'destroy', 'plan'], rows).trimEnd(),
    '',
    ...(deletions.length > 0 ? ['deleted or replaced:', ...deletions, ''] : []),
    ...(socleBuckets.length > 0 ? [`buckets    made by socle deploy through the S3 API (not Swift containers of the stacks): ${socleBuckets.join(', ')}`] : []),
    `workloads  ${workloads}`,
    `policies   ${manifest.policy.blocking ? 'BLOCKING findings' : 'no blocking finding'}`,
    ...(manifest.policy.report ? [manifest.policy.report.replace(/^/gm, '           ')] : []),
    `cost       ${cost}`,
    '',
    `next: review the plans above, then \`socle deploy ${manifest.environment}\`${waiting ? ` (stacks that wait are planned during the deploy: it stops for their review, or applies them with --auto-approve)` : ''}`,
    '',
  ].join('\n');
}

export function planSummary(ctx: OperateContext, outcome: RunOutcome): { text: string; data: unknown } {
  const manifest = manifestFrom(ctx, outcome.results, new Date().toISOString());
  if (!outcome.ok) {
    return { text: `plan of ${ctx.environment.name} stopped at ${outcome.failedStep}: nothing can be deployed from it\n`, data: { ok: false, failedStep: outcome.failedStep, stacks: manifest.stacks } };
  }
  const socleBuckets = ctx.stacks.flatMap((s) => s.socleBuckets);
  return { text: planSummaryText(manifest, relative(ctx.cwd, manifestPath(ctx.outDir)) || manifestPath(ctx.outDir), socleBuckets), data: { ok: true, ...manifest } };
}
