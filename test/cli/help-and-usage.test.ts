/**
 * Help and usage errors for every registered command: the registry is iterated, so a command
 * added later is covered without touching this file.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { COMMANDS } from '../../scripts/commands/index.js';
import { SOCLE_VERSION } from '../../scripts/version.js';
import { captureIo, STACK_FRAME } from './capture-io.js';

const NAMES = COMMANDS.map((c) => c.name);

describe('the command registry', () => {
  it('holds the foundation commands, each once', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['synth', 'validate', 'size', 'cost']));
    expect(new Set(NAMES).size).toBe(NAMES.length);
  });

  it('gives every command a summary and a usage line that names it', () => {
    for (const c of COMMANDS) {
      expect(c.summary.length, c.name).toBeGreaterThan(10);
      expect(c.usage.startsWith(`socle ${c.name}`), c.name).toBe(true);
    }
  });
});

describe.each(COMMANDS.map((c) => [c.name, c] as const))('socle %s', (name, command) => {
  it.each(['--help', '-h'])('%s prints its usage and options and exits 0', async (flag) => {
    const io = captureIo();
    expect(await main([name, flag], io)).toBe(0);
    const help = io.out();
    expect(help).toContain(command.summary);
    expect(help).toContain(`usage: ${command.usage}`);
    for (const [option] of command.optionHelp) expect(help).toContain(option);
    expect(help).toContain('-h, --help');
    expect(io.err()).toBe('');
  });

  it('--help wins over an environment argument and does nothing else', async () => {
    const io = captureIo();
    expect(await main([name, 'no-such-environment', '--help'], io)).toBe(0);
    expect(io.out()).toContain(`usage: ${command.usage}`);
    expect(io.err()).toBe('');
  });

  it('rejects an unknown option with exit 2, naming it and the usage', async () => {
    const io = captureIo();
    expect(await main([name, '--frobnicate'], io)).toBe(2);
    expect(io.err()).toContain('--frobnicate');
    expect(io.err()).toContain(`usage: ${command.usage}`);
    expect(io.err()).not.toMatch(STACK_FRAME);
    expect(io.out()).toBe('');
  });
});

describe('socle (no command, overview, version)', () => {
  it('--help lists every registered command and exits 0', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const c of COMMANDS) expect(io.out()).toMatch(new RegExp(`^  ${c.name}\\s+${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(io.out()).toContain('exit codes: 0 ok, 1 blocking problems found, 2 bad input or usage');
  });

  it('with no command prints the overview and exits 2', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    expect(io.out()).toContain('usage: socle <command> [environment] [options]');
  });

  it('--version prints the version', async () => {
    const io = captureIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toBe(`${SOCLE_VERSION}\n`);
  });

  it('rejects an unknown command with exit 2 and the overview', async () => {
    const io = captureIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain('socle: unknown command "frobnicate"');
    expect(io.err()).toContain('commands:');
    expect(io.out()).toBe('');
  });

  it('treats a misspelt command as unknown, not as an environment', async () => {
    const io = captureIo();
    expect(await main(['valdiate', 'pilot'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "valdiate"');
  });
});

describe('usage errors of the environment commands', () => {
  it.each(['validate', 'size', 'cost'])('%s --format yaml: exit 2 naming the allowed formats', async (name) => {
    const io = captureIo();
    expect(await main([name, '--format', 'yaml'], io)).toBe(2);
    expect(io.err()).toContain('--format must be one of table, json (got "yaml")');
    expect(io.out()).toBe('');
  });

  it.each(['validate', 'size', 'cost', 'synth'])('%s with two environments: exit 2', async (name) => {
    const io = captureIo();
    expect(await main([name, 'pilot', 'metropole-9000'], io)).toBe(2);
    expect(io.err()).toContain('expected at most one environment, got 2: pilot metropole-9000');
  });

  it.each(['validate', 'size', 'cost'])('%s --format without a value: exit 2', async (name) => {
    const io = captureIo();
    expect(await main([name, '--format'], io)).toBe(2);
    expect(io.err()).toContain('--format');
  });
});
