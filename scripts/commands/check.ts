/**
 * `socle check`: the policy checks on an environment (synthesized on the fly) or on a folder of
 * artifacts someone else built, optionally with `tofu show -json` plans; one report on stdout.
 * What it runs is imported when it runs, so `socle check --help` loads nothing heavy.
 */
import { relative, resolve } from 'node:path';
import type { ReportPlace } from '../../policies/check-reports.js';
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

async function readWaivers(paths: string[], cwd: string): Promise<{ waivers: WaiverEntry[]; texts: Map<string, string> }> {
  const [{ readBoundedFile }, { parseWaiversFile }] = await Promise.all([import('../../policies/artifacts/input-limits.js'), import('../../policies/waivers.js')]);
  const texts = new Map(paths.map((path) => [path, readBoundedFile(resolve(cwd, path), path, 'waivers file')]));
  return { waivers: [...texts].flatMap(([path, text]) => parseWaiversFile(text, path)), texts };
}

/**
 * The environment file a checked folder was built from, so that its findings point at the line
 * an engineer edits: the file its name leads to from the SARIF root (as `socle check <name>` run
 * there would find it), only when it resolves to exactly the folder's environment.json;
 * otherwise none, and they point into the folder.
 */
async function environmentFileOf(artifacts: Artifacts, root: string, cwd: string): Promise<ReportPlace['environment']> {
  const [{ readBoundedFile }, { loadEnvironmentFile }, { environmentPath }, { stableJson }] = await Promise.all([
    import('../../policies/artifacts/input-limits.js'),
    import('../../environments/load-environment.js'),
    import('../environment-argument.js'),
    import('../stable-json.js'),
  ]);
  const name = artifacts.environment.name;
  const resolved = artifacts.files.find((f) => f.path === 'environment.json')?.content;
  // A folder's name is not a path to follow: only a plain environment name is looked up.
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || resolved === undefined) return undefined;
  const absolute = environmentPath(name, root);
  const nearby = relative(cwd, absolute);
  const path = nearby.startsWith('..') ? absolute : nearby;
  try {
    if (stableJson(loadEnvironmentFile(absolute, path)) !== resolved) return undefined;
    return { path, text: readBoundedFile(absolute, path, 'environment file') };
  } catch {
    return undefined;
  }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check residency, security, availability and licences; print a report (no cloud credentials needed)',
  usage: 'socle check [environment | out/<name>] [--plan plan.json]… [--waivers file.yaml]… [--format text|json|sarif|junit|markdown|html] [--fail-on low|medium|high|critical] [--lang en|fr] [--compact] [--sarif-root DIR]',
  options: { plan: { type: 'string', multiple: true }, waivers: { type: 'string', multiple: true }, format: { type: 'string' }, 'fail-on': { type: 'string' }, lang: { type: 'string' }, compact: { type: 'boolean' }, 'sarif-root': { type: 'string' } },
  optionHelp: [
    ['--plan FILE', 'also check a plan printed by `tofu show -json` (repeatable)'],
    ['--waivers FILE', 'waivers in addition to the environment’s (repeatable; policy, resource, justification, owner, expires)'],
    ['--format FMT', 'text (default), json, sarif, junit, markdown or html (one self-contained page, printable)'],
    ['--fail-on SEV', 'exit 1 when an unwaived finding is at or above it (default: high)'],
    ['--lang LANG', 'en (default) or fr: the text, Markdown and HTML reports in that language (ids and evidence as they are)'],
    ['--compact', 'failing controls and open findings only (text, Markdown, HTML)'],
    ['--sarif-root DIR', 'SARIF file paths are relative to it, as code scanning wants them relative to the repository (default: the current directory)'],
  ],
  details:
    'The argument is an environment (synthesized in memory) or a folder of built artifacts (out/<name>/).\nRuns offline: no credentials, no network, no telemetry. Exit codes: 0 pass, 1 blocking findings, 2 bad input.',
  async run(io, values, positionals) {
    const [{ ArtifactError }, { readBoundedFile }, { isFolder, loadArtifactsFolder, readPlanFiles }, { readArtifacts }, { evidenceLocator }, { evaluate }, { FORMATS, RENDERERS }, { LANGS }, { renderText }, { loadForCommand }] = await Promise.all([
      import('../../policies/artifacts/artifacts.js'),
      import('../../policies/artifacts/input-limits.js'),
      import('../../policies/artifacts/load-artifacts-folder.js'),
      import('../../policies/artifacts/read-artifacts.js'),
      import('../../policies/report/locate-evidence.js'),
      import('../../policies/evaluate.js'),
      import('../../policies/renderers/index.js'),
      import('../../policies/renderers/report-words.js'),
      import('../../policies/renderers/text.js'),
      import('../load-for-command.js'),
    ]);
    const format = formatOption(values['format'], FORMATS, 'text');
    const failOn = failOnOption(values['fail-on']);
    const lang = formatOption(values['lang'], LANGS, 'en', '--lang');
    const compact = values['compact'] === true;
    if (positionals.length > 1) throw new UsageError(`expected at most one environment or folder, got ${positionals.length}: ${positionals.join(' ')}`);
    const now = new Date();
    try {
      const plans = readPlanFiles(list(values['plan']), io.cwd);
      const { waivers, texts } = await readWaivers(list(values['waivers']), io.cwd);
      const target = positionals[0];
      let artifacts: Artifacts;
      const root = resolve(io.cwd, typeof values['sarif-root'] === 'string' ? values['sarif-root'] : '.');
      let place: Omit<ReportPlace, 'root' | 'cwd'>;
      if (target !== undefined && isFolder(resolve(io.cwd, target))) {
        artifacts = loadArtifactsFolder(resolve(io.cwd, target), plans);
        const environment = await environmentFileOf(artifacts, root, io.cwd);
        place = { artifactsDir: resolve(io.cwd, target), ...(environment ? { environment } : {}) };
      } else {
        const { environment, file } = loadForCommand(io, positionals, format === 'json' ? 'json' : 'table');
        // Loaded on demand: synthesis brings cdktf, which checking a built folder doesn't need.
        const { synthArtifacts } = await import('../synth-pipeline.js');
        artifacts = readArtifacts(synthArtifacts(environment).files, plans);
        // Checked in memory: the artifacts are named where `socle synth` writes them.
        place = { artifactsDir: resolve(io.cwd, 'out', environment.name), environment: { path: file, text: readBoundedFile(resolve(io.cwd, file), file, 'environment file') } };
      }
      const report = evaluate(artifacts, { now, failOn, waivers });
      const locate = evidenceLocator({ root, cwd: io.cwd, ...place, files: artifacts.files, others: texts });
      io.stdout.write(format === 'text' ? renderText(report, paint(io), { locate, lang, compact }) : RENDERERS[format](report, { locate, lang, compact }));
      return report.verdict === 'pass' ? EXIT.ok : EXIT.blocking;
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      io.stderr.write(`${paint(io, 'stderr').red('socle check:')} ${e.message}\n`);
      return EXIT.badInput;
    }
  },
};
