/**
 * Runs every policy on the artifacts, applies waivers, and builds the one result model.
 * Deterministic: same artifacts, waivers and date give the same report.
 */
import { SOCLE_VERSION } from '../scripts/version.js';
import { ArtifactError, type Artifacts } from './artifacts/artifacts.js';
import { BUILT_IN_EXCEPTIONS, designExceptionsWarning } from './built-in-exceptions.js';
import { isNotApplicable, severityRank, type Policy, type Severity } from './policy.js';
import { POLICIES } from './registry.js';
import { containers, podTemplates } from './artifacts/kubernetes.js';
import { dataMap } from './report/data-map.js';
import { fingerprint } from './report/fingerprint.js';
import type { Control, ControlStatus, Finding, Report, WaiverUse } from './report/report.js';
import { environmentWaivers, globMatches, isExpired, lapsesAt, waiverLabel, type WaiverEntry } from './waivers.js';

export interface EvaluateOptions {
  /** The evaluation date (waivers lapse against it); the caller passes it, so evaluation stays pure. */
  now: Date;
  /** Unwaived findings at or above this severity make the verdict `fail`. Default `high`. */
  failOn?: Severity;
  /** Waivers from a waivers file, in addition to the environment's. */
  waivers?: readonly WaiverEntry[];
  /** The policies to run; the registry by default. */
  policies?: readonly Policy[];
}

/** How many days before expiry a waiver is flagged for review. */
const EXPIRY_NOTICE_DAYS = 30;

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function byResourceThenMessage(a: { resource: string; message: string }, b: { resource: string; message: string }): number {
  return a.resource.localeCompare(b.resource) || a.message.localeCompare(b.message);
}

export function evaluate(artifacts: Artifacts, options: EvaluateOptions): Report {
  const { now } = options;
  const failOn = options.failOn ?? 'high';
  const policies = options.policies ?? POLICIES;
  // Waivers come from the environment, waivers files and socle itself, never from the checked folder.
  const waivers = [...environmentWaivers(artifacts.environment), ...(options.waivers ?? []), ...BUILT_IN_EXCEPTIONS];
  const uses: WaiverUse[] = waivers.map((w) => ({ ...w, status: isExpired(w, now) ? 'expired' : 'active', matched: 0 }));

  const controls: Control[] = policies.map((policy) => {
    let outcome: ReturnType<Policy['check']>;
    try {
      outcome = policy.check(artifacts, { now, waivers });
    } catch (e) {
      // Fail closed: a shape the policy doesn't expect means the artifacts aren't socle's.
      throw new ArtifactError(`policy ${policy.id} can't read these artifacts (${(e as Error).message}): they are not in the shape socle writes`);
    }
    const meta = { id: policy.id, title: policy.title, category: policy.category, severity: policy.severity, rationale: policy.rationale, remediation: policy.remediation, references: policy.references, rules: policy.rules ?? [] };
    if (isNotApplicable(outcome)) return { ...meta, status: 'not-applicable', notApplicable: outcome.notApplicable, findings: [] };
    const findings: Finding[] = [...outcome].sort(byResourceThenMessage).map((violation) => {
      const names = (w: WaiverEntry) => w.policy === policy.id || (violation.rule !== undefined && w.policy === violation.rule);
      const index = policy.waivable === false ? -1 : uses.findIndex((w) => w.status === 'active' && names(w) && globMatches(w.resource, violation.resource));
      if (index >= 0) uses[index]!.matched += 1;
      const blocking = index < 0 && severityRank(policy.severity) >= severityRank(failOn);
      return { policy: policy.id, severity: policy.severity, ...violation, ...(index >= 0 ? { waiver: index } : {}), blocking };
    });
    const status: ControlStatus = findings.length === 0 ? 'pass' : findings.every((f) => f.waiver !== undefined) ? 'waived' : 'fail';
    return { ...meta, status, findings };
  });

  const known = new Set(policies.flatMap((p) => [p.id, ...(p.rules ?? [])]));
  const warnings: string[] = [];
  const exported = designExceptionsWarning(artifacts.files);
  if (exported) warnings.push(exported);
  const soon = now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000;
  for (const use of uses) {
    if (use.status === 'active' && use.matched === 0) use.status = 'unused';
    if (!known.has(use.policy)) warnings.push(`waiver ${waiverLabel(use)} names no known policy or rule (${use.source.file}${use.source.pointer})`);
    // Design exceptions cover every environment socle renders: one that matches nothing here is normal.
    else if (use.status === 'unused' && use.source.kind !== 'design') warnings.push(`waiver ${waiverLabel(use)} matches no finding: remove it or fix its pattern (${use.source.file}${use.source.pointer})`);
    const end = lapsesAt(use);
    if (use.status !== 'expired' && end !== undefined && end < soon) {
      warnings.push(`waiver ${waiverLabel(use)} expires on ${use.expires}: review it`);
    }
  }

  let places: Report['dataMap'];
  try {
    places = dataMap(artifacts);
  } catch (e) {
    // Fail closed, as for the policies: a shape the map doesn't expect means the artifacts aren't socle's.
    throw new ArtifactError(`the data map can't read these artifacts (${(e as Error).message}): they are not in the shape socle writes`);
  }
  const all = controls.flatMap((c) => c.findings);
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  const env = artifacts.environment;
  return {
    reportVersion: 1,
    tool: { name: 'socle', version: SOCLE_VERSION, offline: true, telemetry: false },
    environment: { name: env.name, authority: env.authority.name, jurisdiction: env.residency.jurisdiction, dataClassification: env.dataClassification, region: `${env.cloud.provider} ${env.cloud.region}` },
    checkedOn: isoDate(now),
    fingerprint: fingerprint(artifacts.files),
    failOn,
    verdict: all.some((f) => f.blocking) ? 'fail' : 'pass',
    summary: {
      controls: { pass: count('pass'), fail: count('fail'), waived: count('waived'), 'not-applicable': count('not-applicable') },
      findings: all.length,
      waived: all.filter((f) => f.waiver !== undefined).length,
      blocking: all.filter((f) => f.blocking).length,
    },
    controls,
    waivers: uses,
    warnings,
    dataMap: places,
    scope: {
      stacks: artifacts.terraform.length,
      terraformResources: artifacts.terraform.reduce((n, c) => n + c.resources.length, 0),
      manifests: new Set(artifacts.objects.map((o) => o.file)).size,
      kubernetesObjects: artifacts.objects.length,
      workloads: podTemplates(artifacts.objects).length,
      containers: podTemplates(artifacts.objects).reduce((n, t) => n + containers(t).length, 0),
    },
  };
}
