/**
 * jicofo's probes against what its REST server answers (a port of jicofo at stable/jitsi-meet_10431):
 * /about/health runs JicofoHealthChecker.check(), which fails hard while no videobridge is
 * operational (JicofoHealthChecker.kt L80-86) and answers 500 for a hard failure (ktor/Application.kt
 * L136-142); /about/version always answers (L132). A liveness probe that fails restarts jicofo,
 * ending every conference of its shard; a readiness probe only takes it out of rollouts.
 */
import { describe, expect, it } from 'vitest';
import { containers, find, loadExample, render } from '../examples.js';

interface JicofoState {
  operationalBridges: number;
  prosodyAnswers: boolean;
}

/** The HTTP status jicofo's REST server gives `path` in `state`. */
function jicofoAnswer(path: string, state: JicofoState): number {
  if (path === '/about/version') return 200;
  if (path === '/about/health') {
    if (state.operationalBridges <= 0) return 500; // hard failure: "No operational bridges available"
    if (!state.prosodyAnswers) return 500; // the test conference can't start (hard), or the XMPP ping times out (503)
    return 200;
  }
  return 404;
}

const ok = (status: number) => status >= 200 && status < 400; // kubelet httpGet probe success

describe.each(['pilot', 'metropole-9000'])('jicofo probes, example %s', (name) => {
  const r = render(loadExample(name));
  const jicofo = containers(find(r.objects, 'Deployment', 'jitsi-jicofo-0')).find((c) => c.name === 'jicofo')!;

  it('keeps jicofo (and its conferences) alive while no videobridge is up', () => {
    expect(ok(jicofoAnswer(jicofo.livenessProbe.httpGet.path, { operationalBridges: 0, prosodyAnswers: true }))).toBe(true);
  });

  it('is not ready while it could not place a conference', () => {
    expect(ok(jicofoAnswer(jicofo.readinessProbe.httpGet.path, { operationalBridges: 0, prosodyAnswers: true }))).toBe(false);
    expect(ok(jicofoAnswer(jicofo.readinessProbe.httpGet.path, { operationalBridges: 2, prosodyAnswers: false }))).toBe(false);
    expect(ok(jicofoAnswer(jicofo.readinessProbe.httpGet.path, { operationalBridges: 2, prosodyAnswers: true }))).toBe(true);
  });

  it('never runs two jicofos or two prosodies of a shard at once (Recreate)', () => {
    for (const role of ['jicofo', 'prosody']) expect((find(r.objects, 'Deployment', `jitsi-${role}-0`).spec as any).strategy).toEqual({ type: 'Recreate' });
  });
});
