/**
 * The one result model every renderer reads (text, JSON, SARIF, JUnit, Markdown). Its JSON form is
 * `reports/findings.json`; fields are only ever added.
 */
import type { Evidence, Policy, Severity } from '../policy.js';
import type { WaiverEntry } from '../waivers.js';
import type { DataMap } from './data-map.js';

export type ControlStatus = 'pass' | 'fail' | 'waived' | 'not-applicable';

export interface Finding {
  policy: string;
  severity: Severity;
  resource: string;
  /** The finer rule broken, when the policy has rules. */
  rule?: string;
  message: string;
  evidence: Evidence;
  /** Index into `Report.waivers` of the waiver that accepts it; absent when unwaived. */
  waiver?: number;
  /** Unwaived and at or above `failOn`. */
  blocking: boolean;
}

/** A policy's metadata, as run on these artifacts. */
export interface Control extends Omit<Policy, 'check' | 'waivable' | 'rules'> {
  rules: readonly string[];
  status: ControlStatus;
  /** Why the policy doesn't apply, for `not-applicable`. */
  notApplicable?: string;
  findings: Finding[];
}

export interface WaiverUse extends WaiverEntry {
  status: 'active' | 'expired' | 'unused';
  /** Findings it accepts. */
  matched: number;
}

export interface Report {
  reportVersion: 1;
  tool: { name: 'socle'; version: string; offline: true; telemetry: false };
  environment: { name: string; authority: string; jurisdiction: string; dataClassification: string; region: string };
  /** Evaluation date `YYYY-MM-DD` (waivers lapse against it). */
  checkedOn: string;
  fingerprint: { sha256: string; files: { path: string; sha256: string }[] };
  failOn: Severity;
  verdict: 'pass' | 'fail';
  summary: { controls: Record<ControlStatus, number>; findings: number; waived: number; blocking: number };
  controls: Control[];
  waivers: WaiverUse[];
  warnings: string[];
  /** Where the data goes: every region, store and third party, with operator and verdict. */
  dataMap: DataMap;
  /** How much was read: what the controls that are not about places checked. */
  scope: ReportScope;
}

export interface ReportScope {
  stacks: number;
  terraformResources: number;
  manifests: number;
  kubernetesObjects: number;
  workloads: number;
  containers: number;
}
