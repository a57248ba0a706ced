/** `socle synth`: the main job — every artifact of an environment under `out/<name>/`. */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { EXIT, type Command } from '../command.js';
import { paint } from '../terminal.js';

/** Shell convention: 128 + the signal number (SIGINT 2, SIGTERM 15). */
const EXIT_INTERRUPTED = 130;
const EXIT_TERMINATED = 143;

export const synthCommand: Command = {
  name: 'synth',
  summary: 'write the sizing plan, Terraform, manifests and reports under out/<name>/',
  usage: 'socle synth [environment] [--out DIR] [--quiet]',
  options: { out: { type: 'string' }, quiet: { type: 'boolean' } },
  optionHelp: [
    ['--out DIR', 'output folder (default: out/<name>)'],
    ['--quiet', 'print only the list of files written'],
  ],
  details:
    'Output is a pure function of the environment: the same file gives byte-identical output (the reports carry the date).\nExit code 1 when the policy checks find an unwaived finding at or above high (see reports/report.md).',
  async run(io, values, positionals) {
    const { loadForCommand } = await import('../load-for-command.js');
    const { environment, file } = loadForCommand(io, positionals, 'table');
    const outDir = resolve(io.cwd, typeof values['out'] === 'string' ? values['out'] : `out/${environment.name}`);
    const { checkOutputFolder, writeOutputFolderHoldingSignals } = await import('../synth-output.js');
    checkOutputFolder(outDir);
    // After the folder check: a refused --out costs no Terraform step (cdktf) and no charts.
    const { synthArtifacts } = await import('../synth-pipeline.js');
    // The SARIF report names the files relative to where synth runs (the repository, for code scanning).
    const place = { root: io.cwd, cwd: io.cwd, artifactsDir: outDir, environment: { path: file, text: readFileSync(resolve(io.cwd, file), 'utf8') } };
    const computed = synthArtifacts(environment, new Date(), place);
    const { signal } = await writeOutputFolderHoldingSignals(outDir, computed.files);
    const shown = relative(io.cwd, outDir) || '.';
    if (signal) {
      io.stderr.write(`socle synth: interrupted (${signal}) after ${shown}/ was written whole\n`);
      return signal === 'SIGINT' ? EXIT_INTERRUPTED : EXIT_TERMINATED;
    }
    const result = { plan: computed.plan, report: computed.report, files: [...computed.files.keys()].sort() };
    if (!values['quiet']) {
      const [{ cost }, { costTable }, { planTables }] = await Promise.all([import('../../sizing/cost.js'), import('../render/cost-table.js'), import('../render/plan-table.js')]);
      io.stdout.write(`${planTables(result.plan)}\n${costTable(cost(environment, result.plan))}\n`);
    }
    const p = paint(io);
    io.stdout.write(`${p.green('wrote')} ${result.files.length} files to ${shown}/\n${result.files.map((f) => `  ${f}\n`).join('')}`);
    const { verdict, summary } = result.report;
    const word = verdict === 'pass' ? p.green('PASS') : p.red('FAIL');
    io.stdout.write(`policy checks: ${word} — ${summary.findings} findings, ${summary.waived} waived, ${summary.blocking} blocking (${shown}/reports/report.md)\n`);
    return verdict === 'pass' ? EXIT.ok : EXIT.blocking;
  },
};
