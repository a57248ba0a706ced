/** Colours only on a terminal, and never with NO_COLOR (https://no-color.org). */
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo } from './capture-io.js';

const ESC = '\u001b[';
const BAD = 'test/environments/malformed/users-too-few.yaml';

describe('colours', () => {
  it('colours the verdict on a terminal', async () => {
    const io = captureIo({ tty: true });
    expect(await main(['validate'], io)).toBe(0);
    expect(io.out()).toContain(`${ESC}32mvalid${ESC}39m`);
  });

  it('prints no escape codes when stdout is not a terminal', async () => {
    const io = captureIo({ tty: false });
    expect(await main(['validate'], io)).toBe(0);
    expect(io.out()).not.toContain(ESC);
    expect(io.out()).toMatch(/^valid {2}/);
  });

  it('prints no escape codes on a terminal when NO_COLOR is set', async () => {
    const io = captureIo({ tty: true, env: { NO_COLOR: '1' } });
    expect(await main(['validate'], io)).toBe(0);
    expect(io.out()).not.toContain(ESC);
  });

  it('ignores an empty NO_COLOR, as no-color.org says', async () => {
    const io = captureIo({ tty: true, env: { NO_COLOR: '' } });
    expect(await main(['validate'], io)).toBe(0);
    expect(io.out()).toContain(ESC);
  });

  it('colours problems on a terminal stderr, and not otherwise', async () => {
    const tty = captureIo({ tty: true });
    expect(await main(['validate', BAD], tty)).toBe(2);
    expect(tty.err()).toContain(`${ESC}31m1 problem in the environment`);
    const noColor = captureIo({ tty: true, env: { NO_COLOR: 'yes' } });
    expect(await main(['validate', BAD], noColor)).toBe(2);
    expect(noColor.err()).not.toContain(ESC);
    const pipe = captureIo({ tty: false });
    expect(await main(['validate', BAD], pipe)).toBe(2);
    expect(pipe.err()).not.toContain(ESC);
  });

  it.each(['size', 'cost'])('%s: no escape codes in piped output', async (command) => {
    const io = captureIo({ tty: false });
    await main([command], io);
    expect(io.out() + io.err()).not.toContain(ESC);
  });

  it.each(['size', 'cost', 'validate'])('%s --format json: no escape codes even on a terminal', async (command) => {
    const io = captureIo({ tty: true });
    await main([command, '--format', 'json'], io);
    expect(io.out()).not.toContain(ESC);
    expect(() => JSON.parse(io.out())).not.toThrow();
  });
});
