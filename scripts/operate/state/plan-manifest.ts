/**
 * What `socle plan` decided, `out/<name>/plans/manifest.json`: the saved plan of each stack (with
 * its checksum), the stacks that must wait for their dependencies, the policy verdict, the
 * workloads preview, the cost. `socle deploy` applies exactly this, and nothing else.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanChanges } from './plan-changes.js';
import type { PulumiChangeSummary } from '../tools/pulumi-commands.js';
import { plansDir } from '../tools/terraform-commands.js';

export interface StackPlanRecord {
  name: string;
  /** Not planned yet: a stack it depends on has changes to apply first. */
  deferredAfter?: string[];
  planFile?: string;
  jsonFile?: string;
  sha256?: string;
  changes?: PlanChanges;
}

export type WorkloadsPreview = { previewed: true; changes: PulumiChangeSummary } | { previewed: false; reason: string };

export interface CostDelta {
  /** Monthly list price of the planned environment (EUR excl. VAT). */
  plannedMonthlyEur: number;
  /** Of the last deployed one; `undefined` before the first deploy. */
  deployedMonthlyEur?: number;
  deltaMonthlyEur: number;
}

export interface PlanManifest {
  version: 1;
  environment: string;
  /** Fingerprint of the synthesized artifacts that were planned. */
  fingerprint: string;
  createdAt: string;
  stacks: StackPlanRecord[];
  policy: { blocking: boolean; report: string };
  workloads: WorkloadsPreview;
  cost?: CostDelta;
  /** Set by the deploy that applied it. */
  deployedAt?: string;
}

export function manifestPath(outDir: string): string {
  return join(plansDir(outDir), 'manifest.json');
}

export function readPlanManifest(outDir: string): PlanManifest | undefined {
  const path = manifestPath(outDir);
  if (!existsSync(path)) return undefined;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as PlanManifest;
  return manifest.version === 1 ? manifest : undefined;
}

export function writePlanManifest(outDir: string, manifest: PlanManifest): void {
  writeFileSync(manifestPath(outDir), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Identifies one plan: deploy runs resume only on the plan they started with. */
export function planId(manifest: PlanManifest): string {
  return `${manifest.createdAt}/${manifest.fingerprint}`;
}
