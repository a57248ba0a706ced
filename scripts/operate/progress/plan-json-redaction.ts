/**
 * `tofu show -json` prints sensitive values in clear: the variables a plan was made with (the
 * state passphrase, the cluster bootstrap bundle), the prior state (CA keys, credentials) and the
 * planned values, each beside a mark that says which of them are sensitive. The plan JSON socle
 * keeps in `plans/` (for the policy check and the reviewer) has every marked value replaced, so it
 * holds no secret; the saved binary plan and the state stay encrypted (stacks/state-encryption.ts).
 *
 * Where the marks are (OpenTofu v1.12.6 website/docs/internals/json-format.mdx, "Values
 * Representation" and "Change Representation"): `sensitive_values` beside each resource's
 * `values`, `sensitive` on each output, `before_sensitive`/`after_sensitive` beside a change's
 * `before`/`after` (`true` marks a whole subtree), and `sensitive` on the variable's declaration
 * under `configuration`. A value OpenTofu copied without its mark (terraform_data's `output`, a
 * copy of its marked `input`: internal/builtin/providers/tf/resource_data.go L172-173) is found by
 * being equal to a marked one.
 */
import { REDACTED } from './redaction.js';

type Json = unknown;
type Mark = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Scrubber {
  readonly found = new Set<string>();

  /** Every string under a sensitive value, replaced. */
  hide(value: Json): Json {
    if (typeof value === 'string') {
      if (value === '') return value;
      this.found.add(value);
      return REDACTED;
    }
    if (Array.isArray(value)) return value.map((v) => this.hide(v));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.hide(v)]));
    return value;
  }

  /** `value` with what `mark` marks (`true`, or the same structure with `true` leaves) hidden. */
  marked(value: Json, mark: Mark): Json {
    if (mark === true) return this.hide(value);
    if (Array.isArray(value) && Array.isArray(mark)) return value.map((v, i) => this.marked(v, mark[i]));
    if (isObject(value) && isObject(mark)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.marked(v, mark[k])]));
    return value;
  }

  /** A values representation: outputs, and the resources of the root module and its children. */
  values(rep: Json): Json {
    if (!isObject(rep)) return rep;
    const out = { ...rep };
    if (isObject(rep['outputs'])) out['outputs'] = Object.fromEntries(Object.entries(rep['outputs']).map(([name, o]) => [name, isObject(o) && o['sensitive'] === true ? { ...o, value: this.hide(o['value']) } : o]));
    if (isObject(rep['root_module'])) out['root_module'] = this.module(rep['root_module']);
    return out;
  }

  module(mod: Record<string, unknown>): Record<string, unknown> {
    const out = { ...mod };
    if (Array.isArray(mod['resources'])) out['resources'] = mod['resources'].map((r) => (isObject(r) ? { ...r, values: this.marked(r['values'], r['sensitive_values']) } : r));
    if (Array.isArray(mod['child_modules'])) out['child_modules'] = mod['child_modules'].map((m) => (isObject(m) ? this.module(m) : m));
    return out;
  }

  change(change: Json): Json {
    if (!isObject(change)) return change;
    return { ...change, before: this.marked(change['before'], change['before_sensitive']), after: this.marked(change['after'], change['after_sensitive']) };
  }

  /** Unmarked copies of a marked value. */
  copies(value: Json): Json {
    if (typeof value === 'string') return this.found.has(value) ? REDACTED : value;
    if (Array.isArray(value)) return value.map((v) => this.copies(v));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.copies(v)]));
    return value;
  }
}

function sensitiveVariables(plan: Record<string, unknown>): Set<string> {
  const configuration = plan['configuration'];
  const root = isObject(configuration) ? configuration['root_module'] : undefined;
  const variables = isObject(root) && isObject(root['variables']) ? root['variables'] : {};
  return new Set(Object.entries(variables).filter(([, v]) => isObject(v) && v['sensitive'] === true).map(([name]) => name));
}

/** The text of `tofu show -json <plan>` with every sensitive value replaced by `***`. */
export function redactPlanJson(text: string): string {
  const plan = JSON.parse(text) as unknown;
  if (!isObject(plan)) return text;
  const s = new Scrubber();
  const out: Record<string, unknown> = { ...plan };
  const secretVariables = sensitiveVariables(plan);
  if (isObject(plan['variables'])) out['variables'] = Object.fromEntries(Object.entries(plan['variables']).map(([name, v]) => [name, secretVariables.has(name) && isObject(v) ? { ...v, value: s.hide(v['value']) } : v]));
  out['planned_values'] = s.values(plan['planned_values']);
  if (isObject(plan['prior_state'])) out['prior_state'] = { ...plan['prior_state'], values: s.values(plan['prior_state']['values']) };
  for (const key of ['resource_changes', 'resource_drift']) {
    if (Array.isArray(plan[key])) out[key] = plan[key].map((r) => (isObject(r) ? { ...r, change: s.change(r['change']) } : r));
  }
  if (isObject(plan['output_changes'])) out['output_changes'] = Object.fromEntries(Object.entries(plan['output_changes']).map(([name, c]) => [name, s.change(c)]));
  for (const key of Object.keys(out)) if (plan[key] === undefined) delete out[key];
  return `${JSON.stringify(s.copies(out))}\n`;
}
