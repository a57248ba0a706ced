/**
 * The policy gate between a plan and its apply: the policies of `socle check`, run on the
 * synthesized artifacts in `out/<name>/` and the saved plans (`tofu show -json`), the environment's
 * waivers applied. Unwaived findings at or above `high` block. The full report is kept beside the
 * plans; the run shows the counts and the blocking findings.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadArtifactsFolder, readPlanFiles } from '../../../policies/artifacts/load-artifacts-folder.js';
import { evaluate } from '../../../policies/evaluate.js';
import { renderText } from '../../../policies/renderers/text.js';
import type { OperateContext } from './operate-context.js';
import { plansDir } from '../tools/terraform-commands.js';

export interface PolicyVerdict {
  blocking: boolean;
  /** What the operator reads: counts, blocking findings, where the full report is. */
  report: string;
}

export type PolicyGate = (ctx: OperateContext, step: string, planJsonFiles: readonly string[]) => Promise<PolicyVerdict>;

function policyReportPath(outDir: string): string {
  return join(plansDir(outDir), 'policy-report.txt');
}

export const evaluatePoliciesGate: PolicyGate = async (ctx, _step, planJsonFiles) => {
  const report = evaluate(loadArtifactsFolder(ctx.outDir, readPlanFiles(planJsonFiles)), { now: new Date() });
  const path = policyReportPath(ctx.outDir);
  writeFileSync(path, renderText(report));
  const blocking = report.controls.flatMap((c) => c.findings.filter((f) => f.blocking));
  const { findings, waived } = report.summary;
  const lines = [
    `${findings} finding${findings === 1 ? '' : 's'}, ${waived} waived, ${blocking.length} blocking — full report: ${path}`,
    ...blocking.map((f) => `  ${f.severity.toUpperCase()}  ${f.policy}  ${f.resource}: ${f.message}`),
  ];
  return { blocking: report.verdict === 'fail', report: lines.join('\n') };
};
