/**
 * `socle plan`: synth → per stack, in dependency order, `tofu init` and `tofu plan -out` + `show
 * -json` → the policy check on the saved plans → `pulumi preview` of the workloads → the manifest
 * `socle deploy` applies. A stack whose dependencies have changes waits: its plan would read
 * outputs that don't exist yet, so it is planned once they are applied.
 */
import { artifactsFingerprint, fileSha256 } from '../state/artifacts-fingerprint.js';
import { obtainClusterAccess } from '../cloud/cluster-access.js';
import { manifestFrom } from '../state/manifest-from-results.js';
import type { Flow } from './operate-run.js';
import type { OperateContext } from './operate-context.js';
import { describeChanges, hasChanges } from '../state/plan-changes.js';
import { writePlanManifest, type StackPlanRecord, type WorkloadsPreview } from '../state/plan-manifest.js';
import { planSummary } from '../progress/plan-summary.js';
import { pulumiPreview, pulumiSelectStack } from '../tools/pulumi-commands.js';
import { writePulumiProject } from '../tools/pulumi-project.js';
import { StopRun, type Step, type StepResults } from './step-runner.js';
import { tofuInit, tofuPlan } from '../tools/terraform-commands.js';
import { configureWorkloads } from '../tools/workloads-config.js';

/** Stacks among `upstream` that still have something to apply (changes, or not planned yet). */
function pendingUpstream(ctx: OperateContext, stack: string, results: StepResults): string[] {
  return (ctx.order.upstream[stack] ?? []).filter((up) => {
    const r = results[`plan:${up}`] as StackPlanRecord | undefined;
    return r === undefined || r.deferredAfter !== undefined || (r.changes !== undefined && hasChanges(r.changes));
  });
}

function planStep(stack: string): Step<OperateContext> {
  return {
    id: `plan:${stack}`,
    title: `plan stack ${stack}`,
    next: `read the error above (a held state lock clears when the other run ends; \`tofu force-unlock\` only if that run is dead)`,
    async run(ctx, results) {
      const waiting = pendingUpstream(ctx, stack, results);
      if (waiting.length > 0) {
        const record: StackPlanRecord = { name: stack, deferredAfter: waiting };
        return { note: `waits until ${waiting.join(', ')} ${waiting.length === 1 ? 'is' : 'are'} applied`, result: { ...record } };
      }
      const saved = await tofuPlan(ctx, `plan:${stack}`, stack, 'apply');
      const record: StackPlanRecord = { name: stack, planFile: saved.planFile, jsonFile: saved.jsonFile, sha256: fileSha256(saved.planFile), changes: saved.changes };
      return { note: describeChanges(saved.changes), result: { ...record } };
    },
  };
}

function plannedJsonFiles(ctx: OperateContext, results: StepResults): string[] {
  return ctx.order.order.map((s) => (results[`plan:${s}`] as StackPlanRecord | undefined)?.jsonFile).filter((f): f is string => f !== undefined);
}

const checkStep: Step<OperateContext> = {
  id: 'check',
  title: 'policy check of the plans',
  next: 'fix the cause in the environment file, or add a waiver (policy, resource, justification, owner, expires) if the risk is accepted',
  async run(ctx, results) {
    const verdict = await ctx.deps.policyGate(ctx, 'check', plannedJsonFiles(ctx, results));
    if (verdict.blocking) {
      throw new StopRun(`blocking policy findings: nothing will be applied\n${verdict.report}`, `fix the environment (or add a waiver with a justification, an owner and an expiry date), then re-run \`socle plan ${ctx.environment.name}\``);
    }
    return { note: 'no blocking finding', result: { blocking: false, report: verdict.report } };
  },
};

const previewStep: Step<OperateContext> = {
  id: 'preview',
  title: 'preview the workloads (pulumi preview)',
  next: 'read Pulumi\'s error above; a passphrase error means PULUMI_CONFIG_PASSPHRASE differs from the one the stack was created with',
  async run(ctx) {
    // The preview runs against the cluster as it is now; before the first deploy there is none yet.
    const access = await obtainClusterAccess(ctx, 'preview');
    if ('unavailable' in access) {
      const preview: WorkloadsPreview = { previewed: false, reason: access.unavailable };
      return { note: preview.reason, result: { ...preview } };
    }
    writePulumiProject(ctx.outDir);
    await pulumiSelectStack(ctx, 'preview');
    const config = await configureWorkloads(ctx, 'preview');
    if (!config.ready) {
      const preview: WorkloadsPreview = { previewed: false, reason: config.reason };
      return { note: preview.reason, result: { ...preview } };
    }
    const changes = await pulumiPreview(ctx, 'preview', access.kubeconfig);
    const preview: WorkloadsPreview = { previewed: true, changes };
    return { note: `${changes.create} to create, ${changes.update} to update, ${changes.replace} to replace, ${changes.delete} to delete`, result: { ...preview } };
  },
};

const recordStep: Step<OperateContext> = {
  id: 'record',
  title: 'record the reviewed plan',
  next: 'check that out/ is writable',
  async run(ctx, results) {
    writePlanManifest(ctx.outDir, manifestFrom(ctx, results, new Date().toISOString()));
    return { note: 'plans/manifest.json' };
  },
};

export const planFlow: Flow = {
  command: 'plan',
  tools: ['tofu', 'pulumi'],
  synth: true,
  rerunFlags: [],
  async prepare() {
    return undefined;
  },
  fingerprint: (ctx) => artifactsFingerprint(ctx.outDir),
  steps(ctx) {
    const perStack = ctx.order.order.flatMap((stack): Step<OperateContext>[] => [
      {
        id: `init:${stack}`,
        title: `init stack ${stack}`,
        next: 'check the state backend settings and the S3 credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
        run: async (c) => void (await tofuInit(c, `init:${stack}`, stack)),
      },
      planStep(stack),
    ]);
    return [...perStack, checkStep, previewStep, recordStep];
  },
  summary: (ctx, outcome) => planSummary(ctx, outcome),
};
