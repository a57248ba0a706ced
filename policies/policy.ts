/**
 * What a policy is: stable id, metadata an auditor reads, and a check over built artifacts.
 * Policies never import stacks/ or charts/: they read `Artifacts` only, so they run just as well
 * on a folder someone else built or on a `tofu show -json` plan.
 */
import type { Artifacts } from './artifacts/artifacts.js';
import type { WaiverEntry } from './waivers.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ['residency', 'sensitive-data', 'security', 'availability', 'licences', 'governance'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Reference {
  title: string;
  url?: string;
}

/** Where a finding was seen: the artifact file, a JSON pointer inside it, and the offending value. */
export interface Evidence {
  /** Path relative to the artifacts folder, e.g. `terraform/network/cdk.tf.json`, `manifests/jitsi.yaml`. */
  file: string;
  /** RFC 6901 pointer; for multi-document YAML, prefixed by the document index (`#3/spec/...`). */
  pointer: string;
  /** 1-based line in the file, when the finding comes from a text scan rather than a parsed value. */
  line?: number;
  value?: unknown;
}

export interface Violation {
  /** Address of the offending resource, e.g. `terraform/network/openstack_networking_secgroup_rule_v2.ssh`. */
  resource: string;
  /** The finer rule broken (one of the policy's `rules`): a waiver may name it instead of the policy. */
  rule?: string;
  message: string;
  evidence: Evidence;
}

/** A policy that does not apply to these artifacts (e.g. zone spread in a one-zone region). */
export interface NotApplicable {
  notApplicable: string;
}

export interface CheckContext {
  /** The evaluation date: waivers lapse against it. */
  now: Date;
  /** Every waiver in force or not (environment, waivers file, design exceptions). */
  waivers: readonly WaiverEntry[];
}

export interface Policy {
  /** Stable, readable id (`residency-region`): waivers and SARIF rules refer to it. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  /** Why it matters, in a sentence or two an auditor can quote. */
  rationale: string;
  remediation: string;
  references: Reference[];
  /**
   * Finer rules inside the policy that its violations name (e.g. `k8s-host-network` in
   * security-pod-hardening), so that a waiver — typically a design exception — accepts one aspect
   * of a workload without accepting the others.
   */
  rules?: readonly string[];
  /** `false` for findings no waiver may accept (an expired waiver can't waive itself). Default true. */
  waivable?: boolean;
  check(artifacts: Artifacts, context: CheckContext): Violation[] | NotApplicable;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isNotApplicable(outcome: Violation[] | NotApplicable): outcome is NotApplicable {
  return !Array.isArray(outcome);
}
