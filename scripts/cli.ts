/**
 * `socle <command> [environment] [options]`: dispatch, help, and the exit-code contract. What this
 * file and the command registry import is all that `socle --help` loads: a command loads what it
 * uses when it runs (test/cli/module-loads.test.ts holds each command to its share).
 */
import { COMMANDS } from './commands/index.js';
import { EXIT, helpText, parseCommandArgs, ProblemsPrinted, UsageError, type Io } from './command.js';
import { EnvironmentError, formatProblem } from '../environments/problems.js';
import { paint } from './terminal.js';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'socle — a sovereign collaboration suite on EU OpenStack clouds',
    '',
    'usage: socle <command> [environment] [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'environment: a YAML file, or a name under environments/ (default: the built-in pilot example)',
    'exit codes: 0 ok, 1 blocking problems found, 2 bad input or usage',
    "run 'socle <command> --help' for a command's options",
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version') {
    const { SOCLE_VERSION } = await import('./version.js');
    io.stdout.write(`${SOCLE_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`socle: unknown command "${name}"\n\n${overview()}`);
    return EXIT.badInput;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values['help']) {
      io.stdout.write(helpText(command));
      return EXIT.ok;
    }
    return await command.run(io, values, positionals);
  } catch (e) {
    const red = paint(io, 'stderr').red;
    if (e instanceof ProblemsPrinted) return EXIT.badInput;
    if (e instanceof UsageError) {
      io.stderr.write(`${red('socle:')} ${e.message}\n`);
      return EXIT.badInput;
    }
    if (e instanceof EnvironmentError) {
      io.stderr.write(e.problems.map((p) => `${formatProblem(p)}\n`).join(''));
      io.stderr.write(red(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the environment\n`));
      return EXIT.badInput;
    }
    // An unexpected failure is a bug in socle: say so plainly, with the message but no stack.
    io.stderr.write(`${red('socle: internal error:')} ${(e as Error).message ?? String(e)}\nPlease report it with the command you ran.\n`);
    return EXIT.badInput;
  }
}
