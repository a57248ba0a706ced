/** The plan manifest, assembled from the results of the plan steps (finished, or as far as they got). */
import { artifactsFingerprint } from './artifacts-fingerprint.js';
import { costDelta } from '../progress/cost-delta.js';
import type { OperateContext } from '../flows/operate-context.js';
import type { PlanManifest, StackPlanRecord, WorkloadsPreview } from './plan-manifest.js';
import type { StepResults } from '../flows/step-runner.js';

export function manifestFrom(ctx: OperateContext, results: StepResults, createdAt: string): PlanManifest {
  const check = results['check'] as { blocking: boolean; report: string } | undefined;
  return {
    version: 1,
    environment: ctx.environment.name,
    fingerprint: artifactsFingerprint(ctx.outDir),
    createdAt,
    stacks: ctx.order.order.map((s) => (results[`plan:${s}`] as StackPlanRecord | undefined) ?? { name: s }),
    policy: check ?? { blocking: true, report: '' },
    workloads: (results['preview'] as WorkloadsPreview | undefined) ?? { previewed: false, reason: 'not previewed' },
    cost: costDelta(ctx.environment, ctx.outDir),
  };
}
