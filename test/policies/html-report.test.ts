/**
 * The HTML report in the browser it is written for: Debian's headless Chromium opens the page from
 * a file and records every request the page makes (DevTools protocol, chromium-page.ts). The page
 * must make none — a page with one image URL proves the recording sees requests — and its
 * screenshot must show the data map's nodes (a box per place, the US relay's in red).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo } from '../cli/capture-io.js';
import { CHROMIUM, visit } from './chromium-page.js';
import { decodePng } from './png.js';
import { fixtureRepository, US_RELAY, US_SMTP } from './us-smtp-fixture.js';

const present = existsSync(CHROMIUM);
const work = mkdtempSync(join(tmpdir(), 'socle-html-'));
const repo = fixtureRepository();
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
});

async function html(...args: string[]): Promise<string> {
  const io = captureIo({ cwd: repo });
  await main(['check', US_SMTP, '--format', 'html', ...args], io);
  expect(io.err()).toBe('');
  return io.out();
}

describe.skipIf(!present)(`HTML report in headless Chromium (${CHROMIUM})`, () => {
  it('the recording sees a request when a page makes one (so the check below can fail)', async () => {
    const probe = join(work, 'probe.html');
    writeFileSync(probe, '<!doctype html><img src="http://socle-probe.invalid/pixel.png">');
    const { requests } = await visit(pathToFileURL(probe).href, join(work, 'profile-probe'));
    expect(requests).toEqual([pathToFileURL(probe).href, 'http://socle-probe.invalid/pixel.png']);
  }, 120_000);

  it('makes no request but for its own file, and its screenshot shows the map: a box per place, the US relay in red', async () => {
    const page = join(work, 'report.html');
    const text = await html();
    writeFileSync(page, text);
    const { requests, png: shot } = await visit(pathToFileURL(page).href, join(work, 'profile'));
    expect(requests).toEqual([pathToFileURL(page).href]);

    const places = (text.match(/<g class="node place/g) ?? []).length;
    expect(places).toBe((text.split('<table class="places">')[1]!.split('</table>')[0]!.match(/<tr( class="[a-z]+")?><td>/g) ?? []).length);
    expect(text).toMatch(new RegExp(`<g class="node place outside"[^>]*>\\n<rect[^>]*/>\\n<text[^>]*>${US_RELAY.replace(/\./g, '\\.')}</text>`));

    // The screenshot: the place boxes (green fill) and the outside one (red border) are painted.
    const png = decodePng(shot);
    const count = (r: number, g: number, b: number) => {
      let n = 0;
      for (let y = 0; y < png.height; y++)
        for (let x = 0; x < png.width; x++) {
          const [pr, pg, pb] = png.rgb(x, y);
          if (Math.abs(pr - r) < 4 && Math.abs(pg - g) < 4 && Math.abs(pb - b) < 4) n++;
        }
      return n;
    };
    expect(count(0xee, 0xf6, 0xee), 'place boxes').toBeGreaterThan((places - 1) * 5000);
    expect(count(0xc9, 0x19, 0x1e), 'the outside place’s red border').toBeGreaterThan(500);
  }, 180_000);

  it('is one file: no external reference of any kind, and a policy that forbids fetching', async () => {
    const text = await html('--lang', 'fr');
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain('<h2>Où vont les données</h2>');
    expect(text).toContain('Relais de courriel, fournisseurs d’identité et de DNS, avatars et ressources web sont dans la juridiction');
    expect(text).toContain(`default-src 'none'`);
    expect(text).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(text).not.toMatch(/\b(src|srcset)=|url\(|@import/i);
  });
});

describe.skipIf(present)('HTML report in headless Chromium', () => {
  it(`skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`, () => {
    expect(present).toBe(false);
  });
});
