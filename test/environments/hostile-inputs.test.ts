/**
 * The adversarial trial's environment inputs (shared/reviews/2026-12-01-hostile-inputs.md D1, D2,
 * D4, D5, D6; issue 10 item 5), each a mutation of the pilot example: an impossible CIDR or cron
 * schedule, a host name that is a shell command, control characters, files that are not UTF-8 or
 * not files. Each must be refused by `socle validate` with its position and a fix, never accepted,
 * never a hang or a stack trace.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo, REPO_ROOT, STACK_FRAME } from '../cli/capture-io.js';
import { MAX_ENVIRONMENT_BYTES } from '../../environments/load-environment.js';
import { MAX_PROBLEMS } from '../../environments/problems.js';

const PILOT = readFileSync(join(REPO_ROOT, 'environments/examples/pilot.yaml'), 'utf8');
const DIR = mkdtempSync(join(tmpdir(), 'socle-hostile-env-'));

interface Expected {
  code: string;
  path: string;
  line: number;
  col: number;
  message: string;
}

/** The pilot with line `n` (1-based) replaced. */
function withLine(n: number, text: string): string {
  const lines = PILOT.split('\n');
  lines[n - 1] = text;
  return lines.join('\n');
}

async function validate(file: string): Promise<{ code: number; err: string; json: { problems: (Expected & { hint?: string })[] } }> {
  const io = captureIo();
  const code = await main(['validate', file], io);
  const jsonIo = captureIo();
  await main(['validate', file, '--format', 'json'], jsonIo);
  return { code, err: io.err(), json: JSON.parse(jsonIo.out()) as { problems: (Expected & { hint?: string })[] } };
}

let counter = 0;
function fileWith(content: string | Buffer): string {
  const path = join(DIR, `case-${++counter}.yaml`);
  writeFileSync(path, content);
  return path;
}

async function expectRefused(file: string, expected: Expected): Promise<void> {
  const result = await validate(file);
  expect(result.code).toBe(2);
  expect(result.err).not.toMatch(STACK_FRAME);
  const match = result.json.problems.find((p) => p.code === expected.code && p.path === expected.path);
  expect(match, `${expected.code} at ${expected.path} in ${JSON.stringify(result.json.problems)}`).toBeDefined();
  expect(match).toMatchObject({ line: expected.line, col: expected.col });
  expect(match!.message).toContain(expected.message);
  expect(match!.hint ?? '').not.toBe('');
}

// Line 18 of the pilot: `    - 203.0.113.0/24`.
const IMPOSSIBLE_CIDRS = ['300.51.100.0/24', '999.999.999.999/99', '10.0.0.0/33', '1.2.3/24', '01.2.3.4/8', '1.2.3.4/-1', '1.2.3.4/08', '1.2.3.4', '256.0.0.0/8', '1.2.3.4.5/24', '0x7f.0.0.1/8', '1.2.3.4/24/8', 'a.b.c.d/24', '::/0', '1.2.3.4/', '/24', '203.0.113.0/24;reboot', '203.0.113.0/24 $(id)'];
describe('cluster.adminCidrs: impossible CIDRs are refused (parsed by node:net, not a pattern)', () => {
  it.each(IMPOSSIBLE_CIDRS)('%s', async (cidr) => {
    await expectRefused(fileWith(withLine(18, `    - "${cidr}"`)), { code: 'invalid-format', path: 'cluster.adminCidrs[0]', line: 18, col: 8, message: 'is not an IPv4 CIDR with its prefix length' });
  });
  it.each(['0.0.0.0/0', '203.0.113.7/32', '10.0.0.0/8'])('%s is a CIDR', async (cidr) => {
    expect((await validate(fileWith(withLine(18, `    - "${cidr}"`)))).code).toBe(0);
  });
});

// Line 24: `  schedule: "0 2 * * *"`.
const IMPOSSIBLE_SCHEDULES = ['99 99 99 99 99', 'a b c d e', '*;reboot * * * *', '60 0 * * *', '0 24 * * *', '0 0 32 * *', '0 0 * 13 *', '0 0 * * 8', '0 0 L * *', '0 0 ? * *', '$(reboot) * * * *', '0 2 * * FOO', '0 2 * * MON;id', '`id` * * * *', '0-99 * * * *', '0 0 0 * *', '0 0 * 0 *'];
describe('backups.schedule: impossible cron schedules are refused (parsed by croner)', () => {
  it.each(IMPOSSIBLE_SCHEDULES)('%s', async (schedule) => {
    await expectRefused(fileWith(withLine(24, `  schedule: "${schedule}"`)), { code: 'invalid-format', path: 'backups.schedule', line: 24, col: 14, message: 'is not a five-field cron schedule' });
  });
  it.each(['0 2 * * *', '*/15 * * * *', '30 1 * * MON-FRI', '0 3 1,15 * *', '0 22 * * sun'])('%s is a schedule', async (schedule) => {
    expect((await validate(fileWith(withLine(24, `  schedule: "${schedule}"`)))).code).toBe(0);
  });
});

const WITH_SMTP = (host: string) => `${PILOT.trimEnd()}\nsmtp:\n  host: "${host}"\n  from: dsi@metropole-exemple.fr\n`;
const SMTP_LINE = PILOT.trimEnd().split('\n').length + 2;
describe('smtp.host: only a host name', () => {
  it.each(['mail.example.fr;reboot', '$(reboot)', 'mail example.fr', 'mail.example.fr`id`', 'mail|x', '-oProxyCommand=x', 'mail..example.fr', 'https://mail.example.fr', 'mail.example.fr:587'])('%s', async (host) => {
    await expectRefused(fileWith(WITH_SMTP(host)), { code: 'invalid-format', path: 'smtp.host', line: SMTP_LINE, col: 10, message: 'is not a host name' });
  });
  it('smtp.metropole-exemple.fr is one', async () => {
    expect((await validate(fileWith(WITH_SMTP('smtp.metropole-exemple.fr')))).code).toBe(0);
  });
});

// Double-quoted YAML escapes put the raw characters in the value (line 7 authority.name, line 50 branding, line 58 a waiver's owner).
const CONTROLS: [string, string][] = [
  ['an ANSI colour sequence', '\\e[32mPASS\\e[0m'],
  ['an OSC title sequence', '\\e]0;PASS\\a'],
  ['a newline that forges a problem line', 'x\\npilot.yaml:1:1  cloud  fine'],
  ['a carriage return', 'Métropole\\rPASS'],
  ['a NUL', 'Métropole\\0'],
  ['a bell', 'Métropole\\a'],
  ['DEL', 'Métropole\\x7f'],
  ['a C1 control (NEL)', 'Métropole\\N'],
  ['a tab', 'Métropole\\tExemple'],
  ['a right-to-left override', 'Métropole\\u202eelpmexE'],
  ['a right-to-left isolate', 'Métropole\\u2067x'],
  ['an Arabic letter mark', 'Métropole\\u061c'],
];
describe('control characters and direction overrides in any value', () => {
  it.each(CONTROLS)('authority.name with %s', async (_, escaped) => {
    await expectRefused(fileWith(withLine(7, `  name: "${escaped}"`)), { code: 'control-character', path: 'authority.name', line: 7, col: 10, message: 'holds the control character' });
  });
  it.each(CONTROLS.slice(0, 4))('apps.jitsi.branding.appName with %s', async (_, escaped) => {
    await expectRefused(fileWith(withLine(50, `      appName: "${escaped}"`)), { code: 'control-character', path: 'apps.jitsi.branding.appName', line: 50, col: 17, message: 'holds the control character' });
  });
  it.each(CONTROLS.slice(0, 4))("a waiver's owner with %s", async (_, escaped) => {
    await expectRefused(fileWith(withLine(58, `    owner: "${escaped}"`)), { code: 'control-character', path: 'waivers[0].owner', line: 58, col: 13, message: 'holds the control character' });
  });
  it('in a key', async () => {
    await expectRefused(fileWith(`${PILOT.trimEnd()}\n"k\\e[1m": 1\n`), { code: 'control-character', path: 'k\u001b[1m', line: SMTP_LINE - 1, col: 2, message: 'the key holds the control character U+001B' });
  });
  it('are never printed raw, even in the messages that quote the value', async () => {
    const { err } = await validate(fileWith(withLine(5, 'name: "\\e[31mpilot\\nforged:1:1"')));
    expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(err.split('\n').filter((l) => l.startsWith('forged'))).toEqual([]);
  });
});

describe('what a file is made of', () => {
  it('Latin-1 bytes: the position of the first one, not a silent U+FFFD', async () => {
    const latin1 = Buffer.from(withLine(7, '  name: Métropole Exemple'), 'latin1');
    await expectRefused(fileWith(latin1), { code: 'not-utf8', path: '', line: 7, col: 10, message: 'is not UTF-8 text here' });
  });
  it('UTF-16 with a byte order mark', async () => {
    await expectRefused(fileWith(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PILOT, 'utf16le')])), { code: 'not-utf8', path: '', line: 1, col: 1, message: 'UTF-16' });
  });
  it(`more than ${MAX_ENVIRONMENT_BYTES} bytes`, async () => {
    const result = await validate(fileWith(`${PILOT}${'# padding\n'.repeat(MAX_ENVIRONMENT_BYTES / 10 + 1)}`));
    expect(result.code).toBe(2);
    expect(result.json.problems[0]).toMatchObject({ code: 'file-too-large' });
  });
  it.each(['/dev/zero', '/dev/urandom', '/dev/null'])('%s is not read', async (device) => {
    const result = await validate(device);
    expect(result.code).toBe(2);
    expect(result.json.problems[0]).toMatchObject({ code: 'not-a-file', message: 'this is not a regular file (a device, a pipe or a socket)' });
  });
  it('a FIFO is not opened (opening one blocks until a writer comes)', async () => {
    const fifo = join(DIR, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const result = await validate(fifo);
    expect(result.json.problems[0]).toMatchObject({ code: 'not-a-file' });
  });
  it('a symbolic link loop', async () => {
    const a = join(DIR, 'loop-a.yaml');
    symlinkSync(join(DIR, 'loop-b.yaml'), a);
    symlinkSync(a, join(DIR, 'loop-b.yaml'));
    const result = await validate(a);
    expect(result.json.problems[0]).toMatchObject({ code: 'symlink-loop', message: 'this is a symbolic link that points back at itself (a loop)' });
  });
  it('a link to /dev/zero', async () => {
    const link = join(DIR, 'zero.yaml');
    symlinkSync('/dev/zero', link);
    expect((await validate(link)).json.problems[0]).toMatchObject({ code: 'not-a-file' });
  });
  it('a folder', async () => {
    const folder = join(DIR, 'folder.yaml');
    mkdirSync(folder);
    expect((await validate(folder)).json.problems[0]).toMatchObject({ code: 'not-a-file', message: 'this is a folder, not an environment file' });
  });
});

describe('how much is reported', () => {
  it(`20,000 unknown keys: ${MAX_PROBLEMS} problems, the last counting the rest`, async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${String(i).padStart(5, '0')}: 1`).join('\n');
    const result = await validate(fileWith(`${PILOT.trimEnd()}\n${keys}\n`));
    expect(result.json.problems).toHaveLength(MAX_PROBLEMS);
    expect(result.json.problems.at(-1)).toMatchObject({ code: 'too-many-problems', message: `and ${20_000 - (MAX_PROBLEMS - 1)} more problems, not listed` });
    expect(result.err.split('\n').length).toBeLessThan(MAX_PROBLEMS + 5);
  });
});

describe('documents and keys YAML allows but an environment does not', () => {
  it('"..." then more content: pointed at the end marker', async () => {
    await expectRefused(fileWith(`${PILOT.trimEnd()}\n...\nname: other\n`), { code: 'several-documents', path: '', line: SMTP_LINE - 1, col: 1, message: 'the YAML document ends here (...)' });
  });
  it('a complex key: pointed at its "?"', async () => {
    await expectRefused(fileWith(`${PILOT.trimEnd()}\n? [a, b]\n: c\n`), { code: 'yaml-syntax', path: '', line: SMTP_LINE - 1, col: 1, message: 'a complex mapping key' });
  });
  it('neither users nor profile: an error, not a silent 1,000', async () => {
    await expectRefused(fileWith(withLine(10, '# no profile').replace('users: 1000\n', '# no users\n')), { code: 'missing-field', path: 'users', line: 1, col: 1, message: 'neither "users" nor "profile" is set' });
  });
  it.each([
    ['a list', '- apiVersion: socle/v1\n', 'the file holds a list'],
    ['a scalar', 'socle\n', 'the file holds a single value'],
    ['a number', '42\n', 'the file holds a single value'],
  ])('a file holding %s is reported at 1:1', async (_, content, message) => {
    await expectRefused(fileWith(content), { code: 'not-a-mapping', path: '', line: 1, col: 1, message });
  });
});
