/** The live progress line: step, elapsed time, the tool's last line, fitted to the terminal. */
import { describe, expect, it } from 'vitest';
import { elapsed, TtyProgress } from '../../scripts/operate/progress/progress-tty.js';

const time = '2026-11-23T00:00:00.000Z';

describe('TtyProgress', () => {
  it('redraws the running step with its elapsed time and the last line the tool printed', () => {
    let out = '';
    let now = 0;
    const progress = new TtyProgress({ write: (s: string) => (out += s), columns: 60 }, () => now);
    progress.emit({ type: 'step-start', step: 'plan:data', title: 'plan stack data', index: 6, total: 11, time });
    now = 75_000;
    progress.emit({ type: 'step-output', step: 'plan:data', stream: 'stdout', line: 'openstack_objectstorage_container_v1.nextcloud_data: Refreshing state... [id=x]', time });
    const line = out.split('\r\u001b[2K').at(-1)!;
    expect(line.startsWith('⏵ [6/11] plan stack data  1:15  openstack_objectstorage_co')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(60);
    expect(line.endsWith('…')).toBe(true);
    progress.emit({ type: 'step-done', step: 'plan:data', title: 'plan stack data', seconds: 75, note: '2 to add', time });
    expect(out.endsWith('\r\u001b[2K✓ plan stack data (75s) — 2 to add\n')).toBe(true);
    progress.close();
  });

  it('formats elapsed time as minutes and seconds', () => {
    expect([elapsed(0), elapsed(59_999), elapsed(61_000), elapsed(3_600_000)]).toEqual(['0:00', '0:59', '1:01', '60:00']);
  });
});
