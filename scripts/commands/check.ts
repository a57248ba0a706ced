/**
 * `socle check`: the policy checks on an environment (synthesized on the fly) or on a folder of
 * artifacts someone else built, optionally with `tofu show -json` plans; one report on stdout.
 */
import { resolve } from 'node:path';
import type { Artifacts } from '../../policies/artifacts/artifacts.js';
import { SEVERITIES, type Severity } from '../../policies/policy.js';
import type { WaiverEntry } from '../../policies/waivers.js';
import { EXIT, formatOption, UsageError, type Command } from '../command.js';
import { paint } from '../terminal.js';

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

function failOnOption(value: unknown): Severity {
  if (value === undefined) return 'high';
  if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} (got "${String(value)}")`);
}

async function readWaivers(paths: string[], cwd: string): Promise<WaiverEntry[]> {
  const [{ readBoundedFile }, { parseWaiversFile }] = await Promise.all([import('../../policies/artifacts/input-limits.js'), import('../../policies/waivers.js')]);
  return paths.flatMap((path) => parseWaiversFile(readBoundedFile(resolve(cwd, path), path, 'waivers file'), path));
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check residency, security, availability and licences; print a report (no cloud credentials needed)',
  usage: 'socle check [environment | out/<name>] [--plan plan.json]… [--waivers file.yaml]… [--format text|json|sarif|junit|markdown] [--fail-on low|medium|high|critical]',
  options: { plan: { type: 'string', multiple: true }, waivers: { type: 'string', multiple: true }, format: { type: 'string' }, 'fail-on': { type: 'string' } },
  optionHelp: [
    ['--plan FILE', 'also check a plan printed by `tofu show -json` (repeatable)'],
    ['--waivers FILE', 'waivers in addition to the environment’s (repeatable; policy, resource, justification, owner, expires)'],
    ['--format FMT', 'text (default), json, sarif, junit or markdown'],
    ['--fail-on SEV', 'exit 1 when an unwaived finding is at or above it (default: high)'],
  ],
  details:
    'The argument is an environment (synthesized in memory) or a folder of built artifacts (out/<name>/).\nRuns offline: no credentials, no network, no telemetry. Exit codes: 0 pass, 1 blocking findings, 2 bad input.',
  async run(io, values, positionals) {
    const [{ ArtifactError }, { isFolder, loadArtifactsFolder, readPlanFiles }, { readArtifacts }, { evaluate }, { FORMATS, RENDERERS }, { renderText }] = await Promise.all([
      import('../../policies/artifacts/artifacts.js'),
      import('../../policies/artifacts/load-artifacts-folder.js'),
      import('../../policies/artifacts/read-artifacts.js'),
      import('../../policies/evaluate.js'),
      import('../../policies/renderers/index.js'),
      import('../../policies/renderers/text.js'),
    ]);
    const format = formatOption(values['format'], FORMATS, 'text');
    const failOn = failOnOption(values['fail-on']);
    if (positionals.length > 1) throw new UsageError(`expected at most one environment or folder, got ${positionals.length}: ${positionals.join(' ')}`);
    const now = new Date();
    try {
      const plans = readPlanFiles(list(values['plan']), io.cwd);
      const waivers = await readWaivers(list(values['waivers']), io.cwd);
      const target = positionals[0];
      let artifacts: Artifacts;
      if (target !== undefined && isFolder(resolve(io.cwd, target))) artifacts = loadArtifactsFolder(resolve(io.cwd, target), plans);
      else {
        const { loadForCommand } = await import('../load-for-command.js');
        const { environment } = loadForCommand(io, positionals, format === 'json' ? 'json' : 'table');
        // Only here: synthesis brings cdktf and the charts, which checking a built folder doesn't need.
        const { synthArtifacts } = await import('../synth-pipeline.js');
        artifacts = readArtifacts(synthArtifacts(environment).files, plans);
      }
      const report = evaluate(artifacts, { now, failOn, waivers });
      io.stdout.write(format === 'text' ? renderText(report, paint(io)) : RENDERERS[format](report));
      return report.verdict === 'pass' ? EXIT.ok : EXIT.blocking;
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      io.stderr.write(`${paint(io, 'stderr').red('socle check:')} ${e.message}\n`);
      return EXIT.badInput;
    }
  },
};
