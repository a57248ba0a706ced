/**
 * `socle deploy`: applies exactly what `socle plan` saved and the policy check passed — re-checked
 * first (a waiver may have lapsed since) — stack by stack; then reads the outputs, gets cluster
 * access, hands the stack credentials to Pulumi, runs `pulumi up` (operators, then the suite),
 * and smoke-checks the result.
 * A stack that had to wait for its dependencies is planned now: the deploy stops for its review,
 * unless `--auto-approve` lets it apply a plan it just made and checked.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operatorReleases } from '../../../charts/platform/operators.js';
import { size } from '../../../sizing/size.js';
import { EXIT } from '../../command.js';
import { stableJson } from '../../stable-json.js';
import { artifactsFingerprint, fileSha256 } from '../state/artifacts-fingerprint.js';
import { obtainClusterAccess } from '../cloud/cluster-access.js';
import { monthlyCost } from '../progress/cost-delta.js';
import { deploySummary, outputsPath, smokeList } from '../progress/deploy-summary.js';
import { writeDeployedRecord } from '../state/deployed-record.js';
import { applyEtcdSnapshotSecret, etcdSnapshotTarget } from '../cloud/etcd-snapshot-secret.js';
import { redactStrings } from '../progress/event-bus.js';
import { kubectlReady } from '../tools/kubectl-commands.js';
import { labelMagnumNodes } from '../cloud/magnum-node-labels.js';
import type { Flow } from './operate-run.js';
import type { OperateContext } from './operate-context.js';
import { describeChanges, hasChanges } from '../state/plan-changes.js';
import { ETCD_SNAPSHOTS_OUTPUTS } from '../../../stacks/backups-stack.js';
import { ETCD_S3_CONFIG_SECRET } from '../../../stacks/compute/rke2-cloud-init.js';
import { planId, readPlanManifest, writePlanManifest, type PlanManifest, type StackPlanRecord } from '../state/plan-manifest.js';
import { pulumiSelectStack, pulumiUp } from '../tools/pulumi-commands.js';
import { writePulumiProject } from '../tools/pulumi-project.js';
import { BucketError, ensureBucket } from '../cloud/s3-buckets.js';
import { runSmokeChecks } from '../cloud/smoke-checks.js';
import { StopRun, type RunOutcome, type Step, type StepResults } from './step-runner.js';
import { tofuApply, tofuInit, tofuOutputs, tofuPlan } from '../tools/terraform-commands.js';
import { configureWorkloads } from '../tools/workloads-config.js';

export interface DeployOptions {
  autoApprove: boolean;
  /** How long smoke checks may keep retrying, seconds. */
  smokeTimeoutSeconds: number;
}

function recheckStep(manifest: PlanManifest): Step<OperateContext> {
  return {
    id: 'recheck',
    title: 're-check the saved plans',
    next: `run \`socle plan\` again and review the new plan`,
    async run(ctx) {
      const saved = manifest.stacks.filter((s): s is StackPlanRecord & { planFile: string; jsonFile: string } => s.planFile !== undefined && s.jsonFile !== undefined);
      for (const s of saved) {
        if (!existsSync(s.planFile) || fileSha256(s.planFile) !== s.sha256) throw new StopRun(`the saved plan of stack ${s.name} is missing or differs from the one reviewed`, `run \`socle plan ${ctx.environment.name}\` again and review it`);
      }
      // Waivers lapse: what passed at plan time may not pass today.
      const verdict = await ctx.deps.policyGate(ctx, 'recheck', saved.map((s) => s.jsonFile));
      if (verdict.blocking) throw new StopRun(`blocking policy findings since the plan: nothing was applied\n${verdict.report}`, `fix the environment or renew the waiver, then \`socle plan ${ctx.environment.name}\` again`);
      return { note: `${saved.length} saved plan${saved.length === 1 ? '' : 's'} intact, no blocking finding` };
    },
  };
}

function applyStep(record: StackPlanRecord, options: DeployOptions): Step<OperateContext> {
  const stack = record.name;
  const id = `apply:${stack}`;
  return {
    id,
    title: `apply stack ${stack}`,
    next: `the stack is partly applied: run \`socle plan\` to see what remains, review it, then \`socle deploy\``,
    async run(ctx) {
      if (record.planFile && record.changes) {
        if (!hasChanges(record.changes)) return { note: 'no changes' };
        await tofuInit(ctx, id, stack);
        await tofuApply(ctx, id, stack, record.planFile);
        return { note: describeChanges(record.changes) };
      }
      // Planned only now that the stacks it reads from are applied.
      await tofuInit(ctx, id, stack);
      const fresh = await tofuPlan(ctx, id, stack, 'apply');
      if (!hasChanges(fresh.changes)) return { note: 'no changes' };
      const verdict = await ctx.deps.policyGate(ctx, id, [fresh.jsonFile]);
      if (verdict.blocking) throw new StopRun(`blocking policy findings in the new plan of ${stack}: not applied\n${verdict.report}`, `fix the environment, then \`socle plan ${ctx.environment.name}\``);
      if (!options.autoApprove) {
        throw new StopRun(
          `stack ${stack} could only be planned now that ${record.deferredAfter?.join(', ') ?? 'its dependencies'} ${record.deferredAfter?.length === 1 ? 'is' : 'are'} applied (${describeChanges(fresh.changes)}); its plan needs a review`,
          `run \`socle plan ${ctx.environment.name}\`, review it, then \`socle deploy ${ctx.environment.name}\` — or re-run the deploy with --auto-approve to apply plans that pass the policy check`,
        );
      }
      await tofuApply(ctx, id, stack, fresh.planFile);
      return { note: `${describeChanges(fresh.changes)} (planned, checked and applied now: --auto-approve)` };
    },
  };
}

const outputsStep: Step<OperateContext> = {
  id: 'outputs',
  title: 'read the stack outputs',
  next: 'check the state backend',
  async run(ctx) {
    const visible: Record<string, Record<string, unknown>> = {};
    for (const stack of ctx.order.order) {
      const outputs = await tofuOutputs(ctx, 'outputs', stack);
      // Sensitive outputs (kubeconfig, passwords) never reach a file other than their own.
      visible[stack] = Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.sensitive ? '(sensitive)' : o.value]));
    }
    // A non-sensitive output can still hold a value socle knows as secret (an access key echoed in an id).
    writeFileSync(outputsPath(ctx.outDir), `${JSON.stringify(redactStrings(visible, (text) => ctx.bus.redact(text)), null, 2)}\n`);
    return { note: 'outputs.json' };
  },
};

const bucketsStep: Step<OperateContext> = {
  id: 'buckets',
  title: 'make the buckets the stacks leave to the S3 API',
  next: 'check the object storage role of the OpenStack user and the S3 endpoint, then re-run the deploy: it resumes here',
  async run(ctx) {
    const stacks = ctx.stacks.filter((s) => s.socleBuckets.length > 0);
    if (stacks.length === 0) return { note: 'none: every bucket is a Swift container the stacks made' };
    const done: string[] = [];
    for (const stack of stacks) {
      const outputs = await tofuOutputs(ctx, 'buckets', stack.name);
      const value = (name: string): string => String(outputs[name]?.value ?? '');
      const account = { endpoint: value('s3_endpoint'), region: value('s3_region'), accessKey: value('s3_access_key'), secretKey: value('s3_secret_key') };
      const lacking = Object.entries({ s3_endpoint: account.endpoint, s3_region: account.region, s3_access_key: account.accessKey, s3_secret_key: account.secretKey }).filter(([, v]) => v === '').map(([k]) => k);
      if (lacking.length > 0) throw new StopRun(`stack ${stack.name} has no output ${lacking.join(', ')}: its state is older than its configuration`, `apply stack ${stack.name} again (socle plan, then socle deploy), then re-run the deploy: it resumes here`);
      for (const bucket of stack.socleBuckets) {
        try {
          done.push(`${bucket} ${await ensureBucket(ctx.deps.request, account, bucket, () => new Date())}`);
        } catch (e) {
          if (e instanceof BucketError) throw new StopRun(e.message, bucketsStep.next);
          throw e;
        }
      }
    }
    return { note: done.join(', ') };
  },
};

const clusterAccessStep: Step<OperateContext> = {
  id: 'cluster-access',
  title: 'get cluster access',
  // Every run, resumed ones too: the kubeconfig path is never taken from run-state.json, which
  // anyone who can write out/ could point at another cluster's credentials.
  always: true,
  next: 'check that the cluster API answers from here (cluster.adminCidrs must include this address)',
  async run(ctx) {
    const access = await obtainClusterAccess(ctx, 'cluster-access');
    if ('unavailable' in access) throw new StopRun(`no cluster access: ${access.unavailable}`, 'apply the cluster stack first (socle plan, then socle deploy)');
    await kubectlReady(ctx, 'cluster-access', access.kubeconfig);
    return { note: 'the API server is ready', result: { kubeconfig: access.kubeconfig } };
  },
};

const kubeconfigOf = (results: StepResults) => (results['cluster-access'] as { kubeconfig: string }).kubeconfig;

/** Magnum clusters only: the node labels and taints the workloads select and tolerate. */
const magnumNodeLabelsStep: Step<OperateContext> = {
  id: 'node-labels',
  title: 'label and taint the Magnum nodes by node group (socle/pool, socle/turn)',
  next: 'check that every node group of the cluster stack is up (`openstack coe nodegroup list`), then re-run the deploy: it resumes here',
  async run(ctx, results) {
    const labelled = await labelMagnumNodes(ctx, 'node-labels', kubeconfigOf(results), size(ctx.environment));
    return { note: `${labelled} node${labelled === 1 ? '' : 's'}` };
  },
};

/** RKE2 servers with backups: the Secret their scheduled etcd snapshots read the backup bucket's settings from. */
const etcdSnapshotSecretStep: Step<OperateContext> = {
  id: 'etcd-snapshot-secret',
  title: `give the RKE2 servers their etcd snapshot target (Secret kube-system/${ETCD_S3_CONFIG_SECRET})`,
  next: 'apply the backups stack (socle plan, then socle deploy), then re-run the deploy: it resumes here',
  async run(ctx, results) {
    const target = etcdSnapshotTarget(await tofuOutputs(ctx, 'etcd-snapshot-secret', 'backups'));
    if (!target) throw new StopRun('the backups stack has not been applied yet (no etcd snapshot credential, bucket or S3 endpoint in its outputs)', etcdSnapshotSecretStep.next);
    await applyEtcdSnapshotSecret(ctx, 'etcd-snapshot-secret', kubeconfigOf(results), target);
    return { note: `s3://${target.bucket}/${target.folder}/ at ${target.endpoint}` };
  },
};

const sendsEtcdSnapshots = (ctx: OperateContext) => ctx.stacks.some((s) => s.name === 'backups' && s.outputs.includes(ETCD_SNAPSHOTS_OUTPUTS.secretKey));

const workloadsConfigStep: Step<OperateContext> = {
  id: 'workloads-config',
  title: 'hand the stack outputs and credentials to Pulumi (config; secrets encrypted)',
  next: "read Pulumi's error above; a passphrase error means PULUMI_CONFIG_PASSPHRASE differs from the one the stack was created with",
  async run(ctx) {
    writePulumiProject(ctx.outDir);
    await pulumiSelectStack(ctx, 'workloads-config');
    const config = await configureWorkloads(ctx, 'workloads-config');
    if (!config.ready) throw new StopRun(`the workloads can't be configured: ${config.reason}`, `run \`socle plan ${ctx.environment.name}\` and \`socle deploy ${ctx.environment.name}\` until every stack is applied`);
    return { note: config.keys.length > 0 ? config.keys.join(', ') : 'nothing to set' };
  },
};

const workloadsStep: Step<OperateContext> = {
  id: 'workloads',
  title: 'deploy the workloads (pulumi up)',
  next: "read Pulumi's error above; `kubectl get events -A --sort-by=.lastTimestamp` shows what the cluster refused",
  async run(ctx, results) {
    writePulumiProject(ctx.outDir);
    await pulumiUp(ctx, 'workloads', kubeconfigOf(results));
    // The program installs the operators first (Helm releases, charts/platform/operators.ts), then the suite.
    const operators = operatorReleases(ctx.environment, size(ctx.environment)).map((r) => `${r.name} ${r.version}`);
    return { note: `operators ${operators.join(', ')}; the suite` };
  },
};

function smokeStep(options: DeployOptions): Step<OperateContext> {
  return {
    id: 'smoke',
    title: 'smoke checks',
    next: 'fix what the list says (DNS of the app hosts must point at the load balancer; a certificate can take a few minutes)',
    async run(ctx, results) {
      const sizing = JSON.parse(readFileSync(join(ctx.outDir, 'sizing.json'), 'utf8')) as { jitsi?: { bridges: number } | null };
      const checks = await runSmokeChecks(ctx, 'smoke', {
        kubeconfig: kubeconfigOf(results),
        expectedBridges: sizing.jitsi?.bridges ?? 0,
        deadline: Date.now() + options.smokeTimeoutSeconds * 1000,
        retryEveryMs: 10_000,
        now: Date.now,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      });
      const failed = checks.filter((c) => !c.ok);
      if (failed.length > 0) throw new StopRun(`${failed.length} of ${checks.length} smoke checks failed:\n${smokeList(checks)}`, 'fix what fails, then re-run the deploy: it resumes with the smoke checks');
      return { note: `${checks.length} checks passed`, result: { checks } };
    },
  };
}

function recordStep(manifest: PlanManifest): Step<OperateContext> {
  return {
    id: 'record',
    title: 'record the deployment',
    next: 'check that out/ is writable',
    async run(ctx) {
      const deployedAt = new Date().toISOString();
      writePlanManifest(ctx.outDir, { ...manifest, deployedAt });
      writeDeployedRecord(ctx.outDir, { deployedAt, planCreatedAt: manifest.createdAt, users: ctx.environment.users, monthlyEur: monthlyCost(ctx.environment) });
    },
  };
}

export function deployFlow(options: DeployOptions): Flow {
  let manifest: PlanManifest | undefined;
  return {
    command: 'deploy',
    tools: ['tofu', 'pulumi', 'kubectl'],
    synth: false,
    rerunFlags: options.autoApprove ? ['--auto-approve'] : [],
    async prepare(ctx) {
      manifest = readPlanManifest(ctx.outDir);
      const name = ctx.environment.name;
      if (!manifest) return { exitCode: EXIT.badInput, message: `no reviewed plan for ${name}: run \`socle plan ${name}\` first` };
      if (manifest.deployedAt) return { exitCode: EXIT.blocking, message: `the plan of ${manifest.createdAt} was deployed at ${manifest.deployedAt}: run \`socle plan ${name}\` for what changed since` };
      if (artifactsFingerprint(ctx.outDir) !== manifest.fingerprint) return { exitCode: EXIT.blocking, message: `out/${name} changed since the plan (synthesized again?): run \`socle plan ${name}\` and review it` };
      const planned = readFileSync(join(ctx.outDir, 'environment.json'), 'utf8');
      if (planned !== stableJson(ctx.environment)) return { exitCode: EXIT.blocking, message: `the environment file changed since the plan: run \`socle plan ${name}\` and review it` };
      return undefined;
    },
    fingerprint: () => planId(manifest!),
    steps: (ctx) => [recheckStep(manifest!), ...manifest!.stacks.map((s) => applyStep(s, options)), outputsStep, bucketsStep, clusterAccessStep, ...(ctx.environment.cluster.mode === 'magnum' ? [magnumNodeLabelsStep] : []), ...(sendsEtcdSnapshots(ctx) ? [etcdSnapshotSecretStep] : []), workloadsConfigStep, workloadsStep, smokeStep(options), recordStep(manifest!)],
    summary: (ctx, outcome: RunOutcome) => deploySummary(ctx, outcome),
  };
}
