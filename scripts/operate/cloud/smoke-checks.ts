/**
 * After a deploy: does it work? Each enabled app's HTTPS endpoint must answer its health URL,
 * TURN over TLS must complete a TLS handshake with a valid certificate for its name (the edge
 * routes it by SNI to coturn, which speaks TURN, not HTTP), and every videobridge the sizing plan
 * asks for must be Ready (its readiness probe is the bridge's own `/about/health`). Checks are
 * retried until a deadline, since certificates and DNS settle in the first minutes.
 */
import { appHosts, type Environment } from '../../../environments/environment.js';
import { TURNS_PORT } from '../../../charts/apps/jitsi/jitsi-config.js';
import { NAMESPACES } from '../../../charts/platform/namespaces.js';
import { kubectl } from '../tools/kubectl-commands.js';
import type { OperateContext, ProbeResult } from '../flows/operate-context.js';

export interface SmokeResult {
  check: string;
  ok: boolean;
  detail: string;
}

interface HttpCheck {
  check: string;
  url: string;
  /** Whether the body says healthy (status 200 is always required). */
  healthy(body: string): boolean;
}

const json = (body: string): Record<string, unknown> => {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** The health URL of each enabled app, as each project documents it. */
function httpChecks(environment: Environment): HttpCheck[] {
  const hosts = appHosts(environment);
  const apps = environment.apps;
  const checks: HttpCheck[] = [];
  // Nextcloud: status.php reports installed and not in maintenance (admin manual, "status.php").
  if (apps.nextcloud.enabled) checks.push({ check: 'Nextcloud', url: `https://${hosts.nextcloud}/status.php`, healthy: (b) => json(b)['installed'] === true && json(b)['maintenance'] === false });
  // ONLYOFFICE Docs: /healthcheck answers `true` when the document server works.
  if (apps.onlyoffice.enabled) checks.push({ check: 'ONLYOFFICE Docs', url: `https://${hosts.onlyoffice}/healthcheck`, healthy: (b) => b.trim() === 'true' });
  // Rocket.Chat: /api/info is public and answers {"success": true} once the server is up.
  if (apps.rocketchat.enabled) checks.push({ check: 'Rocket.Chat', url: `https://${hosts.rocketchat}/api/info`, healthy: (b) => json(b)['success'] === true });
  if (apps.wekan.enabled) checks.push({ check: 'Wekan', url: `https://${hosts.wekan}/`, healthy: () => true });
  if (apps.jitsi.enabled) checks.push({ check: 'Jitsi Meet (web)', url: `https://${hosts.jitsi}/`, healthy: () => true });
  return checks;
}

function judge(check: HttpCheck, answer: ProbeResult): SmokeResult {
  if ('error' in answer) return { check: check.check, ok: false, detail: `${check.url}: no answer (${answer.error})` };
  if (answer.status !== 200) return { check: check.check, ok: false, detail: `${check.url}: HTTP ${answer.status}` };
  if (!check.healthy(answer.body)) return { check: check.check, ok: false, detail: `${check.url}: HTTP 200 but not healthy (${answer.body.trim().slice(0, 80)})` };
  return { check: check.check, ok: true, detail: `${check.url}: HTTP 200` };
}

interface PodList {
  items?: { metadata?: { name?: string; labels?: Record<string, string> }; status?: { conditions?: { type?: string; status?: string }[] } }[];
}

/** Videobridge pods (every shard) and how many are Ready. */
function videobridgeResult(podsJson: string, expected: number): SmokeResult {
  const pods = ((JSON.parse(podsJson) as PodList).items ?? []).filter((p) => (p.metadata?.labels?.['app.kubernetes.io/component'] ?? '').startsWith('jitsi-videobridge'));
  const ready = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  const notReady = pods.filter((p) => !ready.includes(p)).map((p) => p.metadata?.name ?? '?');
  const ok = ready.length >= Math.max(1, expected);
  const detail = `${ready.length}/${expected} videobridges ready${notReady.length > 0 ? ` (not ready: ${notReady.join(', ')})` : ''}`;
  return { check: 'Jitsi videobridges', ok, detail };
}

export interface SmokeOptions {
  kubeconfig: string;
  /** Videobridges the sizing plan asks for. */
  expectedBridges: number;
  /** Keep retrying failing checks until then (epoch ms). */
  deadline: number;
  retryEveryMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export async function runSmokeChecks(ctx: OperateContext, step: string, options: SmokeOptions): Promise<SmokeResult[]> {
  const checks = httpChecks(ctx.environment);
  for (;;) {
    const results: SmokeResult[] = [];
    for (const check of checks) results.push(judge(check, await ctx.deps.probe(check.url, 10_000)));
    if (ctx.environment.apps.jitsi.enabled) {
      const turns = appHosts(ctx.environment).turns;
      const where = `${turns}:${TURNS_PORT}`;
      const handshake = await ctx.deps.tlsHandshake(turns, TURNS_PORT, 10_000);
      results.push('error' in handshake ? { check: 'TURN over TLS', ok: false, detail: `${where}: no TLS handshake (${handshake.error})` } : { check: 'TURN over TLS', ok: true, detail: `${where}: certificate valid until ${handshake.validTo}` });
      const pods = await kubectl(ctx, step, options.kubeconfig, ['get', 'pods', '--namespace', NAMESPACES.jitsiMedia, '--selector', 'app.kubernetes.io/name=jitsi', '--output', 'json'], true);
      results.push(videobridgeResult(pods.stdout, options.expectedBridges));
    }
    if (results.every((r) => r.ok) || options.now() >= options.deadline) return results;
    const failing = results.filter((r) => !r.ok).map((r) => r.check);
    ctx.bus.emit({ type: 'step-output', step, stream: 'stdout', line: `waiting for: ${failing.join(', ')}` });
    await options.sleep(options.retryEveryMs);
  }
}
