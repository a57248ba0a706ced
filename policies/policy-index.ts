/** The policy index (`policies/README.md`), generated from the registry so that it can't drift. */
import { CATEGORY_MEANING } from './renderers/markdown.js';
import { CATEGORIES } from './policy.js';
import { POLICIES } from './registry.js';
import { REPORT_FILES } from './renderers/index.js';
import { DESIGN_EXCEPTIONS_FILE } from './waivers.js';

export const REGENERATE = 'npx tsx policies/write-policy-index.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function policyIndex(): string {
  const out = [
    `<!-- generated — do not edit — regenerate with \`${REGENERATE}\` -->`,
    '# Policies',
    '',
    '```sh',
    'npx socle check metropole-9000                      # an environment, synthesized in memory',
    'npx socle check out/metropole-9000 --format markdown # a folder of artifacts someone else built',
    'npx socle check out/pilot --plan network.json --fail-on medium',
    '```',
    '',
    'Policies read artifacts only (resolved environment, sizing plan, Terraform JSON, `tofu show -json`',
    'plans, rendered manifests), never the code that built them; they run offline, with no cloud',
    `credentials and no telemetry. \`socle synth\` writes the reports to ${Object.keys(REPORT_FILES).map((f) => `\`${f}\``).join(', ')}.`,
    'Exit codes: 0 pass, 1 an unwaived finding at or above `--fail-on` (default `high`), 2 bad input.',
    '',
    '**Waivers** (environment `waivers:` or `--waivers file.yaml`) need `policy` (a policy id, or one of its',
    'rules to accept one aspect only), `resource` (a glob over finding resources such as',
    '`jitsi-media/Deployment/jitsi-videobridge` or `terraform/network/*`), `justification`, `owner` and `expires`',
    '(YYYY-MM-DD). Waived findings stay in every report; an expired waiver is a finding (`waiver-expired`);',
    'a waiver that matches nothing is a warning. socle’s built-in design exceptions',
    `(charts/design-exceptions.ts, exported as \`${DESIGN_EXCEPTIONS_FILE}\`) are waivers too, owned by socle,`,
    'without expiry, listed in every report.',
    '',
    `${POLICIES.length} policies. Each has \`pass\` and \`fail-*\` fixtures with exact findings in \`test/policies/fixtures/<id>/\`.`,
    '',
  ];
  for (const category of CATEGORIES) {
    const policies = POLICIES.filter((p) => p.category === category);
    if (policies.length === 0) continue;
    out.push(`## ${category}`, '', CATEGORY_MEANING[category], '', '| Id | Severity | Checks | Why | Rules | References |', '|---|---|---|---|---|---|');
    for (const p of policies) {
      const rules = (p.rules ?? []).map((r) => `\`${r}\``).join('<br>');
      out.push(`| \`${p.id}\` | ${p.severity} | ${cell(p.title)} | ${cell(p.rationale)} | ${rules} | ${p.references.map((r) => (r.url ? `[${cell(r.title)}](${r.url})` : cell(r.title))).join('<br>')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
