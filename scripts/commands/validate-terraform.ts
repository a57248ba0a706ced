/**
 * `socle validate-terraform <file.tf.json>...`: the offline schema check `socle synth` runs on its
 * own output, for Terraform JSON written by hand or by another tool.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { validateTerraformJson } from '../../stacks/validation/terraform-json-validator.js';
import type { ValidationProblem } from '../../stacks/validation/validation-problem.js';
import { EXIT, formatOption, UsageError, type Command } from '../command.js';
import { paint, table } from '../terminal.js';

interface FileResult {
  file: string;
  /** Set when the file can't be read or isn't JSON. */
  error?: string;
  problems: ValidationProblem[];
}

function check(path: string, shown: string): FileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { file: shown, error: `can't read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, problems: [] };
  }
  try {
    return { file: shown, problems: validateTerraformJson(JSON.parse(text)) };
  } catch (e) {
    return { file: shown, error: `not JSON: ${(e as Error).message}`, problems: [] };
  }
}

export const validateTerraformCommand: Command = {
  name: 'validate-terraform',
  summary: 'check Terraform JSON files against the provider schemas (OpenStack, random, tls), offline',
  usage: 'socle validate-terraform <file.tf.json>... [--format table|json]',
  options: { format: { type: 'string' } },
  optionHelp: [['--format table|json', 'how to print problems (default: table)']],
  details:
    'Reports unknown, read-only and missing arguments, wrong value types and block counts by Terraform address\n' +
    '(e.g. openstack_compute_instance_v2.media_0.network[0].uuidx). `${...}` expressions fit any type.\n' +
    'Exit code 1 when a file has problems, 2 when a file can\'t be read or parsed.',
  async run(io, values, positionals) {
    const format = formatOption(values['format'], ['table', 'json'] as const, 'table');
    if (positionals.length === 0) throw new UsageError(`name at least one Terraform JSON file\nusage: ${validateTerraformCommand.usage}`);
    const results = positionals.map((p) => check(resolve(io.cwd, p), relative(io.cwd, resolve(io.cwd, p)) || p));
    const unreadable = results.some((r) => r.error);
    const problems = results.reduce((n, r) => n + r.problems.length, 0);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ ok: !unreadable && problems === 0, files: results }, null, 2)}\n`);
    } else {
      const p = paint(io);
      for (const r of results) {
        if (r.error) io.stderr.write(`${paint(io, 'stderr').red('error')}  ${r.file}: ${r.error}\n`);
        else if (r.problems.length === 0) io.stdout.write(`${p.green('valid')}  ${r.file}\n`);
        else io.stdout.write(`${p.red('invalid')}  ${r.file}\n${table(['address', 'problem', 'message'], r.problems.map((x) => [x.address, x.code, x.hint ? `${x.message} (${x.hint})` : x.message]))}`);
      }
    }
    if (unreadable) return EXIT.badInput;
    return problems > 0 ? EXIT.blocking : EXIT.ok;
  },
};
