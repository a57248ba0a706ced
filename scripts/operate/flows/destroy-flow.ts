/**
 * `socle destroy`: confirmation, then the workloads (`pulumi destroy`; their data volumes stay,
 * reclaim policy Retain), then each stack in reverse order through a saved destroy plan. Stacks
 * holding data stores (`prevent_destroy` resources) stay, with the stacks they read from — unless
 * the operator asked for the data to go (`--delete-data` and the name typed back).
 */
import { rmSync } from 'node:fs';
import { artifactsFingerprint } from '../state/artifacts-fingerprint.js';
import { clusterStack, obtainClusterAccess } from '../cloud/cluster-access.js';
import { deleteWithClaims, listDataVolumes, type DataVolume } from '../state/data-volumes.js';
import { withDataDeletable } from '../state/delete-data-override.js';
import { confirmDestroy } from './destroy-confirmation.js';
import { destroyScope, type DestroyScope } from './destroy-scope.js';
import { deployedRecordPath } from '../state/deployed-record.js';
import type { Flow } from './operate-run.js';
import { stackByName, type OperateContext } from './operate-context.js';
import { hasChanges } from '../state/plan-changes.js';
import { manifestPath } from '../state/plan-manifest.js';
import { refusedDeletes } from '../state/protected-deletes.js';
import { pulumiDestroy, pulumiSelectStack, pulumiUnprotectAll } from '../tools/pulumi-commands.js';
import { writePulumiProject } from '../tools/pulumi-project.js';
import { StopRun, type RunOutcome, type Step } from './step-runner.js';
import { tofuApply, tofuInit, tofuPlan } from '../tools/terraform-commands.js';

export interface DestroyOptions {
  yes: boolean;
  deleteData: boolean;
  confirmName?: string;
  show(text: string): void;
}

function describeScope(environment: string, scope: DestroyScope, deleteData: boolean): string {
  return [
    `socle destroy ${environment}:`,
    `  workloads: removed (pulumi destroy); their data volumes ${deleteData ? 'deleted' : 'kept (reclaim policy Retain)'}`,
    ...scope.destroy.map((s) => `  stack ${s}: destroyed`),
    ...scope.kept.map((k) => `  stack ${k.stack}: KEPT — ${k.reason}`),
    ...(deleteData ? ['  DATA STORES WILL BE DELETED'] : scope.kept.length > 0 ? ['  (to delete the data stores as well: --delete-data, and type the name back)'] : []),
    '',
  ].join('\n');
}

const clusterAccessStep: Step<OperateContext> = {
  id: 'cluster-access',
  title: 'get cluster access',
  // Every run, resumed ones too: the kubeconfig path is never taken from run-state.json, which
  // anyone who can write out/ could point at another cluster's credentials.
  always: true,
  next: 'check the cluster stack state and its kubeconfig output',
  async run(ctx) {
    const cluster = clusterStack(ctx);
    if (cluster && ctx.environment.cluster.mode !== 'existing') await tofuInit(ctx, 'cluster-access', cluster);
    const access = await obtainClusterAccess(ctx, 'cluster-access');
    return 'kubeconfig' in access ? { note: 'kubeconfig ready', result: { kubeconfig: access.kubeconfig } } : { note: access.unavailable, result: { unavailable: access.unavailable } };
  },
};

function workloadsStep(deleteData: boolean): Step<OperateContext> {
  return {
    id: 'workloads',
    title: 'destroy the workloads (pulumi destroy)',
    next: "read Pulumi's error above; resources stuck on finalizers can be listed with kubectl get all -A",
    async run(ctx, results) {
      const kubeconfig = (results['cluster-access'] as { kubeconfig?: string } | undefined)?.kubeconfig;
      if (!kubeconfig) return { note: 'no cluster: no workloads to remove' };
      const volumes = await listDataVolumes(ctx, 'workloads', kubeconfig);
      writePulumiProject(ctx.outDir);
      await pulumiSelectStack(ctx, 'workloads');
      if (deleteData) {
        await pulumiUnprotectAll(ctx, 'workloads');
        await deleteWithClaims(ctx, 'workloads', kubeconfig, volumes);
      }
      await pulumiDestroy(ctx, 'workloads', kubeconfig, !deleteData);
      if (deleteData) return { note: `all workloads removed, ${volumes.length} data volumes deleted with them` };
      return { note: `workloads removed; ${volumes.length} data volumes kept (reclaim policy Retain)`, result: { keptVolumes: volumes } };
    },
  };
}

function destroyStackStep(stack: string, deleteData: boolean): Step<OperateContext> {
  return {
    id: `destroy:${stack}`,
    title: `destroy stack ${stack}`,
    next: 'read the error above; resources still in use (a volume attached elsewhere) must be freed first',
    async run(ctx) {
      await tofuInit(ctx, `destroy:${stack}`, stack);
      // A stack holding data is only in the list with --delete-data; its prevent_destroy is lifted then.
      const planAndApply = async () => {
        const saved = await tofuPlan(ctx, `destroy:${stack}`, stack, 'destroy');
        if (!hasChanges(saved.changes)) return 'nothing to destroy';
        const refused = deleteData ? [] : refusedDeletes(stackByName(ctx, stack), ctx.stacks, saved.changes.deletes);
        if (refused.length > 0) {
          throw new StopRun(
            `the destroy plan of stack ${stack} would delete what socle keeps without --delete-data; nothing was destroyed:\n${refused.map((r) => `  ${r.address}: ${r.reason}`).join('\n')}`,
            `move each resource back to the stack that declares it (tofu state mv), or remove it from this stack's state (tofu state rm) if it must outlive the destroy; to delete it with everything else: socle destroy ${ctx.environment.name} --delete-data`,
          );
        }
        await tofuApply(ctx, `destroy:${stack}`, stack, saved.planFile);
        return `${saved.changes.delete + saved.changes.replace} resources destroyed`;
      };
      const note = deleteData ? await withDataDeletable(stackByName(ctx, stack), planAndApply) : await planAndApply();
      return { note };
    },
  };
}

const forgetStep: Step<OperateContext> = {
  id: 'forget',
  title: 'forget the applied plan',
  next: 'check that out/ is writable',
  async run(ctx) {
    // What was planned and deployed is gone: the next deploy starts from a new plan.
    rmSync(manifestPath(ctx.outDir), { force: true });
    rmSync(deployedRecordPath(ctx.outDir), { force: true });
  },
};

export function destroyFlow(options: DestroyOptions): Flow {
  const scopeOf = (ctx: OperateContext) => destroyScope(ctx.stacks, ctx.order.order, options.deleteData);
  return {
    command: 'destroy',
    tools: ['tofu', 'pulumi', 'kubectl'],
    synth: true,
    rerunFlags: ['--yes', ...(options.deleteData ? ['--delete-data', '--confirm-name', '<name>'] : [])],
    async prepare(ctx) {
      return confirmDestroy(
        { environment: ctx.environment.name, yes: options.yes, deleteData: options.deleteData, ...(options.confirmName !== undefined ? { confirmName: options.confirmName } : {}), description: describeScope(ctx.environment.name, scopeOf(ctx), options.deleteData) },
        ctx.deps,
        options.show,
      );
    },
    fingerprint: (ctx) => `destroy${options.deleteData ? '+data' : ''}:${artifactsFingerprint(ctx.outDir)}`,
    steps(ctx) {
      const scope = scopeOf(ctx);
      return [clusterAccessStep, workloadsStep(options.deleteData), ...scope.destroy.map((s) => destroyStackStep(s, options.deleteData)), forgetStep];
    },
    summary(ctx, outcome: RunOutcome) {
      const scope = scopeOf(ctx);
      const destroyed = scope.destroy.filter((s) => `destroy:${s}` in outcome.results);
      const keptVolumes = (outcome.results['workloads'] as { keptVolumes?: DataVolume[] } | undefined)?.keptVolumes ?? [];
      const data = { ok: outcome.ok, destroyed, kept: scope.kept, keptVolumes, ...(outcome.failedStep ? { failedStep: outcome.failedStep } : {}) };
      const lines = outcome.ok
        ? [
            `${ctx.environment.name}: destroyed ${destroyed.length > 0 ? destroyed.join(', ') : 'nothing'}`,
            ...scope.kept.map((k) => `  kept ${k.stack}: ${k.reason}`),
            ...keptVolumes.map((v) => `  kept volume ${v.volume} (${v.claim})`),
          ]
        : [`destroy of ${ctx.environment.name} stopped at ${outcome.failedStep}; destroyed so far: ${destroyed.join(', ') || 'none'}`];
      return { text: `${lines.join('\n')}\n`, data };
    },
  };
}
