/**
 * Policy titles, rationales and remediations in the report's language. English is the policy's
 * own metadata (next to its check); the French texts are in policy-texts-fr.ts, one entry per
 * policy id, and a test keeps the two sets of ids equal.
 */
import type { Policy } from './policy.js';
import { POLICY_TEXTS_FR } from './policy-texts-fr.js';
import type { Lang } from './renderers/report-words.js';

export type PolicyTexts = Pick<Policy, 'title' | 'rationale' | 'remediation'>;

export function policyTexts(policy: PolicyTexts & { id: string }, lang: Lang): PolicyTexts {
  if (lang === 'en') return { title: policy.title, rationale: policy.rationale, remediation: policy.remediation };
  // A policy from outside the registry (a test's, a plug-in's) may have no French texts: its own stand in.
  return POLICY_TEXTS_FR[policy.id] ?? { title: policy.title, rationale: policy.rationale, remediation: policy.remediation };
}
