/**
 * Debian's headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
 * JSON messages separated by NUL, commands on fd 3, replies and events on fd 4 — chromium
 * content/browser/devtools/devtools_pipe_handler.cc): open a page, record every request the page
 * itself makes (Network.requestWillBeSent), take a screenshot (Page.captureScreenshot), close.
 */
import { execa } from 'execa';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = '/usr/bin/chromium';

export interface PageVisit {
  /** URLs the page requested, its own document first. */
  requests: string[];
  png: Buffer;
}

export async function visit(url: string, profile: string, size = { width: 1200, height: 3200 }): Promise<PageVisit> {
  const browser = execa(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--no-first-run', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    env: { HOME: profile },
    timeout: 90_000,
    reject: false,
  });
  const commands = browser.stdio[3] as unknown as Writable;
  const replies = browser.stdio[4] as unknown as Readable;
  let buffer = '';
  let next = 0;
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  const listeners: ((message: { method?: string; params?: Record<string, unknown>; sessionId?: string }) => void)[] = [];
  replies.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? message);
      else for (const listen of listeners) listen(message);
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((done) => {
      const id = ++next;
      waiting.set(id, done);
      commands.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  try {
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const requests: string[] = [];
    let loaded!: () => void;
    const load = new Promise<void>((done) => (loaded = done));
    listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === 'Network.requestWillBeSent') requests.push(String((m.params!['request'] as { url: string }).url));
      if (m.method === 'Page.loadEventFired') loaded();
    });
    await send('Network.enable', {}, sessionId);
    await send('Page.enable', {}, sessionId);
    await send('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: 1, mobile: false }, sessionId);
    await send('Page.navigate', { url }, sessionId);
    await load;
    const { data } = (await send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
    return { requests, png: Buffer.from(data, 'base64') };
  } finally {
    commands.write(`${JSON.stringify({ id: ++next, method: 'Browser.close' })}\0`);
    await browser;
  }
}
