/**
 * The videobridge's preStop script (charts/apps/jitsi/jitsi-videobridge-drain.sh), run under sh against a
 * stand-in bridge: `curl`, `sleep` and `date` on PATH answer as jitsi-videobridge
 * (stable/jitsi-meet_10431) would, on a simulated clock. Graceful shutdown (ShutdownManager.kt):
 * new conferences refused, the bridge exits `shutting-down-delay` (60 s, reference.conf) after its
 * last participant leaves; a non-graceful request exits it 60 s later, jicofo moving participants.
 * The endpoint exists only when the rendered environment enables it: jvb.conf L1/L84 and L23/L89
 * (`| default "false" | toBool`) and rest/RestConfig.kt (shutdown needs the COLIBRI API too).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JVB_DRAIN_SCRIPT, JVB_DRAIN_SECONDS, JVB_TERMINATION_GRACE_SECONDS } from '../../../charts/apps/jitsi/jitsi-videobridge.js';
import { configData, containers, envOf, find, loadExample, podSpec, render } from '../examples.js';

const SHUTTING_DOWN_DELAY = 60;
/** Go's strconv.ParseBool, which tpl's toBool uses. */
const toBool = (v: string | undefined) => ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v ?? 'false');

const r = render(loadExample('metropole-9000'));
const jvb = find(r.objects, 'Deployment', 'jitsi-videobridge');
const env = envOf(jvb, 'jvb');
const shutdownApi = (e: Map<string, any>) => toBool(e.get('COLIBRI_REST_ENABLED')) && toBool(e.get('SHUTDOWN_REST_ENABLED'));

/** Runs the preStop command with a bridge whose meetings end at `meetingsEnd` (simulated seconds). */
function drain(meetingsEnd: number, apiEnabled: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'socle-jvb-drain-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const state = join(dir, 'state');
  writeFileSync(state, 'clock=0\nexit_at=\n');
  const log = join(dir, 'calls.log');
  const tool = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n. ${state}\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const save = `printf 'clock=%s\\nexit_at=%s\\n' "$clock" "$exit_at" > ${state}`;
  tool('date', 'echo "$clock"');
  tool('sleep', `clock=$((clock + $1)); ${save}`);
  tool(
    'curl',
    `url=""; body=""; while [ $# -gt 0 ]; do case "$1" in -d) body="$2"; shift;; -o|-w|-H) shift;; -*) ;; *) url="$1";; esac; shift; done
running() { [ -z "$exit_at" ] || [ "$clock" -lt "$exit_at" ]; }
running || exit 7
case "$url" in
  */colibri/shutdown)
    echo "$clock shutdown $body" >> ${log}
    ${apiEnabled ? '' : 'printf 404; exit 0'}
    case "$body" in
      *true*) end=${meetingsEnd}; [ "$end" -gt "$clock" ] || end=$clock; exit_at=$((end + ${SHUTTING_DOWN_DELAY}));;
      *) exit_at=$((clock + ${SHUTTING_DOWN_DELAY}));;
    esac
    ${save}; printf 200;;
  */about/health) printf 200;;
  *) exit 22;;
esac`,
  );
  const script = join(dir, 'drain.sh');
  writeFileSync(script, JVB_DRAIN_SCRIPT);
  const command = containers(jvb).find((c) => c.name === 'jvb')!.lifecycle.preStop.exec.command as string[];
  const args = command.slice(1).map((a) => (a.endsWith('/drain.sh') ? script : a));
  const run = spawnSync(command[0]!, args, { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });
  const final = Object.fromEntries(readFileSync(state, 'utf8').trim().split('\n').map((l) => l.split('=')));
  const calls = (() => { try { return readFileSync(log, 'utf8').trim().split('\n'); } catch { return []; } })();
  return { status: run.status, stderr: run.stderr, clock: Number(final.clock), exitAt: final.exit_at === '' ? undefined : Number(final.exit_at), calls };
}

describe('videobridge preStop', () => {
  it('is the shipped script, mounted outside /config', () => {
    expect(configData(r.objects, 'jitsi-videobridge', 'drain.sh')).toBe(JVB_DRAIN_SCRIPT);
    const mount = containers(jvb).find((c) => c.name === 'jvb')!.volumeMounts.find((m: any) => m.name === 'socle');
    expect(mount.mountPath.startsWith('/config')).toBe(false);
  });

  it('enables the graceful-shutdown endpoint the script calls', () => {
    expect(shutdownApi(env)).toBe(true);
  });

  it('lets meetings that end within the drain finish on the bridge, then returns once it has exited', () => {
    const d = drain(1800, shutdownApi(env));
    expect(d.status).toBe(0);
    expect(d.calls).toEqual(['0 shutdown {"graceful-shutdown": true}']);
    expect(d.exitAt).toBe(1800 + SHUTTING_DOWN_DELAY);
    expect(d.clock).toBeGreaterThanOrEqual(d.exitAt!);
    expect(d.clock).toBeLessThan(JVB_TERMINATION_GRACE_SECONDS);
  });

  it('has jicofo move the meetings that outlast the drain, before the kubelet would kill the bridge', () => {
    const d = drain(5 * 3600, shutdownApi(env));
    expect(d.status).toBe(0);
    expect(d.calls).toEqual(['0 shutdown {"graceful-shutdown": true}', `${JVB_DRAIN_SECONDS} shutdown {"graceful-shutdown": false}`]);
    expect(d.clock).toBeGreaterThanOrEqual(d.exitAt!);
    expect(d.clock).toBeLessThan(JVB_TERMINATION_GRACE_SECONDS);
    expect(podSpec(jvb).terminationGracePeriodSeconds).toBe(JVB_TERMINATION_GRACE_SECONDS);
  });

  it('says why when the bridge refuses (endpoint off: the image default)', () => {
    const d = drain(1800, shutdownApi(new Map()));
    expect(d.status).toBe(1);
    expect(d.stderr).toContain('SHUTDOWN_REST_ENABLED');
  });
});
